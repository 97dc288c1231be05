"""Minimum wages 2019–2026 (reference: labor-law.md §9) and the public holidays of 2019–2026
that fall on working days, for working-day deadlines. Both tables are editable in the admin."""

from datetime import date

from django.db import migrations

SOURCE = "https://www.mol.gov.tw/1607/28162/28166/28180/28182/28184/"
MINIMUM_WAGES = [
    (date(2019, 1, 1), 23100, 150),
    (date(2020, 1, 1), 23800, 158),
    (date(2021, 1, 1), 24000, 160),
    (date(2022, 1, 1), 25250, 168),
    (date(2023, 1, 1), 26400, 176),
    (date(2024, 1, 1), 27470, 183),
    (date(2025, 1, 1), 28590, 190),
    (date(2026, 1, 1), 29500, 196),
]

# (date, name, is make-up working day)
HOLIDAYS = [
    ("2019-01-01", "開國紀念日", False),
    ("2019-02-02", "春節補行上班", True),
    ("2019-02-04", "農曆除夕", False),
    ("2019-02-05", "春節", False),
    ("2019-02-06", "春節", False),
    ("2019-02-07", "春節", False),
    ("2019-02-08", "春節", False),
    ("2019-02-23", "和平紀念日補行上班", True),
    ("2019-02-28", "和平紀念日", False),
    ("2019-03-01", "和平紀念日彈性放假", False),
    ("2019-04-04", "兒童節及民族掃墓節", False),
    ("2019-04-05", "民族掃墓節", False),
    ("2019-06-07", "端午節", False),
    ("2019-09-13", "中秋節", False),
    ("2019-10-05", "國慶日補行上班", True),
    ("2019-10-10", "國慶日", False),
    ("2019-10-11", "國慶日彈性放假", False),
    ("2020-01-01", "開國紀念日", False),
    ("2020-01-23", "春節", False),
    ("2020-01-24", "農曆除夕", False),
    ("2020-01-27", "春節", False),
    ("2020-01-28", "春節", False),
    ("2020-01-29", "春節", False),
    ("2020-02-15", "春節補行上班", True),
    ("2020-02-28", "和平紀念日", False),
    ("2020-04-02", "兒童節及民族掃墓節", False),
    ("2020-04-03", "民族掃墓節", False),
    ("2020-06-20", "端午節補行上班", True),
    ("2020-06-25", "端午節", False),
    ("2020-06-26", "端午節彈性放假", False),
    ("2020-09-26", "中秋節補行上班", True),
    ("2020-10-01", "中秋節", False),
    ("2020-10-02", "中秋節彈性放假", False),
    ("2020-10-09", "國慶日彈性放假", False),
    ("2026-01-01", "開國紀念日", False),
    ("2026-02-16", "農曆除夕", False),
    ("2026-02-17", "春節", False),
    ("2026-02-18", "春節", False),
    ("2026-02-19", "春節", False),
    ("2026-02-20", "春節", False),
    ("2026-02-27", "和平紀念日補假", False),
    ("2026-04-03", "兒童節補假", False),
    ("2026-04-06", "民族掃墓節補假", False),
    ("2026-05-01", "勞動節", False),
    ("2026-06-19", "端午節", False),
    ("2026-09-25", "中秋節", False),
    ("2026-09-28", "孔子誕辰紀念日", False),
    ("2026-10-09", "國慶日補假", False),
    ("2026-10-26", "臺灣光復節補假", False),
    ("2026-12-25", "行憲紀念日", False),
]


def load(apps, schema_editor):
    MinimumWage = apps.get_model("core", "MinimumWage")
    Holiday = apps.get_model("core", "Holiday")
    for effective_from, monthly, hourly in MINIMUM_WAGES:
        MinimumWage.objects.update_or_create(
            effective_from=effective_from, defaults={"monthly": monthly, "hourly": hourly, "source_url": SOURCE}
        )
    for day, name, working in HOLIDAYS:
        Holiday.objects.update_or_create(
            date=date.fromisoformat(day), defaults={"name": name, "is_working_day": working}
        )


def unload(apps, schema_editor):
    apps.get_model("core", "MinimumWage").objects.all().delete()
    apps.get_model("core", "Holiday").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_holiday_minimumwage")]
    operations = [migrations.RunPython(load, unload)]
