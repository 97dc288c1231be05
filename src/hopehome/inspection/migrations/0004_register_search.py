"""The register's search and filters stay fast with a million penalties.

* Each penalty item carries its penalty's ``status`` and ``decided_on`` (columns
  ``penalty_status`` and ``penalty_decided_on``, kept by triggers on both tables, not model
  fields), so a law or article filter with a year, and the year's violations by article, are
  read from one index of the items: ``(law, penalty_status, penalty_decided_on, article,
  penalty_id)`` and ``(penalty_status, penalty_decided_on, law, article)``.
* ``penalty (status, industry_code, district_postcode, decided_on)`` answers industry +
  district together, newest first, with its count.
* PostgreSQL: the penalty's ``tsvector`` becomes a stored generated column ``search_vector``
  with the GIN index on it (``Penalty.search_vector_column``), so counting matches does not
  re-run ``to_tsvector`` for every row.
"""

from django.db import migrations

from hopehome.core.search import stored_vector_operation

ITEM = "inspection_penaltyitem"
PENALTY = "inspection_penalty"

COLUMNS = [
    f"ALTER TABLE {ITEM} ADD COLUMN penalty_status varchar(20) NULL",
    f"ALTER TABLE {ITEM} ADD COLUMN penalty_decided_on date NULL",
]
DROP_COLUMNS = [
    f"ALTER TABLE {ITEM} DROP COLUMN penalty_decided_on",
    f"ALTER TABLE {ITEM} DROP COLUMN penalty_status",
]
BACKFILL = (
    f"UPDATE {ITEM} SET penalty_status = p.status, penalty_decided_on = p.decided_on "
    f"FROM {PENALTY} AS p WHERE p.id = {ITEM}.penalty_id"
)
INDEXES = [
    (
        "penaltyitem_reg_law_year",
        ITEM,
        "law, penalty_status, penalty_decided_on, article, penalty_id",
    ),
    ("penaltyitem_reg_year", ITEM, "penalty_status, penalty_decided_on, law, article"),
    ("penalty_reg_ind_dist", PENALTY, "status, industry_code, district_postcode, decided_on"),
]

_FILL = (
    f"UPDATE {ITEM} SET penalty_status = (SELECT status FROM {PENALTY} WHERE id = new.penalty_id), "
    f"penalty_decided_on = (SELECT decided_on FROM {PENALTY} WHERE id = new.penalty_id) WHERE id = new.id;"
)
TRIGGERS = {
    "sqlite": (
        [
            f"CREATE TRIGGER {ITEM}_reg_ai AFTER INSERT ON {ITEM} BEGIN {_FILL} END",
            f"CREATE TRIGGER {ITEM}_reg_au AFTER UPDATE OF penalty_id ON {ITEM} BEGIN {_FILL} END",
            f"CREATE TRIGGER {PENALTY}_reg_au AFTER UPDATE OF status, decided_on ON {PENALTY} "
            "WHEN old.status IS NOT new.status OR old.decided_on IS NOT new.decided_on BEGIN "
            f"UPDATE {ITEM} SET penalty_status = new.status, penalty_decided_on = new.decided_on "
            "WHERE penalty_id = new.id; END",
        ],
        [
            f"DROP TRIGGER IF EXISTS {ITEM}_reg_ai",
            f"DROP TRIGGER IF EXISTS {ITEM}_reg_au",
            f"DROP TRIGGER IF EXISTS {PENALTY}_reg_au",
        ],
    ),
    "postgresql": (
        [
            f"CREATE OR REPLACE FUNCTION {ITEM}_reg_fill() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"SELECT status, decided_on INTO NEW.penalty_status, NEW.penalty_decided_on FROM {PENALTY} "
            "WHERE id = NEW.penalty_id; RETURN NEW; END $$",
            f"CREATE TRIGGER {ITEM}_reg_fill BEFORE INSERT OR UPDATE OF penalty_id ON {ITEM} "
            f"FOR EACH ROW EXECUTE FUNCTION {ITEM}_reg_fill()",
            f"CREATE OR REPLACE FUNCTION {PENALTY}_reg_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"UPDATE {ITEM} SET penalty_status = NEW.status, penalty_decided_on = NEW.decided_on "
            "WHERE penalty_id = NEW.id; RETURN NULL; END $$",
            f"CREATE TRIGGER {PENALTY}_reg_sync AFTER UPDATE OF status, decided_on ON {PENALTY} "
            "FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.decided_on IS DISTINCT FROM "
            f"NEW.decided_on) EXECUTE FUNCTION {PENALTY}_reg_sync()",
        ],
        [
            f"DROP TRIGGER IF EXISTS {ITEM}_reg_fill ON {ITEM}",
            f"DROP FUNCTION IF EXISTS {ITEM}_reg_fill()",
            f"DROP TRIGGER IF EXISTS {PENALTY}_reg_sync ON {PENALTY}",
            f"DROP FUNCTION IF EXISTS {PENALTY}_reg_sync()",
        ],
    ),
}


def trigger_sql(vendor: str) -> tuple[list[str], list[str]]:
    """(create, drop) SQL of the triggers keeping the items' copy of status and date."""
    return TRIGGERS.get(vendor, ([], []))


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in [*COLUMNS, BACKFILL, *trigger_sql(vendor)[0]]:
        schema_editor.execute(sql)
    for name, table, columns in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, _table, _columns in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for sql in [*trigger_sql(vendor)[1], *DROP_COLUMNS]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("inspection", "0003_register_indexes")]
    operations = [
        migrations.RunPython(forward, reverse),
        stored_vector_operation(PENALTY),
    ]
