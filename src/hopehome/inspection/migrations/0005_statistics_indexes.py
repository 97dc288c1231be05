"""Indexes that keep a year's statistics page and combined searches cheap.

* ``inspection (inspected_on, type, organization_id)`` covers the inspections of a year by day,
  type and unit without reading the inspection rows;
* ``updated_at`` of inspections and counselling visits give the statistics cache its data
  version from indexes alone (as ``penalty_reg_updated`` does for penalties);
* SQLite: ``penalty (id, status, decided_on, industry_code, district_postcode, appeal_status,
  source)``, so that counting the matches of a name together with other filters looks each
  match up in this narrow index instead of reading its row (``INDEXED BY`` in
  ``queries._Plan.count``).
"""

from django.db import migrations

INDEXES = [
    ("inspection_reg_day", "inspection_inspection", "inspected_on, type, organization_id"),
    ("inspection_reg_updated", "inspection_inspection", "updated_at"),
    ("counsellingvisit_reg_updated", "inspection_counsellingvisit", "updated_at"),
]


LOOKUP_INDEX = "penalty_reg_lookup"
LOOKUP_COLUMNS = "id, status, decided_on, industry_code, district_postcode, appeal_status, source"


def create_lookup(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {LOOKUP_INDEX} ON inspection_penalty ({LOOKUP_COLUMNS})"
        )


def drop_lookup(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {LOOKUP_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("inspection", "0004_register_search")]
    operations = [
        *(
            migrations.RunSQL(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
                f"DROP INDEX IF EXISTS {name}",
            )
            for name, table, columns in INDEXES
        ),
        migrations.RunPython(create_lookup, drop_lookup),
    ]
