"""One day parser for files, the command line and the web forms (truce.days)."""

from __future__ import annotations

from datetime import date

import pytest

from truce.days import DayError, parse_day, read_day
from truce.errors import InvalidInput
from truce.formats import fields
from truce.formats.issues import FieldError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2016-09-19", date(2016, 9, 19)),
        ("2016-9-1", date(2016, 9, 1)),
        (" 2016-09-19 ", date(2016, 9, 19)),
        ("19 September 2016", date(2016, 9, 19)),
        ("19 Sept, 2016", date(2016, 9, 19)),
        ("20160919", date(2016, 9, 19)),
        ("2016-W38-1", date(2016, 9, 19)),
    ],
)
def test_a_file_cell_and_an_option_read_the_same_day(raw: str, expected: date) -> None:
    assert read_day(raw) == expected
    assert fields.day(raw, "event_date") == expected
    assert parse_day(raw, "--since") == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("19/09/2016", "bad-date"),
        ("yesterday", "bad-date"),
        ("19 Septober 2016", "bad-date"),
        ("2016-02-30", "impossible-date"),
        ("2016-13-01", "impossible-date"),
        ("31 April 2016", "impossible-date"),
    ],
)
def test_a_bad_day_has_one_code_in_files_and_one_message_on_the_command_line(
    raw: str, code: str
) -> None:
    with pytest.raises(DayError) as caught:
        read_day(raw)
    assert caught.value.code == code
    with pytest.raises(FieldError) as cell:
        fields.day(raw, "event_date")
    assert (cell.value.code, cell.value.column) == (code, "event_date")
    with pytest.raises(InvalidInput, match=r"--until: .* is not a date; use YYYY-MM-DD"):
        parse_day(raw, "--until")


def test_an_absent_option_is_no_day() -> None:
    assert parse_day(None, "--since") is None
    assert parse_day("", "--since") is None
