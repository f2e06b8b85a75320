# Invitations, questions and themes had no history before 0004: give each existing row its first
# historical record (version 1), so a refused stale save can say what changed since. Inserts only.

from django.db import migrations
from django.utils import timezone

FIELDS = {
    "Invitation": [
        "id", "version", "event_id", "unit_id", "guest_name", "guest_position",
        "guest_organisation", "reply", "replied_at", "replied_by_id", "checked_in_at",
        "checked_in_by_id", "code", "created_at",
    ],
    "Question": ["id", "version", "survey_id", "kind", "text", "help_text", "required", "order",
                 "choices"],
    "Theme": ["id", "version", "name", "order", "active"],
}


def first_history(apps, schema_editor):
    now = timezone.now()
    for name, fields in FIELDS.items():
        model = apps.get_model("events", name)
        historical = apps.get_model("events", f"Historical{name}")
        have = set(historical.objects.values_list("id", flat=True))
        rows = [
            historical(
                **{field: getattr(obj, field) for field in fields},
                history_date=now,
                history_type="+",
                history_change_reason="history started",
            )
            for obj in model.objects.exclude(pk__in=have).iterator()
        ]
        historical.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0004_record_versions_and_history"),
    ]

    operations = [migrations.RunPython(first_history, migrations.RunPython.noop)]
