"""What a chart says, in each language: year labels, units, qualifiers, category labels.

A chart's text is computed by Vega expressions, not in Python, because the live chart
reads the published CSV by URL: the rows are not known when the spec is written. Each
function here returns an expression string; the same expression runs in vl-convert at
build time and in the reader's browser, so the static image and the live chart say
exactly the same thing. Python twins (``year_label``, ...) serve the few labels that are
known at build time (annotations, rules).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from sitegen.core.i18n import Strings, text
from sitegen.model.era import ERA_OFFSETS
from sitegen.model.fields import is_time

MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
#: Numbers from a million up read compactly (4,034万 / 40.34 million); below, in full.
COMPACT_FROM = 1_000_000


def js(value: Any) -> str:
    """A JSON (and so Vega expression) literal; escapes quotes and non-ASCII safely."""
    return json.dumps(value, ensure_ascii=False)


def datum(field: str) -> str:
    return f"datum[{js(field)}]"


def mapping_expr(source: str, mapping: Mapping[str, Any], default: str | None = None) -> str:
    """``source`` mapped through ``mapping`` (raw value -> label, or a list of lines);
    unmapped values pass as ``default`` (an expression) or as themselves."""
    expr = default if default is not None else source
    for raw, label in reversed(list(mapping.items())):
        expr = f"({source} === {js(raw)} ? {js(label)} : {expr})"
    return expr


def category_labels(field: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {str(c.get("value")): text(c, "label", lang, str(c.get("value"))) for c in field.get("categories") or []}


def year_template(field: Mapping[str, Any], strings: Strings, lang: str) -> str:
    key = "year_fiscal" if field.get("time_kind") == "fiscal" else "year_calendar"
    return strings.get(key, lang)


def year_label(value: Any, field: Mapping[str, Any], strings: Strings, lang: str) -> str:
    """Python twin of ``label_expr`` for a year: 2023 -> 2023年度 / FY2023."""
    return year_template(field, strings, lang).replace("{year}", str(value))


def year_expr(source: str, field: Mapping[str, Any], strings: Strings, lang: str) -> str:
    before, _, after = year_template(field, strings, lang).partition("{year}")
    return f"{js(before)} + {source} + {js(after)}"


def era_expr(source: str, fiscal: bool) -> str:
    """The Japanese era year of a Gregorian year, as a Vega expression: 2023 -> 令和5年度,
    2019 -> 令和元年度 (an era's first year reads 元, as ``model.era.to_era_label`` has it)."""
    suffix = js("年度" if fiscal else "年")
    expr = "''"
    for era, offset in sorted(ERA_OFFSETS.items(), key=lambda item: item[1]):  # the newest era is tested first
        number = f"({source} - {offset} === 1 ? '元' : '' + ({source} - {offset}))"
        expr = f"({source} > {offset} ? {js(era)} + {number} + {suffix} : {expr})"
    return expr


def year_readout_expr(source: str, field: Mapping[str, Any], strings: Strings, lang: str) -> str:
    """A year as the chart's readout names it: the Gregorian label, and in Japanese the
    era year beside it, as Japanese documents write it: 2023年度（令和5年度） / FY2023."""
    label = year_expr(source, field, strings, lang)
    if lang != "ja":
        return label
    return f"{label} + '（' + {era_expr(source, field.get('time_kind') == 'fiscal')} + '）'"


def yearmonth_expr(source: str, lang: str) -> str:
    """``2018-03`` -> 2018年3月 / Mar 2018, by string slicing: no time zones involved."""
    month = f"toNumber(slice({source}, 5, 7))"
    if lang == "ja":
        return f"slice({source}, 0, 4) + '年' + {month} + '月'"
    return f"{js(MONTHS_EN)}[{month} - 1] + ' ' + slice({source}, 0, 4)"


def date_expr(source: str, lang: str) -> str:
    """``2019-03-31`` -> 2019年3月31日 / 31 Mar 2019."""
    day = f"toNumber(slice({source}, 8, 10))"
    if lang == "ja":
        return f"{yearmonth_expr(source, lang)} + {day} + '日'"
    return f"{day} + ' ' + {yearmonth_expr(source, lang)}"


def label_expr(field: Mapping[str, Any], strings: Strings, lang: str, source: str | None = None) -> str:
    """The reader's label of a field's value: a category label, a year, a month, or the
    value itself. Missing values read ``—`` (``chart_missing``)."""
    src = source or datum(str(field["name"]))
    kind = field.get("type")
    if field.get("categories"):
        value = mapping_expr(src, category_labels(field, lang), default=f"'' + {src}")
    elif kind == "yearmonth":
        value = yearmonth_expr(src, lang)
    elif kind == "date":
        value = date_expr(src, lang)
    elif is_time(field) and kind in ("integer", "year", "number"):
        value = year_expr(src, field, strings, lang)
    elif is_time(field):  # free-form periods: ISO months read as months, the rest as given
        value = f"(test(regexp('^[0-9]{{4}}-[0-9]{{2}}$'), '' + {src}) ? {yearmonth_expr(src, lang)} : '' + {src})"
    elif kind in ("integer", "number"):
        value = number_expr(src, field, lang)
    else:
        value = f"'' + {src}"
    return f"({present(src)} ? {value} : {js(strings.get('chart_missing', lang))})"


def present(source: str) -> str:
    """Whether a value is there: CSV parsing turns an empty text cell into ''."""
    return f"(isValid({source}) && {source} !== '')"


def order_expr(field: Mapping[str, Any], source: str | None = None) -> str:
    """A number that sorts a field's values the way a reader expects: declared category
    order, time order, or the value."""
    src = source or datum(str(field["name"]))
    values = [str(c.get("value")) for c in field.get("categories") or []]
    if values:
        return f"indexof({js(values)}, '' + {src})"
    if field.get("type") in ("yearmonth", "date"):
        return f"toNumber(replace(replace({src}, '-', ''), '-', ''))"
    if field.get("type") in ("integer", "number", "year"):
        return f"toNumber({src})"
    return "0"


def number_format(field: Mapping[str, Any] | None) -> str:
    """d3-format specifier: thousands separators, the field's decimals, no trailing zeros."""
    decimals = (field or {}).get("decimals")
    return f",.{int(decimals)}f" if decimals is not None else ",~f"


def number_expr(source: str, field: Mapping[str, Any] | None, lang: str, compact: bool = False) -> str:
    """A number as the reader writes it: 1,234 / 85.2; with ``compact``, 3,770,000 reads
    377万 in Japanese and 3.77 million in English."""
    full = f"format({source}, {js(number_format(field))})"
    if not compact:
        return full
    if lang == "ja":
        return (
            f"(abs({source}) >= 1e8 ? format({source} / 1e8, ',.4~r') + '億' : "
            f"abs({source}) >= {COMPACT_FROM} ? format({source} / 1e4, ',.4~r') + '万' : {full})"
        )
    return (
        f"(abs({source}) >= 1e9 ? format({source} / 1e9, ',.4~r') + ' billion' : "
        f"abs({source}) >= {COMPACT_FROM} ? format({source} / 1e6, ',.4~r') + ' million' : {full})"
    )


def template_expr(template: str, number: str) -> str:
    """Put the expression ``number`` into a ``{v}`` template."""
    before, _, after = template.partition("{v}")
    parts = [p for p in (js(before) if before else "", number, js(after) if after else "") if p]
    return " + ".join(parts)


def dynamic_unit_expr(number: str, unit_source: str, lang: str) -> str:
    """A number with a unit that comes from the data (a ``value_unit`` column's label)."""
    return f"{number} + {js('' if lang == 'ja' else ' ')} + {unit_source}"


def qualified_expr(number_text: str, qualifier_source: str | None, lang: str, strings: Strings) -> str:
    """Wrap a number's text in its qualifier: 約1,000人 / about 1,000 people (the
    ``qualifier:<code>`` entries of strings.yml, as ``format.cells.qualified`` reads them)."""
    if not qualifier_source:
        return number_text
    expr = number_text
    for key in reversed(list(strings.prefixed("qualifier:"))):
        words = strings.get(f"qualifier:{key}", lang)
        expr = f"({qualifier_source} === {js(key)} ? {template_expr(words, number_text)} : {expr})"
    return expr


def wrap(line: str, limit: int) -> list[str]:
    """Break a title into lines of at most ``limit`` characters: at spaces in English,
    anywhere sensible in Japanese (after punctuation when it can)."""
    if len(line) <= limit:
        return [line]
    lines: list[str] = []
    rest = line
    while len(rest) > limit:
        cut = _break_at(rest, limit)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        lines.append(rest)
    return lines


#: Japanese punctuation a line may not start with (kinsoku): it stays on the line before.
_NO_LINE_START = "、。，．・）」』〕〜：！？ー"


def _break_at(line: str, limit: int) -> int:
    window = line[: limit + 1]
    if " " in window:
        return window.rindex(" ") + 1 if window.rindex(" ") > limit // 2 else limit
    # After a closing mark or before an opening bracket, the later the better.
    for match in reversed(list(re.finditer(r"[、。，・）」』〜：]|(?=[（「『])", window[:limit]))):
        if match.end() > limit // 2:
            return match.end()
    cut = limit
    while cut < len(line) and line[cut] in _NO_LINE_START:
        cut += 1
    return cut


def lines_for(value: str, lang: str, narrow: bool = False) -> list[str]:
    """A heading wrapped for a chart about 340 px wide (a phone) or 720 px."""
    limit = (20 if narrow else 40) if lang == "ja" else (40 if narrow else 80)
    return wrap(value, limit)


def capitalise(value: str) -> str:
    return value[:1].upper() + value[1:]


def label_lines(
    labels: Sequence[str], lang: str, width_px: int, font_px: int = 12, max_lines: int = 3
) -> dict[str, list[str]]:
    """Labels wrapped to fit ``width_px``, for ``labelExpr``s and text marks. A label
    longer than ``max_lines`` keeps its rest on the last line, which the mark's ``limit``
    then ends with an ellipsis (the tooltip and the data table have it in full)."""
    per_line = max(4, int(width_px / (font_px * (1.05 if lang == "ja" else 0.56))))
    result = {}
    for label in labels:
        lines = wrap(label, per_line)
        if len(lines) > max_lines:
            joiner = "" if lang == "ja" else " "
            lines = [*lines[: max_lines - 1], joiner.join(lines[max_lines - 1 :])]
        result[label] = lines
    return result
