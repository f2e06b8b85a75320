from django.db import migrations


def seed_default_criteria(apps, schema_editor):
    # Production gets the "3 nắm, 3 biết, 3 làm" set too, not only the demo.
    from commendations.services.criteria import ensure_default_criteria_set

    ensure_default_criteria_set(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("commendations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_default_criteria, migrations.RunPython.noop),
    ]
