"""Vietnamese text helpers: accent folding for search, natural sorting, the place-and-date line."""

import re
import unicodedata
from datetime import date

_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"(\d+)")
# U+0300–U+036F, the combining diacritical marks (all of category Mn): Vietnamese marks among them.
_COMBINING = re.compile("[\u0300-\u036f]+")


def nfc(text: str) -> str:
    """One spelling for one name: "Hằng" typed decomposed (NFD) and composed (NFC) are equal."""
    return unicodedata.normalize("NFC", text)


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (đ → d) and squeeze spaces: "KHU PHỐ 3" → "khu pho 3"."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    if not stripped.isascii():  # other scripts' marks: the exact, slower way (imports fold a lot)
        stripped = "".join(ch for ch in stripped if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.casefold()).strip()


def search_terms(query: str | None) -> list[str]:
    """The folded words of a search box, each to be matched on its own."""
    return [term for term in fold(query).split(" ") if term]


def natural_key(text: str) -> tuple:
    """Sort key on folded text with numbers compared as numbers ("Khu phố 2" before "Khu phố 10")."""
    parts = _DIGITS.split(fold(text))
    return tuple(int(p) if p.isdigit() else p for p in parts)


def person_sort_key(full_name: str) -> tuple:
    """Vietnamese order: given name (last word), then middle names, then family name (first word)."""
    words = full_name.split()
    if not words:
        return ("",)
    given, family, middle = words[-1], words[0] if len(words) > 1 else "", words[1:-1]
    return (fold(given), fold(" ".join(middle)), fold(family), full_name)


def place_date_line(place: str, day: date) -> str:
    """`Tân Bình, ngày 06 tháng 4 năm 2021`: day padded below 10, months 1 and 2 written 01 and 02."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
