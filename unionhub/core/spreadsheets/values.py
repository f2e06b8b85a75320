"""Values as offices write them in their lists: dates, years, phone numbers, text."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from unionhub.core.text import nfc


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(nfc(str(value)).split())


@dataclass(frozen=True)
class ParsedDate:
    """A date, or only a year when that is all the file says (never invented as 1 January)."""

    day: date | None = None
    year: int | None = None


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def parse_date(value) -> ParsedDate | None:
    """A real date, dd/mm/yyyy or d/m/yy text, or a year alone; None for an empty cell.

    Raises ValueError for anything else.
    """
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return ParsedDate(value.date(), value.year)
    if isinstance(value, date):
        return ParsedDate(value, value.year)
    if isinstance(value, (int, float)):
        number = int(value)
        if float(value) == number and 1900 <= number <= 2100:
            return ParsedDate(None, number)
        raise ValueError(value)
    text = text_of(value)
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text):
        return ParsedDate(None, int(text))
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000 if year <= date.today().year % 100 else 1900
        return ParsedDate(date(year, month, day), year)
    if match := _YMD.match(text):
        year, month, day = (int(g) for g in match.groups())
        return ParsedDate(date(year, month, day), year)
    raise ValueError(text)


def parse_phone(value) -> str:
    """A phone number as written, or as a number that lost its leading 0 (909123456 → 0909123456)."""
    if value in (None, ""):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # A leading apostrophe is how people keep Excel from dropping the 0 ('0909…).
    text = re.sub(r"[\s.\-()]", "", text_of(value)).lstrip("'’")
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    if text.isdigit() and len(text) in (9, 10) and not text.startswith("0"):
        text = "0" + text
    return text


def clean_text(value) -> str:
    """Trimmed, single-spaced NFC text; numbers without a trailing .0."""
    return text_of(value)
