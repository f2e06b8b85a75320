"""On PostgreSQL, trigram indexes (pg_trgm) on the folded search text of members and units, so that
the `LIKE '%word%'` of every search box reads the index instead of the whole table (a district's
member search over 200,000 members: 102 ms → 21 ms). Other databases keep working without them,
which is why the indexes are made here and not declared in the models' Meta."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEXES = {
    "member": GinIndex(
        fields=["search_text"], name="branches_member_search_trgm", opclasses=["gin_trgm_ops"]
    ),
    "unit": GinIndex(
        fields=["search_text"], name="branches_unit_search_trgm", opclasses=["gin_trgm_ops"]
    ),
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for model, index in INDEXES.items():
        schema_editor.add_index(apps.get_model("branches", model), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in INDEXES.items():
        schema_editor.remove_index(apps.get_model("branches", model), index)


class Migration(migrations.Migration):
    dependencies = [("branches", "0006_years_from_dates")]

    operations = [migrations.RunPython(add_indexes, remove_indexes, elidable=False)]
