from django.db import migrations
from django.utils import timezone

# The records that got a history in 0004: each existing row gets its first historical record, so
# the refusal of a stale edit can say what someone changed since.
MODELS = ["Round", "Honour", "CriteriaSet", "Criterion"]


def start_history(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("commendations", name)
        historical = apps.get_model("commendations", f"Historical{name}")
        fields = [f.attname for f in model._meta.concrete_fields]
        rows = [
            historical(
                **{field: getattr(obj, field) for field in fields},
                history_date=now,
                history_type="+",
                history_change_reason="",
            )
            for obj in model.objects.all()
            if not historical.objects.filter(id=obj.pk).exists()
        ]
        historical.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("commendations", "0004_record_versions_transition_base_evidence_removal"),
    ]

    operations = [
        migrations.RunPython(start_history, migrations.RunPython.noop),
    ]
