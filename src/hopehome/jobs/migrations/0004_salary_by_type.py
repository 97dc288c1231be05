"""PostgreSQL: the salary order within one employment type.

``(status, employment_type, monthly_equivalent DESC, id DESC, expires_on)``: a salary floor
with a type (part-time from NT$40,000 a month) is one range of this index, counted from the
index alone and paged in salary order. Without it the salary order is walked from the highest
salaries down, past every vacancy of the other types, before the first part-time one shows.
SQLite has its own walk and count indexes (migration 0003).
"""

from django.db import migrations

TABLE = "jobs_vacancy"
INDEX = "vacancy_salary_by_type"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} "
            "(status, employment_type, monthly_equivalent DESC, id DESC, expires_on)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0003_search_performance")]
    operations = [migrations.RunPython(create_index, drop_index)]
