"""Chinese full-text search: folded text split into character bigrams (and unigrams).

Text is folded (:func:`hopehome.core.text.fold`: NFKC, 臺→台 and other variants, lower case),
then each run of CJK characters becomes its overlapping bigrams plus its single characters, and
each run of letters or digits becomes one token. The tokens are stored, space-separated, in a
model's ``search_tokens`` column and indexed by SQLite FTS5 (the ``ascii`` tokenizer keeps each
non-ASCII token whole) or, on PostgreSQL, by a GIN index on ``to_tsvector('simple', …)``.

A query is tokenised the same way: a two-character query is one bigram; a longer one is all its
bigrams (AND); a single character matches the unigram. Mixed text (``Python工程師``) works
because letter runs and CJK runs are tokenised separately. The index follows every insert,
update and delete at once (FTS5 triggers, or the expression index on PostgreSQL).

A large table may keep its PostgreSQL ``tsvector`` in a stored generated column instead of
the expression index (:func:`stored_vector_operation`); its model says so with the class
attribute ``search_vector_column = "search_vector"`` and :func:`search` then matches that column,
so counting matches does not re-run ``to_tsvector`` on every row. On SQLite both are the same.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import QuerySet

from .text import fold

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_TOKEN_RE = re.compile(rf"[{_CJK}]+|[0-9a-z]+")


def tokens(text: str | None, *, unigrams: bool = True) -> list[str]:
    """The index tokens of ``text`` (deduplicated, in order)."""
    out: list[str] = []
    for run in _TOKEN_RE.findall(fold(text)):
        if run[0].isascii():
            out.append(run)
            continue
        if unigrams or len(run) == 1:
            out.extend(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(out))


def index_text(*parts: str | None) -> str:
    return " ".join(tokens(" ".join(p or "" for p in parts)))


def query_tokens(query: str | None) -> list[str]:
    """Tokens a query must all match: bigrams for CJK runs of 2+, the character for a single one."""
    return tokens(query, unigrams=False)


def fts_table(model) -> str:
    return f"{model._meta.db_table}_fts"


def fts_match_text(terms: list[str]) -> str:
    """The FTS5 ``MATCH`` text of query tokens (all of them, AND)."""
    return " AND ".join('"' + t.replace('"', "") + '"' for t in terms)


def tsquery_text(terms: list[str]) -> str:
    """The PostgreSQL ``to_tsquery('simple', …)`` text of query tokens (all of them, AND)."""
    return " & ".join("'" + t.replace("'", "") + "'" for t in terms)


def tsvector_sql(model) -> str:
    """The SQL of a model's ``tsvector`` on PostgreSQL: its stored column, or the expression."""
    table = model._meta.db_table
    column = getattr(model, "search_vector_column", None)
    if column:
        return f"{table}.{column}"
    return f"to_tsvector('simple', {table}.search_tokens)"


def search(queryset: QuerySet, query: str | None) -> QuerySet:
    """Filter ``queryset`` (a model with ``search_tokens``) to rows matching every query token."""
    terms = query_tokens(query)
    if not terms:
        return queryset
    model = queryset.model
    if connection.vendor == "sqlite":
        match = fts_match_text(terms)
        return queryset.extra(
            where=[f"{model._meta.db_table}.id IN (SELECT rowid FROM {fts_table(model)} WHERE {fts_table(model)} MATCH %s)"],
            params=[match],
        )
    if connection.vendor == "postgresql":
        return queryset.extra(
            where=[f"{tsvector_sql(model)} @@ to_tsquery('simple', %s)"], params=[tsquery_text(terms)]
        )
    for t in terms:  # other databases: a plain scan (no index), same semantics
        queryset = queryset.filter(search_tokens__contains=t)
    return queryset


def index_sql(
    vendor: str, table: str, *, stored_vector: bool = False
) -> tuple[list[str], list[str]]:
    """(forward, reverse) SQL that creates the search index of ``table.search_tokens``.

    With ``stored_vector`` the PostgreSQL GIN index is on the stored column ``search_vector``
    (which :func:`stored_vector_sql` adds) rather than on the expression.
    """
    fts = f"{table}_fts"
    if vendor == "sqlite":
        forward = [
            f"CREATE VIRTUAL TABLE {fts} USING fts5(search_tokens, content='{table}', content_rowid='id', tokenize='ascii')",
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN INSERT INTO {fts}(rowid, search_tokens) VALUES (new.id, new.search_tokens); END",
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN INSERT INTO {fts}({fts}, rowid, search_tokens) VALUES('delete', old.id, old.search_tokens); END",
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF search_tokens ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_tokens) VALUES('delete', old.id, old.search_tokens); "
            f"INSERT INTO {fts}(rowid, search_tokens) VALUES (new.id, new.search_tokens); END",
            f"INSERT INTO {fts}({fts}) VALUES('rebuild')",
        ]
        reverse = [f"DROP TRIGGER IF EXISTS {fts}_{s}" for s in ("ai", "ad", "au")] + [f"DROP TABLE IF EXISTS {fts}"]
        return forward, reverse
    if vendor == "postgresql":
        indexed = "search_vector" if stored_vector else "to_tsvector('simple', search_tokens)"
        return (
            [f"CREATE INDEX {table}_search_gin ON {table} USING GIN ({indexed})"],
            [f"DROP INDEX IF EXISTS {table}_search_gin"],
        )
    return [], []


def stored_vector_sql(vendor: str, table: str) -> tuple[list[str], list[str]]:
    """(forward, reverse) SQL moving a PostgreSQL search index onto a stored ``tsvector``.

    Forward adds ``search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple',
    search_tokens)) STORED`` and puts the GIN index on it in place of the expression index;
    reverse restores the expression index. Nothing to do on SQLite (FTS5 already stores it).
    """
    if vendor != "postgresql":
        return [], []
    drop_index = index_sql(vendor, table)[1]
    forward = [
        *drop_index,
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED",
        *index_sql(vendor, table, stored_vector=True)[0],
    ]
    reverse = [
        *drop_index,
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        *index_sql(vendor, table)[0],
    ]
    return forward, reverse


def _sql_operation(statements):
    from django.db import migrations

    def forward(apps, schema_editor):
        for sql in statements(schema_editor.connection.vendor)[0]:
            schema_editor.execute(sql)

    def reverse(apps, schema_editor):
        for sql in statements(schema_editor.connection.vendor)[1]:
            schema_editor.execute(sql)

    return migrations.RunPython(forward, reverse)


def search_index_operation(table: str):
    """A migration operation creating the search index for whichever database runs it."""
    return _sql_operation(lambda vendor: index_sql(vendor, table))


def stored_vector_operation(table: str):
    """A migration operation moving ``table``'s PostgreSQL search index onto a stored
    ``search_vector`` column (:func:`stored_vector_sql`); nothing on SQLite. The model then
    declares ``search_vector_column = "search_vector"``."""
    return _sql_operation(lambda vendor: stored_vector_sql(vendor, table))
