"""Cell parsing: numbers, percentages and every published status code."""

import pytest

from bot.ingest.values import STATUS_CODES, Cell, parse_cell, parse_date, parse_number
from bot.ingest import years

ALL_CODES = "SUPP NE NP NA LOWCOV NEW SP RE UNAVAIL DNS NR x c z u low :".split()


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_status_code_is_a_status_with_no_value(code):
    cell = parse_cell(code)
    assert isinstance(cell, Cell)
    assert cell.status == code and cell.value is None


@pytest.mark.parametrize("raw, value", [
    ("78%", 78.0), ("95.90%", 95.9), (" 93% ", 93.0), ("-0.03", -0.03), ("0", 0.0), ("1,234", 1234.0),
    ("49.5", 49.5), ("0.00%", 0.0),
])
def test_numbers_and_percentages(raw, value):
    cell = parse_cell(raw)
    assert cell.value == value and cell.status is None


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_blank_is_no_figure(raw):
    assert parse_cell(raw) is None


@pytest.mark.parametrize("raw", ["Well above average", "nan", "inf", "1_000", "abc"])
def test_other_text_is_returned_as_text_not_a_number(raw):
    assert parse_cell(raw) == raw


def test_codes_list_matches_contract():
    assert set(ALL_CODES) <= STATUS_CODES


def test_parse_helpers():
    assert parse_number("SUPP") is None
    assert str(parse_date("17-03-2022")) == "2022-03-17"
    assert str(parse_date("13/05/2026")) == "2026-05-13"
    assert parse_date("NULL") is None and parse_date("31-02-2020") is None
    assert str(parse_date("2022-03-17 00:00:00")) == "2022-03-17"
    assert parse_date("17-03-2022x") is None and parse_date("2022-03-17 and more") is None


@pytest.mark.parametrize("name, year", [
    ("2018-2019_936_ks4final.csv", 2019), ("england_ks4provisional_2018-2019_column_subset.csv", 2019),
    ("ks4_school_info_2024.csv", 2024), ("2023-2024_919_census.csv", 2024), ("england_abs.csv", None),
    ("edubasealldata20250422.csv", None),
])
def test_year_from_file_name(name, year):
    assert years.from_name(name) == year


def test_year_from_time_period():
    assert years.from_time_period("202324") == 2024
    assert years.from_time_period("2019") == 2019
    assert years.from_time_period("z") is None


@pytest.mark.parametrize("ages, phase", [
    ((4, 7), "Primary"), ((4, 11), "Primary"), ((8, 12), "Primary"), ((11, 16), "Secondary"),
    ((11, 18), "Secondary"), ((13, 18), "Secondary"), ((4, 18), "All-through"), ((16, 19), "16 plus"),
    ((None, 11), None),
])
def test_phase_from_ages(ages, phase):
    from bot.ingest.loaders.common import phase_from_ages

    assert phase_from_ages(*ages) == phase
