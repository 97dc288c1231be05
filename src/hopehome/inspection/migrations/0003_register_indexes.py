"""Indexes of the public register's filters and statistics (a million penalties stay fast).

* ``(status, decided_on, current_amount, appeal_status, source)`` covers a year's daily totals,
  so the statistics read the index alone;
* ``(status, industry_code | district_postcode | source, decided_on)`` serve each filter with
  the newest-first order and its count; ``(status, current_amount, decided_on)`` the amount sort;
* ``penaltyitem (penalty_id, law, article)`` and ``(law, article, penalty_id)`` cover the
  law/article filter and the violations-by-article figures from either side of the join;
* ``updated_at`` gives the statistics cache its data version at once.

Plain SQL that SQLite and PostgreSQL both accept; the model state is unchanged.
"""

from django.db import migrations

INDEXES = [
    (
        "penalty_reg_daily",
        "inspection_penalty",
        "status, decided_on, current_amount, appeal_status, source",
    ),
    ("penalty_reg_industry", "inspection_penalty", "status, industry_code, decided_on"),
    ("penalty_reg_district", "inspection_penalty", "status, district_postcode, decided_on"),
    ("penalty_reg_source", "inspection_penalty", "status, source, decided_on"),
    ("penalty_reg_amount", "inspection_penalty", "status, current_amount, decided_on"),
    ("penalty_reg_updated", "inspection_penalty", "updated_at"),
    ("penaltyitem_reg_penalty", "inspection_penaltyitem", "penalty_id, law, article"),
    ("penaltyitem_reg_law", "inspection_penaltyitem", "law, article, penalty_id"),
]


class Migration(migrations.Migration):
    dependencies = [("inspection", "0002_ranges_and_search")]
    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns in INDEXES
    ]
