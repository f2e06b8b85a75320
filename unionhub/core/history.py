"""History rows written in bulk: one per record, as django-simple-history writes them itself.

`bulk_history_create()` of simple_history builds a model instance per row and lets the ORM compile
every value into SQL, which costs more than writing the records themselves; an import of 10,000
members would spend most of its time there. `write_history()` writes the same columns with one
prepared INSERT run by `executemany`, each value still prepared by its field for the database.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connections, router

CHUNK = 2000
# Fields whose value, when it is a plain str or int (or None), goes to the database as it is.
_PASSED_AS_IS = {
    "AutoField", "BigAutoField", "BigIntegerField", "CharField", "EmailField", "ForeignKey",
    "IntegerField", "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SlugField", "SmallIntegerField", "TextField",
}  # fmt: skip
_PLAIN = (str, int)


def write_history(
    model,
    records: Iterable,
    *,
    user,
    reason: str,
    when: datetime,
    history_type: str = "+",
) -> int:
    """One history row for each record ("+" created, "~" changed); returns how many."""
    history = model.history.model
    database = router.db_for_write(history)
    connection = connections[database]
    fixed = {
        "history_date": when,
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": reason,
        "history_type": history_type,
    }
    fields = [field for field in history._meta.concrete_fields if not field.primary_key]
    tracked = {field.attname for field in history.tracked_fields}
    unknown = {f.attname for f in fields} - tracked - set(fixed)
    if unknown:
        raise TypeError(f"write_history() cannot fill {sorted(unknown)} of {history.__name__}")
    quote = connection.ops.quote_name
    # Table and column names come from the model and are quoted; every value is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(history._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    count = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(records):
            rows = [
                [
                    field.get_db_prep_save(
                        fixed[field.attname]
                        if field.attname in fixed
                        else getattr(record, field.attname),
                        connection,
                    )
                    for field in fields
                ]
                for record in chunk
            ]
            cursor.executemany(sql, rows)
            count += len(rows)
    return count


def _chunks(records: Iterable) -> Iterable[Sequence]:
    chunk = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
