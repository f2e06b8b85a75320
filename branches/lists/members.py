"""A member list read against a unit's register: the columns people write, each row checked.

Nothing here writes: `plan_members()` says which rows would add a member, which would correct
one (matched by card number, else by name and date or year of birth) and which change nothing,
and refuses every cell that cannot be taken as it is, with the reason. An empty cell never erases
what the register holds.
"""

import copy
import functools
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from branches.lists import (
    IGNORE,
    Plan,
    Planned,
    Row,
    RowError,
    describe_columns,
    find_tables,
    rows_of,
    sheets_summary,
    shown,
)
from branches.lists.columns import MEMBER_JOINABLE, member_columns
from branches.lists.names import given_names_under_an_empty_header
from branches.models import Gender, Member, Unit
from unionhub.core.spreadsheets import (
    ParsedDate,
    SheetRows,
    parse_date,
    parse_phone,
)
from unionhub.core.text import fold

_MALE = {"nam", "m", "male", "trai", "nam gioi"}
_FEMALE = {"nu", "f", "female", "gai", "nu gioi"}
_OTHER = {"khac", "other"}
_MARKS = {"x", "v", "1", "co", "\u2713", "\u2714", "\u221a", "+", "*"}
_PHONE = re.compile(r"^0\d{8,10}$")
FIRST_YEAR = 1900


@functools.lru_cache(maxsize=8)
def _gender_words(language: str | None) -> dict[str, str]:
    words = {w: Gender.MALE for w in _MALE} | {w: Gender.FEMALE for w in _FEMALE}
    words |= {w: Gender.OTHER for w in _OTHER}
    for value, label in Gender.choices:
        words[fold(str(label))] = value
    return words


def _date(row: Row, name: str, errors: list[RowError], today: date) -> ParsedDate | None:
    raw = row.raw(name)
    try:
        parsed = parse_date(raw)
    except (ValueError, TypeError):
        errors.append(
            row.error(name, _("This is not a date: write it as dd/mm/yyyy, or only the year."))
        )
        return None
    if parsed is None:
        return None
    if parsed.year < FIRST_YEAR or (parsed.day or date(parsed.year, 1, 1)) > today:
        errors.append(row.error(name, _("This date is in the future or too far back.")))
        return None
    return parsed


def _name(row: Row, errors: list[RowError]) -> str:
    name = row.text("full_name")
    if name.isupper() or name.islower():
        name = name.title()  # "NGUYỄN VĂN AN" → "Nguyễn Văn An"
    if not name:
        errors.append(row.error("full_name", _("The full name is missing.")))
    elif len(name.split()) < 2:
        errors.append(row.error("full_name", _("Write the full name: family name and given name.")))
    return name


def _gender_and_birth(
    row: Row, errors: list[RowError], today: date, words: dict[str, str]
) -> tuple[str, ParsedDate | None]:
    """Gender from its column or from a birth date written under "Nam" or "Nữ"."""
    gender = ""
    if row.raw("gender") is not None:
        gender = words.get(fold(row.text("gender")), "")
        if not gender:
            errors.append(row.error("gender", _("Write “Nam” or “Nữ”.")))
            return "", None
    birth = _date(row, "birth", errors, today)
    under = [(n, g) for n, g in (("male", Gender.MALE), ("female", Gender.FEMALE)) if row.raw(n)]
    if len(under) > 1:
        errors.append(row.error("female", _("Something is written under both “Nam” and “Nữ”.")))
        return gender, birth
    for name, column_gender in under:
        if gender and gender != column_gender:
            errors.append(row.error(name, _("The gender column says otherwise.")))
            return gender, birth
        gender = column_gender
        value = row.raw(name)
        if fold(clean_mark(value)) not in _MARKS:
            birth = _date(row, name, errors, today) or birth
    if not gender:
        header = row.header("gender") or row.header("male")
        errors.append(
            RowError(
                row.sheet,
                row.number,
                header,
                "",
                _("The gender is missing: write “Nam” or “Nữ”, or the date under Nam or Nữ."),
            )
        )
    return gender, birth


def clean_mark(value) -> str:
    return str(value).strip() if not isinstance(value, float) else str(int(value))


def row_fields(row: Row, errors: list[RowError], today: date, words: dict[str, str]) -> dict:
    """The member's fields from one row; every cell that cannot be taken goes to `errors`.

    `today` bounds the dates; `words` are the gender words of the language (the list's rows
    share both, found once).
    """
    fields: dict = {"full_name": _name(row, errors)}
    gender, birth = _gender_and_birth(row, errors, today, words)
    fields["gender"] = gender
    if birth is not None:
        fields["birth_date"], fields["birth_year"] = birth.day, birth.year
    joined = _date(row, "joined", errors, today)
    if joined is not None:
        fields["joined_on"], fields["joined_year"] = joined.day, joined.year
    if card := row.text("card_number"):
        fields["card_number"] = card
    if row.raw("phone") is not None:
        phone = parse_phone(row.raw("phone"))
        if not _PHONE.match(phone):
            errors.append(row.error("phone", _("This is not one phone number.")))
        fields["phone"] = phone
    if email := row.text("email"):
        try:
            validate_email(email)
        except ValidationError:
            errors.append(row.error("email", _("This is not an e-mail address.")))
        fields["email"] = email
    for name in ("address", "notes"):
        if text := row.text(name):
            fields[name] = text
    return fields


# A model field's errors are shown on the column it came from.
_MODEL_TO_COLUMN = {
    "birth_date": "birth",
    "birth_year": "birth",
    "joined_on": "joined",
    "joined_year": "joined",
}


def check_with_model(
    row: Row, unit: Unit, fields: dict, errors: list[RowError], *, member: Member | None = None
) -> None:
    """The register's own rules (lengths, dates in order), as the services will check them.

    For a correction, `member` is the member corrected: the record as it would be is checked.
    """
    if member is None:
        member = Member(unit=unit, **{k: v for k, v in fields.items() if v not in (None, "")})
    else:
        member = copy.copy(member)
        for name, value in fields.items():
            setattr(member, name, value)
    # Only the fields the row gives are checked one by one (the others keep their defaults or
    # what the register holds); the record's own rules across fields (clean) always run.
    exclude = _member_field_names() - fields.keys()
    try:
        member.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = _MODEL_TO_COLUMN.get(name, name)
            if column == "birth" and not row.header("birth"):
                column = "male" if row.raw("male") else "female"
            errors.append(row.error(column, " ".join(messages)))


@functools.cache
def _member_field_names() -> frozenset[str]:
    return frozenset(f.name for f in Member._meta.concrete_fields)


class RegisterIndex:
    """The unit's register, looked up by card number and by folded name."""

    def __init__(self, members) -> None:
        self.by_card: dict[str, list[Member]] = {}
        self.by_name: dict[str, list[Member]] = {}
        for member in members:
            if member.card_number:
                self.by_card.setdefault(member.card_number.casefold(), []).append(member)
            self.by_name.setdefault(fold(member.full_name), []).append(member)

    def match(self, fields: dict) -> tuple[Member | None, str]:
        """The member this row is about, or None for a new one; or an ambiguity to explain."""
        card = fields.get("card_number", "").casefold()
        if card and (found := self.by_card.get(card)):
            if len(found) > 1:
                return None, _("Several members on the register have this card number.")
            return found[0], ""
        candidates = self.by_name.get(fold(fields["full_name"]), [])
        if card:
            # A member with another card number is another person of the same name.
            candidates = [m for m in candidates if not m.card_number]
        day, year = fields.get("birth_date"), fields.get("birth_year")
        if year is not None:
            same = [m for m in candidates if _same_birth(m, day, year)]
            if not same:
                same = [m for m in candidates if m.birth_date is None and m.birth_year is None]
        else:
            same = candidates
        if len(same) > 1:
            return None, _(
                "Several members on the register have this name and date of birth: add the card "
                "number to say which one."
            )
        return (same[0] if same else None), ""


def _same_birth(member: Member, day: date | None, year: int) -> bool:
    if day is not None:
        return member.birth_date == day or (member.birth_date is None and member.birth_year == year)
    known = member.birth_date.year if member.birth_date else member.birth_year
    return known == year


def _differences(member: Member, fields: dict) -> dict:
    """The fields the row would change; a year alone never replaces a known date of that year."""
    changed = {}
    for name, value in fields.items():
        current = getattr(member, name)
        if name == "full_name" and fold(value) == fold(current) and value.isascii():
            continue  # a list typed without accents keeps the accented name
        if name in ("birth_year", "joined_year"):
            continue  # follows the date, below
        if name in ("birth_date", "joined_on") and value is None:
            continue
        if value != current:
            changed[name] = value
    for day_name, year_name in (("birth_date", "birth_year"), ("joined_on", "joined_year")):
        year = fields.get(year_name)
        if year is None or fields.get(day_name) is not None:
            continue
        current_day = getattr(member, day_name)
        if current_day is not None and current_day.year == year:
            continue
        if current_day is not None or getattr(member, year_name) != year:
            changed[day_name], changed[year_name] = None, year
    if "birth_date" in changed and changed["birth_date"] is not None:
        changed["birth_year"] = changed["birth_date"].year
    if "joined_on" in changed and changed["joined_on"] is not None:
        changed["joined_year"] = changed["joined_on"].year
    return changed


_DAY_OF_YEAR = {"birth_year": "birth_date", "joined_year": "joined_on"}


def _describe(member: Member, changed: dict) -> list[tuple[str, str, str]]:
    lines = []
    for name, value in changed.items():
        if name in _DAY_OF_YEAR and changed.get(_DAY_OF_YEAR[name]) is not None:
            continue  # the date says it
        label = str(Member._meta.get_field(name).verbose_name)
        old = getattr(member, name)
        lines.append((label, shown(old) or "—", shown(value) or "—"))
    return lines


def plan_members(
    unit: Unit,
    sheets: list[SheetRows],
    mapping: dict[str, str],
    *,
    register=None,
) -> Plan:
    """Check every row of the member list against the unit's register; write nothing."""
    columns = member_columns()
    tables = find_tables(sheets, columns, mapping, key="full_name")
    given_names_under_an_empty_header(tables, columns, mapping)
    plan = Plan()
    plan.sheets = sheets_summary(sheets, tables)
    plan.columns = describe_columns(tables, columns, mapping)
    plan.mapping = {c["key"]: c["field"] for c in plan.columns}
    if not tables:
        return plan
    rows = rows_of(tables, columns, plan.mapping, joinable=MEMBER_JOINABLE, errors=plan.errors)
    plan.rows = len(rows)
    mapped = set(plan.mapping.values()) - {IGNORE}
    if not ({"gender", "male", "female"} & mapped):
        plan.errors.append(
            RowError(
                tables[0].sheet,
                None,
                "",
                "",
                _(
                    "No column says the gender: add a “Giới tính” column, or write each date of "
                    "birth under a “Nam” or a “Nữ” column."
                ),
            )
        )
    index = RegisterIndex(Member.objects.filter(unit=unit) if register is None else register)
    seen_cards: dict[str, int] = {}
    seen_members: dict[int, int] = {}
    seen_new: dict[tuple, int] = {}
    today, words = timezone.localdate(), _gender_words(get_language())
    for row in rows:
        errors: list[RowError] = []
        fields = row_fields(row, errors, today, words)
        if not errors:
            check_with_model(row, unit, fields, errors)
        card = fields.get("card_number", "").casefold()
        if card and card in seen_cards:
            errors.append(
                row.error(
                    "card_number",
                    _("Row %(row)s has the same card number.") % {"row": seen_cards[card]},
                )
            )
        elif card:
            seen_cards[card] = row.number
        if errors:
            plan.errors.extend(errors)
            continue
        member, ambiguity = index.match(fields)
        if ambiguity:
            plan.errors.append(row.error("full_name", ambiguity))
            continue
        if member is None:
            key = (fold(fields["full_name"]), fields.get("birth_date"), fields.get("birth_year"))
            if key in seen_new:
                plan.errors.append(
                    row.error(
                        "full_name",
                        _("Row %(row)s has the same name and date of birth.")
                        % {"row": seen_new[key]},
                    )
                )
                continue
            seen_new[key] = row.number
            plan.planned.append(Planned(row, "create", fields, label=fields["full_name"]))
            continue
        if member.pk in seen_members:
            plan.errors.append(
                row.error(
                    "full_name",
                    _("Row %(row)s is about the same member.") % {"row": seen_members[member.pk]},
                )
            )
            continue
        seen_members[member.pk] = row.number
        if member.is_anonymised:
            plan.errors.append(
                row.error("full_name", _("This member's personal data was erased on request."))
            )
            continue
        changed = _differences(member, fields)
        if changed:
            errors = []
            check_with_model(row, unit, changed, errors, member=member)
            if errors:
                plan.errors.extend(errors)
                continue
        action = "update" if changed else "unchanged"
        changes = _describe(member, changed)
        plan.planned.append(Planned(row, action, changed, member, changes, member.full_name))
    return plan
