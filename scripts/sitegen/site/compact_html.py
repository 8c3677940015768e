"""Built pages without their indentation: the same page in fewer bytes.

Material's templates indent every line, and a page repeats the sidebar's markup, so
indentation was a sixth of a dataset page's bytes, on every page of both languages. A
run of whitespace that holds a line break becomes that one line break: in HTML's normal
flow any run of whitespace renders as one space, so the page looks and reads exactly as
before. Where whitespace is kept as written (``pre``, ``code``, ``kbd``, ``textarea``)
and inside ``script`` and ``style`` (whose hashes the CSP lists), nothing is touched.
"""

from __future__ import annotations

import re

#: Elements whose content is left exactly as written.
_KEPT = re.compile(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
#: Whitespace around a line break, the break included.
_INDENT = re.compile(r"[ \t\f\r]*\n[ \t\f\r\n]*")


def compact_whitespace(html: str) -> str:
    """``html`` with every whitespace run that holds a line break reduced to ``"\\n"``,
    outside the elements in ``_KEPT``."""
    parts = []
    last = 0
    for kept in _KEPT.finditer(html):
        parts.append(_INDENT.sub("\n", html[last : kept.start()]))
        parts.append(kept.group())
        last = kept.end()
    parts.append(_INDENT.sub("\n", html[last:]))
    return "".join(parts)
