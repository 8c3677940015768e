"""``make normalize FILE=...`` (``sitegen normalize``): a CSV saved by a spreadsheet, in the
canonical form the CSV rules ask for (UTF-8 without BOM, LF line ends), or a refusal.

What it converts, the saves the CSV rules refuse (``csv_scan``) and Excel makes:

* Excel's "CSV UTF-8": a byte order mark and CRLF line ends (a lone CR, old Mac, too);
* plain "CSV" on a Japanese Windows: Shift_JIS, read as Windows' CP932 (what Excel
  writes), or EUC-JP when the bytes are EUC-JP and not CP932 text (CP932 would read
  EUC-JP kanji as half-width katakana);
* "Unicode text": UTF-16 with its BOM (its tabs stay tabs: ``make validate`` then asks
  for commas).

It never changes a character, and refuses rather than guess:

* bytes that are not a character of the encoding (not Shift_JIS, EUC-JP or UTF-16
  either): converting would lose them;
* after a conversion from Shift_JIS/EUC-JP (or from an ASCII file with CRLF line ends
  and no BOM, which plain "CSV" of a table without Japanese also is), a ``?`` where a
  character of a word stands (``FY2012?FY2024``, a cell that is only ``?``): Excel
  writes ``?`` for every character Shift_JIS cannot hold (an en dash, a rare kanji), so
  those characters are already lost; the table must be saved again as "CSV UTF-8". A
  ``?`` that ends a question (before a space, a comma, a quote or the end of a line) is
  a question mark; one in a URL's query (``?id=3``) is refused too, and the table is
  then saved as "CSV UTF-8", which keeps every character;
* a file that is not text (a workbook, a PDF; NUL bytes), not a regular file, or larger
  than a CSV may be.

A refused file is never written; a converted one is written atomically (a temporary
file beside it, flushed, then renamed over it, keeping its permissions). Each file's
outcome is one line in English and one in Japanese (``_normalize`` of ``messages.yml``):
what changed (encoding, BOM, line ends, lines), that nothing needed changing, or why it
was refused. Characters the rules refuse (～ from CP932's wave dash, ①) are kept, and
named, for ``make validate`` to say what to write.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.core.problems import section
from sitegen.validate import characters
from sitegen.validate.csv_scan import BINARY, MAX_CSV_BYTES, binary_kind, looks_utf16

_BOM = b"\xef\xbb\xbf"
_LEGACY = (("cp932", "Shift_JIS (CP932)"), ("euc_jp", "EUC-JP"))
#: A "?" that is a character lost by a legacy save: one that does not end a question,
#: i.e. that starts a cell, a line or a word, or is followed by a letter, digit or kanji.
_LOST = re.compile(r'(?:^|(?<=[,"\s]))\?|\?(?=[^\s,"\')\]）」』】。、.!?！？;:])', re.MULTILINE)
#: The places of lost characters a message lists.
_SHOWN_PLACES = 5


@dataclass
class Outcome:
    """What ``normalize`` did with one file: the changes made, or why it refused."""

    path: str
    changes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    refused: tuple[str, dict[str, Any]] | None = None
    lines: int = 0
    kept: str = ""  # characters the rules refuse, kept for `make validate` to explain

    @property
    def written(self) -> bool:
        return self.refused is None and bool(self.changes)

    def render(self) -> str:
        """The outcome in English, then in Japanese (indented), like a validation problem."""
        return "\n    ".join(self._line(lang) for lang in ("en", "ja"))

    def _line(self, lang: str) -> str:
        words = section("_normalize")
        if self.refused is not None:
            key, values = self.refused
            reason = words[f"reason_{key}"][lang].format(path=self.path, **values)
            return words["refused"][lang].format(path=self.path, reason=reason)
        if not self.changes:
            return words["unchanged"][lang].format(path=self.path)
        sep = "、" if lang == "ja" else "; "
        changes = sep.join(words[f"change_{key}"][lang].format(**values) for key, values in self.changes)
        line = words["converted"][lang].format(path=self.path, changes=changes, lines=self.lines)
        if self.kept:
            line += " " + words["kept"][lang].format(chars=self.kept)
        return line


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _utf16(data: bytes, outcome: Outcome) -> str | None:
    """UTF-16 with its BOM, or without one in the byte order its NULs give away."""
    codec = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-16-le"
    if codec != "utf-16" and data[:4096:2].count(0) > data[1:4096:2].count(0):
        codec = "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(codec, errors="replace").count("\n") + 1
        outcome.refused = ("utf16", {"bytes": data[error.start : error.start + 2].hex(" "), "line": line})
        return None
    outcome.changes.append(("encoding", {"encoding": "UTF-16"}))
    return text.removeprefix("\ufeff")


def _legacy(data: bytes, outcome: Outcome, first: int) -> str | None:
    """Shift_JIS (as CP932) or EUC-JP text, unless a character was already lost."""
    read: dict[str, str] = {}
    for codec, _ in _LEGACY:
        try:
            read[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    # EUC-JP kanji are valid CP932 bytes too, read as half-width katakana and kanji.
    kana = "cp932" in read and any(characters.halfwidth_kana(c) for c in read["cp932"])
    codec = "euc_jp" if "euc_jp" in read and (kana or "cp932" not in read) else "cp932"
    if codec not in read:
        outcome.refused = ("undecodable", {"bytes": data[first : first + 2].hex(" "), "line": _line_of(data, first)})
        return None
    encoding = dict(_LEGACY)[codec]
    outcome.changes.append(("encoding", {"encoding": encoding}))
    return _unless_lost(read[codec], encoding, outcome)


def _unless_lost(text: str, encoding: str, outcome: Outcome) -> str | None:
    """``text``, or None (and the refusal) when it has a ``?`` that stands for a lost character."""
    lost = [match.start() for match in _LOST.finditer(text)]
    if not lost:
        return text
    places = ", ".join(_place(text, offset) for offset in lost[:_SHOWN_PLACES])
    if len(lost) > _SHOWN_PLACES:
        places += f" (+{len(lost) - _SHOWN_PLACES})"
    outcome.refused = ("lost", {"encoding": encoding, "count": len(lost), "places": places})
    return None


def _decode(data: bytes, outcome: Outcome) -> str | None:
    """The text of ``data``, recording the encoding it was converted from; None (and the
    refusal) when no encoding reads every byte or a character was lost."""
    if data.startswith(_BOM):
        outcome.changes.append(("bom", {}))
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _legacy(data, outcome, error.start)
    if not outcome.changes and data.isascii() and b"\r" in data:
        # Without a BOM and without a single Japanese character, an Excel save with CRLF
        # line ends may be plain "CSV" (Shift_JIS) as well as UTF-8: its "?" may be lost ones.
        return _unless_lost(text, "ASCII", outcome)
    return text


def _place(text: str, offset: int) -> str:
    """``3:12 'FY2012?FY2024'``: the line, the character in it, and the words around."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    context = text[max(start, offset - 12) : min(offset + 13, len(text) if end < 0 else end)]
    return f"{line}:{offset - start + 1} {context.replace(chr(13), '')!r}"


def normalized(data: bytes, path: str = "") -> tuple[bytes | None, Outcome]:
    """The canonical bytes of a CSV (None when refused, or when nothing needs changing) and
    what was done. Pure: reads and writes nothing."""
    outcome = Outcome(path)
    kind = binary_kind(data)
    if kind and kind != BINARY:  # a signature: a workbook, a PDF, an image
        outcome.refused = ("binary", {"kind": kind})
        return None, outcome
    if looks_utf16(data):
        text = _utf16(data, outcome)
    elif kind:
        outcome.refused = ("binary", {"kind": kind})
        return None, outcome
    elif b"\x00" in data:
        outcome.refused = ("nul", {"line": _line_of(data, data.index(b"\x00"))})
        return None, outcome
    else:
        text = _decode(data, outcome)
    if text is None:
        return None, outcome
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    if crlf:
        outcome.changes.append(("crlf", {"count": crlf}))
    if cr:
        outcome.changes.append(("cr", {"count": cr}))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    outcome.lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    outcome.kept = " ".join(sorted(set(characters.pattern().findall(text))))
    return (text.encode("utf-8") if outcome.changes else None), outcome


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` all at once: a temporary file beside it, flushed to
    disk, given the file's permissions, then renamed over it."""
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".normalize")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def normalize_file(path: Path, shown: str) -> Outcome:
    """Convert one file in place, or refuse (and leave it as it is)."""
    if not path.exists() and not path.is_symlink():
        return Outcome(shown, refused=("missing", {}))
    if path.is_symlink() or not path.is_file():
        return Outcome(shown, refused=("not_file", {}))
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        limit = f"{MAX_CSV_BYTES // 1024 // 1024} MB"
        return Outcome(shown, refused=("too_large", {"size": f"{size / 1024 / 1024:,.1f} MB", "limit": limit}))
    data, outcome = normalized(path.read_bytes(), shown)
    if data is not None:
        _write_atomically(path, data)
    return outcome


def normalize_files(paths: list[str], root: Path) -> list[Outcome]:
    """Each file named (relative to the current directory), shown relative to ``root``."""
    outcomes = []
    for name in paths:
        path = Path(name)
        absolute = path if path.is_absolute() else Path.cwd() / path
        try:
            shown = str(absolute.resolve().relative_to(root.resolve()))
        except ValueError:
            shown = name
        outcomes.append(normalize_file(absolute, shown))
    return outcomes
