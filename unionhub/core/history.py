"""History rows written in bulk: one per record, as django-simple-history writes them itself.

`bulk_history_create()` of simple_history builds a model instance per row and lets the ORM compile
every value into SQL, which costs more than writing the records themselves; an import of 10,000
members would spend most of its time there. `write_history()` has the database copy the records'
columns into their history rows (INSERT … SELECT), just after the records were written in the
same transaction: no value travels back and forth, and the rows hold what the table holds.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import connections, router

CHUNK = 2000  # ids in one statement (SQLite counts every parameter)


def write_history(
    model,
    records: Iterable,
    *,
    user,
    reason: str,
    when: datetime,
    history_type: str = "+",
) -> int:
    """One history row for each (saved) record ("+" created, "~" changed); returns how many."""
    history = model.history.model
    connection = connections[router.db_for_write(history)]
    fixed = {
        "history_date": when,
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": reason,
        "history_type": history_type,
    }
    fields = [field for field in history._meta.concrete_fields if not field.primary_key]
    tracked = {field.attname for field in history.tracked_fields}
    copied = [field for field in fields if field.attname not in fixed]
    unknown = {f.attname for f in copied} - tracked
    if unknown:
        raise TypeError(f"write_history() cannot fill {sorted(unknown)} of {history.__name__}")
    quote = connection.ops.quote_name
    stamped = [field for field in fields if field.attname in fixed]
    given = [field.get_db_prep_save(fixed[field.attname], connection) for field in stamped]
    columns = [*copied, *stamped]
    ids = [record.pk for record in records]
    count = 0
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            # Table and column names come from the models and are quoted; values are parameters.
            sql = "INSERT INTO {} ({}) SELECT {} FROM {} WHERE {} IN ({})".format(  # noqa: S608
                quote(history._meta.db_table),
                ", ".join(quote(field.column) for field in columns),
                ", ".join([*(quote(field.column) for field in copied), *["%s"] * len(given)]),
                quote(model._meta.db_table),
                quote(model._meta.pk.column),
                ", ".join(["%s"] * len(chunk)),
            )
            cursor.execute(sql, [*given, *chunk])
            count += cursor.rowcount
    return count
