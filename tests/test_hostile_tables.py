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
    CITIES,
    DESCRIPTOR,
    FY2012,
    MEMBERS,
    SUMMARY,
    SUMMARY_ROW,
    errors,
    located,
    only_error,
    replace,
    rewrite,
    text,
)

ADJUSTED = f"{MEMBERS}:2:year_end_adjusted"
#: A row of CITIES, repeated to make a flood of duplicate keys.
CEBU = "cebu,sister-city,1995,24,,セブ市との青少年交流。,Youth exchange with Cebu.\n"


def _fy2012_adjusted(layout: Layout, cell: str) -> None:
    """Put ``cell`` in FY2012's (empty) bracketed year-end count."""
    replace(layout, MEMBERS, FY2012, FY2012[:-1] + cell + "\n")


# Headers --------------------------------------------------------------------------------


def test_renamed_header(fixture_repo: Layout) -> None:
    replace(fixture_repo, MEMBERS, "fiscal_year,", "year,")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("incorrect-label", f"{MEMBERS}:1:fiscal_year")
    assert "the header of column 1 is 'year', but the schema expects 'fiscal_year' there" in problem.message("en")
    assert "1 列目の見出しが「year」ですが、スキーマではここは「fiscal_year」です" in problem.message("ja")


def test_missing_column(fixture_repo: Layout) -> None:
    rewrite(fixture_repo, MEMBERS, lambda t: "\n".join(line.rsplit(",", 1)[0] for line in t.split("\n")).encode())
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("missing-label", f"{MEMBERS}:1:year_end_adjusted")
    assert "the header has no column 7 ('year_end_adjusted')" in problem.message("en")


def test_extra_column(fixture_repo: Layout) -> None:
    rewrite(
        fixture_repo, MEMBERS, lambda t: "\n".join(f"{line},x" if line else line for line in t.split("\n")).encode()
    )
    replace(fixture_repo, MEMBERS, "year_end_adjusted,x", "year_end_adjusted,memo")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("extra-label", f"{MEMBERS}:1:memo")
    assert "column 8 ('memo') is not in the schema" in problem.message("en")


def test_duplicated_header(fixture_repo: Layout) -> None:
    replace(fixture_repo, MEMBERS, "year_end,year_end_adjusted\n", "year_end,year_end\n")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("duplicate-label", f"{MEMBERS}:1:year_end_adjusted")
    assert "the header 'year_end' appears twice" in problem.message("en")


# Rows --------------------------------------------------------------------------------------


def test_short_row(fixture_repo: Layout) -> None:
    replace(fixture_repo, MEMBERS, FY2012, FY2012[:-2] + "\n")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("missing-cell", ADJUSTED)
    assert "this row has too few cells: no value for year_end_adjusted (column 7)" in problem.message("en")


def test_long_row_mentions_the_thousands_separator(fixture_repo: Layout) -> None:
    replace(fixture_repo, SUMMARY, SUMMARY_ROW, SUMMARY_ROW.replace(",1860", ",1,860"))
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("extra-cell", f"{SUMMARY}:2")
    assert "extra value '860' in column 7" in problem.message("en")
    assert "A number written with a thousands separator (1,234) splits into two cells" in problem.message("en")


def test_short_row_in_a_table_with_required_cells_says_it_once(fixture_repo: Layout) -> None:
    replace(fixture_repo, SUMMARY, SUMMARY_ROW, SUMMARY_ROW.replace(",1860", ""))
    problem = only_error(fixture_repo)  # not also "participants is required"
    assert (problem.code, problem.location()) == ("missing-cell", f"{SUMMARY}:2:participants")


def test_empty_required_cell(fixture_repo: Layout) -> None:
    replace(fixture_repo, SUMMARY, SUMMARY_ROW, SUMMARY_ROW.replace(",1860", ","))
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("required-empty", f"{SUMMARY}:2:participants")
    assert "participants is required, but this cell is empty" in problem.message("en")


@pytest.mark.parametrize("where", ["middle", "end"])
def test_blank_row_is_one_error_not_also_an_empty_key(fixture_repo: Layout, where: str) -> None:
    if where == "middle":
        replace(fixture_repo, MEMBERS, "2013,", "\n2013,")
        row = 3
    else:
        rewrite(fixture_repo, MEMBERS, lambda t: (t + "\n").encode())
        row = len(text(fixture_repo, MEMBERS).split("\n")) - 1  # the empty line before the final newline
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("blank-row", f"{MEMBERS}:{row}")
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
def test_a_cell_that_is_not_a_plain_number(fixture_repo: Layout, cell: str, code: str, words: str) -> None:
    _fy2012_adjusted(fixture_repo, cell)
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == (code, ADJUSTED)
    assert words in problem.message("en")
    assert problem.message("ja") != problem.message("en")


@pytest.mark.parametrize(
    ("cell", "code", "words"),
    [
        (
            "４１２",
            "cell-fullwidth-digits",
            "'４１２' has full-width digits or signs. Write half-width (ASCII) digits: 412.",
        ),
        (" 412", "cell-not-plain", "' 412' is not written plainly."),
        ("+412", "cell-not-plain", "(no spaces, +, _ or exponent): 412."),
        ("4_12", "cell-not-plain", "(no spaces, +, _ or exponent): 412."),
        ("٤١٢", "cell-not-plain", "(no spaces, +, _ or exponent): 412."),  # Arabic-Indic digits
    ],
)
def test_numbers_frictionless_reads_but_the_rules_refuse(
    fixture_repo: Layout, cell: str, code: str, words: str
) -> None:
    # Python's int() reads every one of them as 412, so frictionless accepts them.
    replace(fixture_repo, MEMBERS, "2012,平成24年度,412,", f"2012,平成24年度,{cell},")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == (code, f"{MEMBERS}:2:joined")
    assert words in problem.message("en")


@pytest.mark.parametrize(("cell", "year"), [("平成24", 2012), ("H24", 2012), ("平成２４年度", 2012)])
def test_era_year_in_the_year_column_is_one_error_not_also_an_empty_key(
    fixture_repo: Layout, cell: str, year: int
) -> None:
    replace(fixture_repo, MEMBERS, "2012,平成24年度", f"{cell},平成24年度")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("cell-era-year", f"{MEMBERS}:2:fiscal_year")
    assert f"Write {year}" in problem.message("en")


def test_a_placeholder_declared_as_missing_value_is_accepted(fixture_repo: Layout) -> None:
    replace(
        fixture_repo,
        DESCRIPTOR,
        "      primaryKey: [fiscal_year]\n",
        "      primaryKey: [fiscal_year]\n      missingValues: ['', '-']\n",
    )
    _fy2012_adjusted(fixture_repo, "-")
    assert errors(fixture_repo) == []


# Characters the national rules forbid ---------------------------------------------------------


def test_half_width_katakana(fixture_repo: Layout) -> None:
    replace(fixture_repo, CITIES, "リール市との文化交流。", "ﾘｰﾙ市との文化交流。")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("char-halfwidth-kana", f"{CITIES}:4:summary")
    assert "Write full-width katakana: 'リール市との文化交流。「姉妹都市週間」を開催した。'." in problem.message("en")
    assert "全角カタカナで「リール市との文化交流。「姉妹都市週間」を開催した。」と書いてください" in problem.message(
        "ja"
    )


@pytest.mark.parametrize(("chars", "fixed"), [("①", "（1）"), ("㈱", "(株)"), ("㍻", "平成"), ("Ⅳ", "IV")])
def test_platform_dependent_characters(fixture_repo: Layout, chars: str, fixed: str) -> None:
    replace(
        fixture_repo, CITIES, "ポルトアレグレ市とのオンライン交流会。", f"ポルトアレグレ市とのオンライン交流会{chars}"
    )
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("char-platform-dependent", f"{CITIES}:5:summary")
    assert (
        f"platform-dependent character(s) {chars} in 'ポルトアレグレ市とのオンライン交流会{chars}'"
        in problem.message("en")
    )
    assert f"Write them with ordinary characters: 'ポルトアレグレ市とのオンライン交流会{fixed}'." in problem.message(
        "en"
    )
    assert "機種依存文字" in problem.message("ja")


# Keys and constraints ----------------------------------------------------------------------------


def test_duplicate_primary_key(fixture_repo: Layout) -> None:
    replace(fixture_repo, CITIES, "kaohsiung,", "cebu,")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("primary-key", f"{CITIES}:3")
    assert "duplicate key: city=cebu is the same as in row 2" in problem.message("en")


def test_foreign_key_miss(fixture_repo: Layout) -> None:
    # The programme summary's year refers to a year of the membership series, which ends
    # in FY2024: the reference holds until the summary moves to FY2025.
    descriptor = yaml.safe_load(text(fixture_repo, DESCRIPTOR))
    resource = next(r for r in descriptor["resources"] if r["name"] == "programme-summary-fy2024")
    resource["schema"]["foreignKeys"] = [
        {"fields": ["fiscal_year"], "reference": {"resource": "association-members", "fields": ["fiscal_year"]}}
    ]
    (fixture_repo.root / DESCRIPTOR).write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
    assert errors(fixture_repo) == []
    replace(fixture_repo, SUMMARY, "2024,令和6年度,", "2025,令和7年度,")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("foreign-key", f"{SUMMARY}:2")
    assert problem.message("en") == (
        "fiscal_year = 2025 is not found in resource association-members (as fiscal_year). "
        "Add that row to association-members, or correct the value."
    )


def test_pattern_constraint(fixture_repo: Layout) -> None:
    replace(fixture_repo, MEMBERS, "2012,平成24年度", "2012,平成24年")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("constraint-error", f"{MEMBERS}:2:era_year_label")
    assert "'平成24年' breaks the rule `pattern: (平成|令和)(元|[1-9][0-9]?)年度`" in problem.message("en")


def test_enum_constraint(fixture_repo: Layout) -> None:
    replace(fixture_repo, CITIES, "cebu,sister-city,", "cebu,sister,")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("constraint-error", f"{CITIES}:2:kind")
    assert "breaks the rule `enum: ['sister-city', 'friendship-city']`" in problem.message("en")


def test_minimum_constraint(fixture_repo: Layout) -> None:
    replace(fixture_repo, SUMMARY, SUMMARY_ROW, SUMMARY_ROW.replace(",1860", ",-1860"))
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("constraint-error", f"{SUMMARY}:2:participants")
    assert "'-1860' breaks the rule `minimum: 0`" in problem.message("en")


def test_broken_consistency_check_names_the_row_and_the_total(fixture_repo: Layout) -> None:
    replace(fixture_repo, MEMBERS, "2012,平成24年度,412,0,", "2012,平成24年度,412,1,")
    assert located(fixture_repo) == [("column-total", f"{MEMBERS}:-:left"), ("stock-flow", f"{MEMBERS}:2:year_end")]
    total, stock = errors(fixture_repo)
    assert "the column sums to 793, but the document's total is 792" in total.message("en")
    assert "year_end is 412, but the previous year's initial stock 0 + inflows 412 − outflows 1 = 411" in (
        stock.message("en")
    )


# A flood ---------------------------------------------------------------------------------------


def test_thousands_of_errors_are_counted_not_printed(fixture_repo: Layout, capsys) -> None:
    header = text(fixture_repo, CITIES).split("\n", 1)[0]
    (fixture_repo.root / CITIES).write_text(header + "\n" + CEBU * 1500)
    found = errors(fixture_repo)
    assert len(found) == MAX_PROBLEMS_PER_FILE + 1
    assert {p.code for p in found[:-1]} == {"primary-key"}
    assert (found[-1].code, found[-1].location()) == ("too-many-problems", CITIES)
    assert found[-1].message("en").startswith("1,499 problems in this file; only the first 50 are shown.")
    assert main(["--root", str(fixture_repo.root), "validate", "--no-base"]) == 1
    out = capsys.readouterr().out
    assert len(out.splitlines()) < 2 * (MAX_PROBLEMS_PER_FILE + 5)
    assert out.endswith("FAILED: 1 packages, 3 resources, 51 errors, 0 warnings\n")


def test_beyond_the_frictionless_limit_the_count_is_a_lower_bound(fixture_repo: Layout) -> None:
    header = text(fixture_repo, CITIES).split("\n", 1)[0]
    (fixture_repo.root / CITIES).write_text(header + "\n" + CEBU * 10_100)
    last = errors(fixture_repo)[-1]
    assert last.message("en").startswith("10,000+ problems in this file; only the first 50 are shown.")


def test_a_stray_quote_is_one_error_for_the_row(fixture_repo: Layout) -> None:
    replace(fixture_repo, CITIES, '"Business mission', '"Busi"ness mission')
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("extra-cell", f"{CITIES}:3")


def test_a_very_long_cell_does_not_stop_the_scan(fixture_repo: Layout) -> None:
    replace(
        fixture_repo, CITIES, "Youth exchange with Cebu", "C" * 300_000
    )  # beyond the csv module's default field limit
    replace(fixture_repo, CITIES, "高雄市との経済交流ミッション。", "高雄市との経済交流ミッション①")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("char-platform-dependent", f"{CITIES}:3:summary")


def test_an_empty_field_of_a_primary_key_is_an_error_at_its_cell(fixture_repo: Layout) -> None:
    # Frictionless accepts a key with a hole in it (it flags only a wholly empty key);
    # Table Schema does not, and neither do we: one error per empty key cell.
    replace(fixture_repo, DESCRIPTOR, "primaryKey: [city]", "primaryKey: [city, delegates_qualifier]")
    empty_rows = [
        n for n, line in enumerate(text(fixture_repo, CITIES).splitlines(), start=1) if ",approx," not in line
    ]
    expected = [("primary-key-null", f"{CITIES}:{n}:delegates_qualifier") for n in empty_rows[1:]]
    assert located(fixture_repo) == expected
    problem = errors(fixture_repo)[0]
    assert "part of the primary key (city, delegates_qualifier)" in problem.message("en")
    assert "主キー（city, delegates_qualifier）" in problem.message("ja")


def test_a_full_primary_key_is_no_error(fixture_repo: Layout) -> None:
    replace(fixture_repo, DESCRIPTOR, "primaryKey: [city]", "primaryKey: [city, kind]")
    assert located(fixture_repo) == []
