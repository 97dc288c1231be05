"""Tainan's 37 districts, industry sections A–S (Rev. 11), target groups and divisions."""

from django.db import migrations

from hopehome.core.reference_data import DISTRICTS, DIVISIONS, INDUSTRY_SECTIONS, TARGET_GROUPS


def load(apps, schema_editor):
    District = apps.get_model("core", "District")
    Industry = apps.get_model("core", "Industry")
    TargetGroup = apps.get_model("core", "TargetGroup")
    Division = apps.get_model("core", "Division")
    for postcode, zh, en in DISTRICTS:
        District.objects.update_or_create(postcode=postcode, defaults={"name_zh": zh, "name_en": en})
    for code, zh, en in INDUSTRY_SECTIONS:
        Industry.objects.update_or_create(
            revision="11", code=code, defaults={"name_zh": zh, "name_en": en, "level": "section"}
        )
    for order, (code, zh, en) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.update_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "sort_order": order}
        )
    for order, (code, zh, en) in enumerate(DIVISIONS):
        Division.objects.update_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "sort_order": order}
        )


def unload(apps, schema_editor):
    for model in ("District", "Industry", "TargetGroup", "Division"):
        apps.get_model("core", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
