"""The yearly cap per person (reference: labor-law.md §5), editable in the admin."""

from datetime import date

from django.db import migrations


def load(apps, schema_editor):
    apps.get_model("accommodation", "SubsidyCap").objects.update_or_create(
        effective_from=date(2013, 1, 1),
        defaults={"amount": 100000, "source_url": "https://job.taiwanjobs.gov.tw/Internet/Index/DocDetail.aspx?docid=18684&uk=1438"},
    )


def unload(apps, schema_editor):
    apps.get_model("accommodation", "SubsidyCap").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accommodation", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
