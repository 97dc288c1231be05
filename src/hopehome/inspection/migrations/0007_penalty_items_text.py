"""Each penalty carries the text of its items, for the full CSV download.

The full CSV lists every penalty's laws and articles. Aggregating its items in a correlated
subquery for every row of the download cost PostgreSQL some 10 µs a row (an index probe and an
aggregate per penalty): the server then produced 35,000 rows a second, fewer than the download
writes. ``inspection_penalty.items_text`` holds the same text, ``law␟article`` for each item
joined by ␞ in item order (NULL without items), kept by triggers on the items table for every
insert, delete and change of an item's penalty, law or article. Like the items' copy of their
penalty's status and date (0004) it is not a model field, so no ``save()`` can write a stale one.
"""

from django.db import migrations

ITEM = "inspection_penaltyitem"
PENALTY = "inspection_penalty"

COLUMN = f"ALTER TABLE {PENALTY} ADD COLUMN items_text text NULL"
DROP_COLUMN = f"ALTER TABLE {PENALTY} DROP COLUMN items_text"


def items_text_sql(vendor: str, penalty_id: str) -> str:
    """SQL of the items text of the penalty ``penalty_id`` (an SQL expression)."""
    if vendor == "postgresql":
        return (
            f"(SELECT string_agg(law || chr(31) || article, chr(30) ORDER BY id) FROM {ITEM} "
            f"WHERE penalty_id = {penalty_id})"
        )
    return (
        f"(SELECT group_concat(law || char(31) || article, char(30)) FROM (SELECT law, article "
        f"FROM {ITEM} WHERE penalty_id = {penalty_id} ORDER BY id))"
    )


BACKFILL = {
    "postgresql": (
        f"UPDATE {PENALTY} SET items_text = agg.text FROM (SELECT penalty_id, "
        f"string_agg(law || chr(31) || article, chr(30) ORDER BY id) AS text FROM {ITEM} "
        f"GROUP BY penalty_id) AS agg WHERE agg.penalty_id = {PENALTY}.id"
    ),
    "sqlite": (
        f"UPDATE {PENALTY} SET items_text = {items_text_sql('sqlite', f'{PENALTY}.id')} "
        f"WHERE id IN (SELECT penalty_id FROM {ITEM})"
    ),
}


def _sqlite_update(row: str) -> str:
    pid = f"{row}.penalty_id"
    return f"UPDATE {PENALTY} SET items_text = {items_text_sql('sqlite', pid)} WHERE id = {pid};"


def _postgres_update(row: str) -> str:
    pid = f"{row}.penalty_id"
    return f"UPDATE {PENALTY} SET items_text = {items_text_sql('postgresql', pid)} WHERE id = {pid};"


TRIGGERS = {
    "sqlite": (
        [
            f"CREATE TRIGGER {ITEM}_text_ai AFTER INSERT ON {ITEM} BEGIN {_sqlite_update('new')} END",
            f"CREATE TRIGGER {ITEM}_text_ad AFTER DELETE ON {ITEM} BEGIN {_sqlite_update('old')} END",
            f"CREATE TRIGGER {ITEM}_text_au AFTER UPDATE OF penalty_id, law, article ON {ITEM} "
            f"BEGIN {_sqlite_update('old')} {_sqlite_update('new')} END",
        ],
        [f"DROP TRIGGER IF EXISTS {ITEM}_text_{suffix}" for suffix in ("ai", "ad", "au")],
    ),
    "postgresql": (
        [
            f"CREATE OR REPLACE FUNCTION {ITEM}_text() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {_postgres_update('OLD')} END IF; "
            f"IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.penalty_id <> OLD.penalty_id) THEN "
            f"{_postgres_update('NEW')} END IF; RETURN NULL; END $$",
            f"CREATE TRIGGER {ITEM}_text AFTER INSERT OR DELETE OR UPDATE OF penalty_id, law, article "
            f"ON {ITEM} FOR EACH ROW EXECUTE FUNCTION {ITEM}_text()",
        ],
        [
            f"DROP TRIGGER IF EXISTS {ITEM}_text ON {ITEM}",
            f"DROP FUNCTION IF EXISTS {ITEM}_text()",
        ],
    ),
}


def trigger_sql(vendor: str) -> tuple[list[str], list[str]]:
    """(create, drop) SQL of the triggers keeping each penalty's items text."""
    return TRIGGERS.get(vendor, ([], []))


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in TRIGGERS:
        return
    for sql in [COLUMN, BACKFILL[vendor], *trigger_sql(vendor)[0]]:
        schema_editor.execute(sql)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in TRIGGERS:
        return
    for sql in [*trigger_sql(vendor)[1], DROP_COLUMN]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("inspection", "0006_law_count_index")]
    operations = [migrations.RunPython(forward, reverse)]
