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


def search(queryset: QuerySet, query: str | None) -> QuerySet:
    """Filter ``queryset`` (a model with ``search_tokens``) to rows matching every query token."""
    terms = query_tokens(query)
    if not terms:
        return queryset
    model = queryset.model
    if connection.vendor == "sqlite":
        match = " AND ".join('"' + t.replace('"', "") + '"' for t in terms)
        return queryset.extra(
            where=[f"{model._meta.db_table}.id IN (SELECT rowid FROM {fts_table(model)} WHERE {fts_table(model)} MATCH %s)"],
            params=[match],
        )
    if connection.vendor == "postgresql":
        tsquery = " & ".join("'" + t.replace("'", "") + "'" for t in terms)
        return queryset.extra(
            where=[f"to_tsvector('simple', {model._meta.db_table}.search_tokens) @@ to_tsquery('simple', %s)"],
            params=[tsquery],
        )
    for t in terms:  # other databases: a plain scan (no index), same semantics
        queryset = queryset.filter(search_tokens__contains=t)
    return queryset


def index_sql(vendor: str, table: str) -> tuple[list[str], list[str]]:
    """(forward, reverse) SQL that creates the search index of ``table.search_tokens``."""
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
        return (
            [f"CREATE INDEX {table}_search_gin ON {table} USING GIN (to_tsvector('simple', search_tokens))"],
            [f"DROP INDEX IF EXISTS {table}_search_gin"],
        )
    return [], []


def search_index_operation(table: str):
    """A migration operation creating the search index for whichever database runs it."""
    from django.db import migrations

    def forward(apps, schema_editor):
        for sql in index_sql(schema_editor.connection.vendor, table)[0]:
            schema_editor.execute(sql)

    def reverse(apps, schema_editor):
        for sql in index_sql(schema_editor.connection.vendor, table)[1]:
            schema_editor.execute(sql)

    return migrations.RunPython(forward, reverse)
