"""The machine-readability rules in words: a dataset page's panel and the coverage
page's summary, from what the download writers' checks found (``DownloadIndex``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sitegen.core.i18n import Strings
from sitegen.validate import machine_readability as mr


def rule_name(rule: mr.Rule, lang: str) -> str:
    return rule.name if lang == "ja" else rule.name_en


def kinds_words(kinds: Sequence[str], lang: str, strings: Strings) -> str:
    words = [strings.get(f"conformance_kind:{k}", lang) for k in kinds]
    return ("・" if lang == "ja" else ", ").join(words)


def panel(results: Sequence[mr.TableConformance], lang: str, strings: Strings, rules_url: str) -> dict[str, Any]:
    """A table's result per rule: passed in which files, or why the rule does not apply."""
    items = []
    for result in results:
        r = result.rule
        if result.status == "pass":
            words = strings.get("conformance_pass", lang, kinds=kinds_words(result.passed, lang, strings))
        elif result.status == "na":
            words = strings.get("conformance_na", lang, reason=r.na if lang == "ja" else r.na_en)
        else:
            words = strings.get("conformance_fail", lang)
        items.append(
            {
                "id": r.id,
                "name": rule_name(r, lang),
                "url": f"{rules_url}#{r.anchor}",
                "status": result.status,
                "words": words,
            }
        )
    passed = sum(1 for i in items if i["status"] == "pass")
    na = sum(1 for i in items if i["status"] == "na")
    summary = strings.get("conformance_summary", lang, passed=passed, na=na, total=len(items)) if items else ""
    return {"rules": items, "summary": summary}


def summary_rows(all_results: Sequence[Sequence[mr.TableConformance]], lang: str) -> list[dict[str, Any]]:
    """Per rule: its name, how it is checked, and how many tables pass it or have
    nothing it applies to."""
    rows = []
    for r in mr.rules():
        mine = [res for results in all_results for res in results if res.rule.id == r.id]
        rows.append(
            {
                "id": r.id,
                "anchor": r.anchor,
                "name": rule_name(r, lang),
                "check": r.check if lang == "ja" else r.check_en,
                "passed": sum(1 for x in mine if x.status == "pass"),
                "na": sum(1 for x in mine if x.status == "na"),
                "failed": sum(1 for x in mine if x.status == "fail"),
            }
        )
    return rows
