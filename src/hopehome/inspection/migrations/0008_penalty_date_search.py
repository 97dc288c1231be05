"""SQLite: a second full-text index of the penalties, keyed by decision date.

A name with a year (安南, 勞基法, 2024) was counted by looking each of the name's matches up
(18,747 for a place name) to keep the 1,300 decided that year: 30 ms, whichever index answered.
``inspection_penalty_date_fts`` indexes the same tokens under the key ``days since 1970 of
decided_on × 2³² + id``: the matches of a name in one year are one range of keys, which FTS5
reads directly (a few milliseconds), and only those are checked against the other filters.
It is contentless (the key gives the id back) and keeps no positions (a query only ANDs single
tokens). Triggers keep it in step with every insert, delete and change of the tokens or the
date, as the first index's do. PostgreSQL has no use for it.
"""

from django.db import migrations

TABLE = "inspection_penalty"
FTS = "inspection_penalty_date_fts"
ID_BITS = 32


def key(row: str) -> str:
    """The index key of a penalty row (``new``, ``old`` or the table): its date, then its id."""
    days = f"COALESCE(CAST(julianday({row}.decided_on) - 2440587.5 AS INTEGER), 0)"
    return f"(({days} << {ID_BITS}) | {row}.id)"


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
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF search_tokens, decided_on, id ON {TABLE} "
    f"BEGIN INSERT INTO {FTS}({FTS}, rowid, search_tokens) VALUES ('delete', {key('old')}, old.search_tokens); "
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
    dependencies = [("inspection", "0007_penalty_items_text")]
    operations = [migrations.RunPython(create_index, drop_index)]
