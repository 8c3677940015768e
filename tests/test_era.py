import pytest

from sitegen.model.era import EraError, parse_era_year, to_era_label, to_gregorian


@pytest.mark.parametrize(
    ("label", "year"),
    [
        ("昭和45", 1970),
        ("昭和45年度", 1970),
        ("昭和64年", 1989),
        ("平成元", 1989),
        ("平成元年度", 1989),
        ("平成31年", 2019),
        ("令和元年度", 2019),
        ("令和5年度", 2023),
        ("令和５年度", 2023),  # full-width digits, as documents print them
        ("大正15年", 1926),
    ],
)
def test_to_gregorian(label: str, year: int) -> None:
    assert to_gregorian(label) == year


@pytest.mark.parametrize("label", ["平成32年", "昭和65", "令和0年", "2023年度", "令和", "R5", ""])
def test_refuses_what_is_not_an_era_year(label: str) -> None:
    with pytest.raises(EraError):
        to_gregorian(label)


def test_parse_keeps_the_suffix() -> None:
    assert parse_era_year("令和5年度") == ("令和", 5, "年度")
    assert parse_era_year("平成元年") == ("平成", 1, "年")


@pytest.mark.parametrize(
    ("year", "label"), [(1970, "昭和45年度"), (1989, "平成元年度"), (2019, "令和元年度"), (2023, "令和5年度")]
)
def test_round_trip(year: int, label: str) -> None:
    assert to_era_label(year) == label
    assert to_gregorian(label) == year
