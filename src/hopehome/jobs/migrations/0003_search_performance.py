"""Vacancy search stays fast with a million vacancies.

* The display orders (newest, salary) with the closing date: a page and a capped count are
  read from the index alone.
* ``(status, district, employment_type, posted_on, id, expires_on)``: district and type
  together, newest first, counted from the index alone.
* One partial index per friendly flag and accessibility feature: the vacancies showing it,
  newest first, with the closing date for counting.
* SQLite: the two display orders, and one count index led by each equality filter (district,
  industry, occupation, type), each carrying every filter column: a page is walked and any
  combination of filters counted up to 10,001 from one index, reading the table only for the
  rows shown.
* SQLite: ``vacancy_search_cover`` keeps, by vacancy id, every column the search filters on.
  A text query is matched in the full-text index, whose rows come out by id; each match is then
  checked against this narrow index instead of the table, so counting up to 10,001 matches
  reads a few megabytes rather than a page of the table per match.
* PostgreSQL: the vacancy's ``tsvector`` becomes a stored generated column ``search_vector``
  (``Vacancy.search_vector_column``) with the GIN index on it, so that checking a row does not
  re-run ``to_tsvector``; without positions (``strip``) and kept in the row (storage MAIN), so
  that it does not read the TOAST table either.
"""

from django.db import migrations, models
from django.db.models import Q

TABLE = "jobs_vacancy"
COVER_COLUMNS = (
    "id, status, expires_on, district_id, industry_id, occupation, employment_type, "
    "monthly_equivalent, friendly_youth, friendly_disability, friendly_middle_aged, "
    "friendly_new_immigrant, friendly_indigenous, access_step_free, access_screen_reader, "
    "access_assistive_devices, access_flexible_hours"
)
FLAG_INDEXES = (
    ("friendly_youth", "vacancy_flag_youth"),
    ("friendly_disability", "vacancy_flag_disability"),
    ("friendly_middle_aged", "vacancy_flag_middle_aged"),
    ("friendly_new_immigrant", "vacancy_flag_new_immigrant"),
    ("friendly_indigenous", "vacancy_flag_indigenous"),
    ("access_step_free", "vacancy_access_step_free"),
    ("access_screen_reader", "vacancy_access_screen_reader"),
    ("access_assistive_devices", "vacancy_access_assistive"),
    ("access_flexible_hours", "vacancy_access_flexible_hours"),
)


FILTER_COLUMNS = (
    "district_id", "industry_id", "occupation", "employment_type", "monthly_equivalent",
    "friendly_youth", "friendly_disability", "friendly_middle_aged", "friendly_new_immigrant",
    "friendly_indigenous", "access_step_free", "access_screen_reader", "access_assistive_devices",
    "access_flexible_hours",
)  # fmt: skip
# SQLite: the display orders and, for each equality filter, a count index led by it, each
# carrying every filter column: a page is walked and any combination of filters counted (up to
# 10,001) from one index, reading the table only for the rows shown.
SQLITE_INDEXES = {
    "vacancy_walk_newest": ("status", "posted_on DESC", "id DESC", "expires_on", *FILTER_COLUMNS),
    "vacancy_walk_salary": (
        "status", "monthly_equivalent DESC", "id DESC", "expires_on",
        *(c for c in FILTER_COLUMNS if c != "monthly_equivalent"),
    ),
    **{
        f"vacancy_count_{column.removesuffix('_id')}": (
            "status", column, "expires_on", *(c for c in FILTER_COLUMNS if c != column)
        )
        for column in FILTER_COLUMNS[:4]
    },
}  # fmt: skip


# PostgreSQL: the stored tsvector. Positions are stripped (a query only ANDs its tokens), which
# keeps the vector small enough to stay in the row, compressed, rather than in TOAST: checking
# a row against a query then reads no other page.
POSTGRES_FORWARD = [
    f"DROP INDEX IF EXISTS {TABLE}_search_gin",
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (strip(to_tsvector('simple', search_tokens))) STORED",
    f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE MAIN",
    f"CREATE INDEX {TABLE}_search_gin ON {TABLE} USING GIN (search_vector)",
]
POSTGRES_REVERSE = [
    f"DROP INDEX IF EXISTS {TABLE}_search_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
    f"CREATE INDEX {TABLE}_search_gin ON {TABLE} USING GIN (to_tsvector('simple', search_tokens))",
]


def create_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_FORWARD:
            schema_editor.execute(sql)


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_REVERSE:
            schema_editor.execute(sql)


def create_sqlite_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS vacancy_search_cover ON {TABLE} ({COVER_COLUMNS})"
        )
        for name, columns in SQLITE_INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} ({', '.join(columns)})"
            )


def drop_sqlite_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in ("vacancy_search_cover", *SQLITE_INDEXES):
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_search_index")]
    operations = [
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(
                fields=["status", "-posted_on", "-id", "expires_on"], name="vacancy_search_newest"
            ),
        ),
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(
                fields=["status", "-monthly_equivalent", "-id", "expires_on"],
                name="vacancy_search_salary",
            ),
        ),
        migrations.AddIndex(
            model_name="vacancy",
            index=models.Index(
                fields=["status", "district", "employment_type", "-posted_on", "-id", "expires_on"],
                name="vacancy_search_district_type",
            ),
        ),
        *(
            migrations.AddIndex(
                model_name="vacancy",
                index=models.Index(
                    fields=["status", "-posted_on", "-id", "expires_on", flag],
                    condition=Q(**{flag: True}),
                    name=name,
                ),
            )
            for flag, name in FLAG_INDEXES
        ),
        migrations.RunPython(create_sqlite_indexes, drop_sqlite_indexes),
        migrations.RunPython(create_search_vector, drop_search_vector),
    ]
