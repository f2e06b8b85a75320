"""A member whose date of birth (or of admission) is known has its year too, in history as well."""

from django.db import migrations
from django.db.models.functions import ExtractYear


def years_from_dates(apps, schema_editor):
    for name in ("Member", "HistoricalMember"):
        model = apps.get_model("branches", name)
        model.objects.filter(birth_date__isnull=False).update(birth_year=ExtractYear("birth_date"))
        model.objects.filter(joined_on__isnull=False).update(joined_year=ExtractYear("joined_on"))


class Migration(migrations.Migration):
    dependencies = [("branches", "0005_imports")]

    operations = [migrations.RunPython(years_from_dates, migrations.RunPython.noop)]
