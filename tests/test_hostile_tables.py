"""Hostile table contents: headers, ragged and blank rows, the cells Japanese government
tables are typed with (full-width digits, 1,234, 147人, 約100, 令和5, -, …, x, ▲5,
half-width kana, ①, ㈱, ㍻), keys, constraints, broken checks, and a flood of errors.
"""

from __future__ import annotations

import pytest
import yaml

from sitegen.cli import main
from sitegen.core.paths import Layout
from sitegen.core.problems import MAX_PROBLEMS_PER_FILE

from .hostile import (
    CONSULTATIONS,
    DESCRIPTOR,
    FY1970,
    STAFF,
    VISITORS,
    errors,
    located,
    only_error,
    replace,
    rewrite,
    text,
)

ADJUSTED = f"{STAFF}:2:year_end_adjusted"


def _fy1970_adjusted(layout: Layout, cell: str) -> None:
    """Put ``cell`` in FY1970's (empty) bracketed year-end count."""
    replace(layout, STAFF, FY1970, FY1970[:-1] + cell + "\n")


# Headers --------------------------------------------------------------------------------


def test_renamed_header(repo: Layout) -> None:
    replace(repo, STAFF, "fiscal_year,", "year,")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("incorrect-label", f"{STAFF}:1:fiscal_year")
    assert "the header of column 1 is 'year', but the schema expects 'fiscal_year' there" in problem.message("en")
    assert "1 列目の見出しが「year」ですが、スキーマではここは「fiscal_year」です" in problem.message("ja")


def test_missing_column(repo: Layout) -> None:
    rewrite(repo, STAFF, lambda t: "\n".join(line.rsplit(",", 1)[0] for line in t.split("\n")).encode())
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("missing-label", f"{STAFF}:1:year_end_adjusted")
    assert "the header has no column 7 ('year_end_adjusted')" in problem.message("en")


def test_extra_column(repo: Layout) -> None:
    rewrite(repo, STAFF, lambda t: "\n".join(f"{line},x" if line else line for line in t.split("\n")).encode())
    replace(repo, STAFF, "year_end_adjusted,x", "year_end_adjusted,memo")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("extra-label", f"{STAFF}:1:memo")
    assert "column 8 ('memo') is not in the schema" in problem.message("en")


def test_duplicated_header(repo: Layout) -> None:
    replace(repo, STAFF, "year_end,year_end_adjusted\n", "year_end,year_end\n")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("duplicate-label", f"{STAFF}:1:year_end_adjusted")
    assert "the header 'year_end' appears twice" in problem.message("en")


# Rows --------------------------------------------------------------------------------------


def test_short_row(repo: Layout) -> None:
    replace(repo, STAFF, FY1970, FY1970[:-2] + "\n")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("missing-cell", ADJUSTED)
    assert "this row has too few cells: no value for year_end_adjusted (column 7)" in problem.message("en")


def test_long_row_mentions_the_thousands_separator(repo: Layout) -> None:
    replace(repo, CONSULTATIONS, "2024,令和6年度,2\n", "2024,令和6年度,1,234\n")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("extra-cell", f"{CONSULTATIONS}:2")
    assert "extra value '234' in column 4" in problem.message("en")
    assert "A number written with a thousands separator (1,234) splits into two cells" in problem.message("en")


def test_short_row_in_a_table_with_required_cells_says_it_once(repo: Layout) -> None:
    replace(repo, CONSULTATIONS, "2024,令和6年度,2\n", "2024,令和6年度\n")
    problem = only_error(repo)  # not also "consultations is required"
    assert (problem.code, problem.location()) == ("missing-cell", f"{CONSULTATIONS}:2:consultations")


def test_empty_required_cell(repo: Layout) -> None:
    replace(repo, CONSULTATIONS, "2024,令和6年度,2\n", "2024,令和6年度,\n")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("required-empty", f"{CONSULTATIONS}:2:consultations")
    assert "consultations is required, but this cell is empty" in problem.message("en")


@pytest.mark.parametrize("where", ["middle", "end"])
def test_blank_row_is_one_error_not_also_an_empty_key(repo: Layout, where: str) -> None:
    if where == "middle":
        replace(repo, STAFF, "1971,", "\n1971,")
        row = 3
    else:
        rewrite(repo, STAFF, lambda t: (t + "\n").encode())
        row = len(text(repo, STAFF).split("\n")) - 1  # the empty line before the final newline
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("blank-row", f"{STAFF}:{row}")
    assert "Delete the blank line (also at the end of the file)" in problem.message("en")


# Cells that should be numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "code", "words"),
    [
        ("abc", "type-error", "'abc' is not a whole number (digits only, e.g. 1234 or -5)."),
        ('"1,234"', "cell-thousands-separator", "Write the number without commas: 1234."),
        ("147人", "cell-unit", "'147人' has words or a unit ('人') in the cell."),
        ("約100", "cell-qualifier", "Write the number only (100) and put 'approx' in this field's qualifier column"),
        ("100以上", "cell-qualifier", "put 'at-least' in this field's qualifier column"),
        ("-", "cell-placeholder", "'-' is a placeholder, not a number. Leave the cell empty"),
        ("…", "cell-placeholder", "'…' is a placeholder, not a number."),
        ("x", "cell-placeholder", "'x' is a placeholder, not a number."),
        ("▲5", "cell-triangle-minus", "'▲5' uses ▲/△ as a minus sign. Write -5."),
        ("△１２", "cell-triangle-minus", "Write -12."),
        ("令和5", "cell-era-year", "'令和5' is a Japanese era year, but this column takes Gregorian years. Write 2023"),
    ],
)
def test_a_cell_that_is_not_a_plain_number(repo: Layout, cell: str, code: str, words: str) -> None:
    _fy1970_adjusted(repo, cell)
    problem = only_error(repo)
    assert (problem.code, problem.location()) == (code, ADJUSTED)
    assert words in problem.message("en")
    assert problem.message("ja") != problem.message("en")


@pytest.mark.parametrize(
    ("cell", "code", "words"),
    [
        (
            "１５９",
            "cell-fullwidth-digits",
            "'１５９' has full-width digits or signs. Write half-width (ASCII) digits: 159.",
        ),
        (" 159", "cell-not-plain", "' 159' is not written plainly."),
        ("+159", "cell-not-plain", "(no spaces, +, _ or exponent): 159."),
        ("1_59", "cell-not-plain", "(no spaces, +, _ or exponent): 159."),
        ("١٥٩", "cell-not-plain", "(no spaces, +, _ or exponent): 159."),  # Arabic-Indic digits
    ],
)
def test_numbers_frictionless_reads_but_the_rules_refuse(repo: Layout, cell: str, code: str, words: str) -> None:
    # Python's int() reads every one of them as 159, so frictionless accepts them.
    replace(repo, STAFF, "1970,昭和45年度,159,", f"1970,昭和45年度,{cell},")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == (code, f"{STAFF}:2:dispatched")
    assert words in problem.message("en")


@pytest.mark.parametrize(("cell", "year"), [("昭和45", 1970), ("S45", 1970), ("昭和４５年度", 1970)])
def test_era_year_in_the_year_column_is_one_error_not_also_an_empty_key(repo: Layout, cell: str, year: int) -> None:
    replace(repo, STAFF, "1970,昭和45年度", f"{cell},昭和45年度")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("cell-era-year", f"{STAFF}:2:fiscal_year")
    assert f"Write {year}" in problem.message("en")


def test_a_placeholder_declared_as_missing_value_is_accepted(repo: Layout) -> None:
    replace(
        repo,
        DESCRIPTOR,
        "      primaryKey: [fiscal_year]\n",
        "      primaryKey: [fiscal_year]\n      missingValues: ['', '-']\n",
    )
    _fy1970_adjusted(repo, "-")
    assert errors(repo) == []


# Characters the national rules forbid ---------------------------------------------------------


def test_half_width_katakana(repo: Layout) -> None:
    replace(repo, VISITORS, "カンボジア", "ｶﾝﾎﾞｼﾞｱ")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("char-halfwidth-kana", f"{VISITORS}:2:name")
    assert "Write full-width katakana: 'カンボジア'." in problem.message("en")
    assert "全角カタカナで「カンボジア」と書いてください" in problem.message("ja")


@pytest.mark.parametrize(("chars", "fixed"), [("①", "1"), ("㈱", "(株)"), ("㍻", "平成"), ("Ⅳ", "IV")])
def test_platform_dependent_characters(repo: Layout, chars: str, fixed: str) -> None:
    replace(repo, VISITORS, "カンボジア", f"カンボジア{chars}")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("char-platform-dependent", f"{VISITORS}:2:name")
    assert f"platform-dependent character(s) {chars} in 'カンボジア{chars}'" in problem.message("en")
    assert f"Write them with ordinary characters: 'カンボジア{fixed}'." in problem.message("en")
    assert "機種依存文字" in problem.message("ja")


# Keys and constraints ----------------------------------------------------------------------------


def test_duplicate_primary_key(repo: Layout) -> None:
    replace(repo, VISITORS, "indonesia,", "cambodia,")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("primary-key", f"{VISITORS}:3")
    assert "duplicate key: visitor=cambodia is the same as in row 2" in problem.message("en")


def test_foreign_key_miss(repo: Layout) -> None:
    # Consultations on extending a dispatch refer to a year of the dispatch table, which
    # ends in FY2023: the FY2024 row has nothing to refer to.
    descriptor = yaml.safe_load(text(repo, DESCRIPTOR))
    resource = next(r for r in descriptor["resources"] if r["name"] == "dispatch-extension-consultations")
    resource["schema"]["foreignKeys"] = [
        {"fields": ["fiscal_year"], "reference": {"resource": "dispatch-act-staff", "fields": ["fiscal_year"]}}
    ]
    (repo.root / DESCRIPTOR).write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("foreign-key", f"{CONSULTATIONS}:2")
    assert problem.message("en") == (
        "fiscal_year = 2024 is not found in resource dispatch-act-staff (as fiscal_year). "
        "Add that row to dispatch-act-staff, or correct the value."
    )


def test_pattern_constraint(repo: Layout) -> None:
    replace(repo, STAFF, "1970,昭和45年度", "1970,昭和45年")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("constraint-error", f"{STAFF}:2:era_year_label")
    assert "'昭和45年' breaks the rule `pattern: (昭和|平成|令和)(元|[1-9][0-9]?)年度`" in problem.message("en")


def test_enum_constraint(repo: Layout) -> None:
    replace(repo, VISITORS, "cambodia,country-or-region", "cambodia,country")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("constraint-error", f"{VISITORS}:2:visitor_type")
    assert "breaks the rule `enum: ['country-or-region', 'international-organisation']`" in problem.message("en")


def test_minimum_constraint(repo: Layout) -> None:
    replace(repo, CONSULTATIONS, "2024,令和6年度,2\n", "2024,令和6年度,-2\n")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("constraint-error", f"{CONSULTATIONS}:2:consultations")
    assert "'-2' breaks the rule `minimum: 0`" in problem.message("en")


def test_broken_consistency_check_names_the_row_and_the_total(repo: Layout) -> None:
    replace(repo, STAFF, "1970,昭和45年度,159,19,", "1970,昭和45年度,159,20,")
    assert located(repo) == [("column-total", f"{STAFF}:-:ended"), ("stock-flow", f"{STAFF}:2:year_end")]
    total, stock = errors(repo)
    assert "the column sums to 8,473, but the document's total is 8,472" in total.message("en")
    assert "year_end is 140, but the previous year's initial stock 0 + inflows 159 − outflows 20 = 139" in (
        stock.message("en")
    )


# A flood ---------------------------------------------------------------------------------------


def test_thousands_of_errors_are_counted_not_printed(repo: Layout, capsys) -> None:
    header = text(repo, VISITORS).split("\n", 1)[0]
    (repo.root / VISITORS).write_text(header + "\n" + "cambodia,country-or-region,カンボジア,Cambodia\n" * 1500)
    found = errors(repo)
    assert len(found) == MAX_PROBLEMS_PER_FILE + 1
    assert {p.code for p in found[:-1]} == {"primary-key"}
    assert (found[-1].code, found[-1].location()) == ("too-many-problems", VISITORS)
    assert found[-1].message("en").startswith("1,499 problems in this file; only the first 50 are shown.")
    assert main(["--root", str(repo.root), "validate", "--no-base"]) == 1
    out = capsys.readouterr().out
    assert len(out.splitlines()) < 2 * (MAX_PROBLEMS_PER_FILE + 5)
    assert out.endswith("FAILED: 1 packages, 6 resources, 51 errors, 0 warnings\n")


def test_beyond_the_frictionless_limit_the_count_is_a_lower_bound(repo: Layout) -> None:
    header = text(repo, VISITORS).split("\n", 1)[0]
    (repo.root / VISITORS).write_text(header + "\n" + "cambodia,country-or-region,カンボジア,Cambodia\n" * 10_100)
    last = errors(repo)[-1]
    assert last.message("en").startswith("10,000+ problems in this file; only the first 50 are shown.")


def test_a_stray_quote_is_one_error_for_the_row(repo: Layout) -> None:
    rel = STAFF.replace("dispatch-act-staff", "exchange-events-fy2024")
    replace(repo, rel, '"International workshop', '"Intern"ational workshop')
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("extra-cell", f"{rel}:3")


def test_a_very_long_cell_does_not_stop_the_scan(repo: Layout) -> None:
    replace(repo, VISITORS, "Cambodia", "C" * 300_000)  # beyond the csv module's default field limit
    replace(repo, VISITORS, "インドネシア", "インドネシア①")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("char-platform-dependent", f"{VISITORS}:3:name")
