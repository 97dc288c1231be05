"""Working TTQS grade bands (total of the 19 indicator scores, 0–95).

The official thresholds are not published; these are the bureau's editable working values and
the staff screen says so.
"""

from django.db import migrations

BANDS = {"pass": 50, "bronze": 58, "silver": 66, "gold": 74, "platinum": 84}


def load(apps, schema_editor):
    Band = apps.get_model("training", "TTQSGradeBand")
    for form_type in ("provider", "enterprise"):
        for grade, min_total in BANDS.items():
            Band.objects.update_or_create(form_type=form_type, grade=grade, defaults={"min_total": min_total})


def unload(apps, schema_editor):
    apps.get_model("training", "TTQSGradeBand").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
