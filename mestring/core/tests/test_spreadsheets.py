import pytest

from mestring.core.spreadsheets import safe_cell


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+47 22 00 00 00", "'+47 22 00 00 00"),
    ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tTab", "'\tTab"), ("Tromsø", "Tromsø"), (12, 12), (None, None),
])
def test_text_a_spreadsheet_would_run_is_defused(value, expected):
    assert safe_cell(value) == expected
