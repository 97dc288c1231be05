"""Working 職災慰問金 amounts by severity.

The city sets the amounts by its own rules; these rows are editable data (staff screen and
admin) and the screen asks the bureau to confirm them against the current rules.
"""

from datetime import date

from django.db import migrations

RATES = {"death": 100000, "disability": 50000, "injury": 20000}
NOTE = "預設額度，請依本市職災勞工慰問金發給規定確認"


def load(apps, schema_editor):
    Rate = apps.get_model("casework", "ConsolationRate")
    for severity, amount in RATES.items():
        Rate.objects.update_or_create(
            severity=severity, effective_from=date(2013, 1, 1), defaults={"amount": amount, "note": NOTE}
        )


def unload(apps, schema_editor):
    apps.get_model("casework", "ConsolationRate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
