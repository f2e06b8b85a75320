"""The member's name written over two columns: which column beside the name holds the rest of it."""

from branches.lists import field_for
from branches.lists.columns import FAMILY_NAME_HEADERS, GIVEN_NAME_HEADERS
from unionhub.core.spreadsheets import clean_text
from unionhub.core.text import fold


def given_names_under_an_empty_header(tables, columns, mapping) -> None:
    """The given names in the column right of the name, as part of it: under an empty header
    ("Họ và tên" merged over two columns, saved where merges are lost, as in CSV), or under
    "Tên" beside a "Họ đệm" column (family and middle names)."""
    family = {fold(h) for h in FAMILY_NAME_HEADERS}
    given = {fold(h) for h in GIVEN_NAME_HEADERS}
    for table in tables:
        names = [fold(h) for h in table.headers if field_for(h, columns, mapping) == "full_name"]
        if any(name not in family for name in names):
            # A whole-name column is there ("Họ và tên", perhaps a formula joining "Họ" and
            # "Tên"): a family-name column beside it is not read.
            for index, header in enumerate(table.headers):
                if fold(header) in family and fold(header) not in mapping:
                    table.headers[index] = ""
        for index in range(1, len(table.headers)):
            left = table.headers[index - 1]
            if not left or field_for(left, columns, mapping) != "full_name":
                continue
            right = fold(table.headers[index])
            if right in given and fold(left) in family and right not in mapping:
                table.headers[index] = left
                continue
            if right:
                continue
            values = [clean_text(v[index]) for _n, v in table.rows if clean_text(v[index])]
            words = [v for v in values if len(v.split()) == 1 and not any(c.isdigit() for c in v)]
            if values and len(words) >= 0.8 * len(values):
                table.headers[index] = left
