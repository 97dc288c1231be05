"""SQLite: a second full-text index of the vacancies, in salary order.

The vacancy search's salary order with a text query needs the highest-paid matches first. The
full-text index (migration 0002) gives a query's matches by id; when the query is frequent (門市
is in one vacancy of six) and its vacancies pay less than most, finding the best-paid twenty
meant reading the whole set of matches and walking the salary index past tens of thousands of
other vacancies.

``jobs_vacancy_salary_fts`` indexes the same tokens under the key ``monthly_equivalent × 2³² +
id``, so a query's matches come out of the index already in the salary order (``-monthly_equivalent,
-id``) and a page stops after its rows. It is contentless (it stores only the index; the key
gives the id back) and keeps no positions (``detail=none``: a query only ANDs single tokens).
Triggers keep it in step with every insert, delete and change of the tokens or the salary, as
the first index's do. PostgreSQL has no use for it.
"""

from django.db import migrations

TABLE = "jobs_vacancy"
FTS = "jobs_vacancy_salary_fts"
KEY = "(({row}.monthly_equivalent << 32) | {row}.id)"


def key(row: str) -> str:
    """The index key of a vacancy row (``new``, ``old`` or the table): salary, then id."""
    return KEY.format(row=row)


SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(search_tokens, content='', "
    "tokenize='ascii', detail='none', columnsize=0)",
    f"INSERT INTO {FTS}(rowid, search_tokens) SELECT {key(TABLE)}, search_tokens FROM {TABLE}",
]
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, search_tokens) VALUES ({key('new')}, new.search_tokens); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_tokens) VALUES ('delete', {key('old')}, old.search_tokens); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF search_tokens, monthly_equivalent, id "
    f"ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_tokens) VALUES ('delete', {key('old')}, old.search_tokens); "
    f"INSERT INTO {FTS}(rowid, search_tokens) VALUES ({key('new')}, new.search_tokens); END",
]
SQLITE_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}" for suffix in ("ai", "ad", "au")),
    f"DROP TABLE IF EXISTS {FTS}",
]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in (*SQLITE_FORWARD, *SQLITE_TRIGGERS):
            schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_REVERSE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0004_salary_by_type")]
    operations = [migrations.RunPython(create_index, drop_index)]
