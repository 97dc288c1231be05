"""Streaming downloads of the public violations register.

Three formats, each a generator of text chunks that a ``StreamingHttpResponse`` or the CLI
writes as it goes (constant memory: penalties are read with ``values_list()`` and
``iterator(chunk_size=2000)``, their items fetched with one query per chunk):

* :func:`mol_csv_rows` — the Ministry of Labor's 9-column open-data CSV (:data:`mol.MOL_HEADER`):
  dates ``YYYYMMDD``, the authority as published (``臺南市``), the name as ``unit(person)`` or
  the form published, articles joined by ``;``, the amount in digits or empty (unknown), and
  remarks that say the appeal status in words. A file written here imports again unchanged.
* :func:`full_csv_rows` — every public field, one row per decision (:data:`FULL_COLUMNS`).
* :func:`json_chunks` (one JSON array) and :func:`json_lines` (one object per line) with the
  items of each decision.

Only published penalties are written, whatever queryset is passed, and only the public fields
(勞基法 §80-1): no inspection, complaint or complainant data. :data:`DATA_DICTIONARY` describes
every field in Chinese and English for the public data-dictionary page.
"""

from __future__ import annotations

import csv
import html
import json
import queue
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import connections, transaction
from django.db.models import CharField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from . import mol
from .choices import UNDER_APPEAL, AmountType, AppealStatus, Law, PenaltyStatus, Source
from .models import Penalty, PenaltyItem

CHUNK_SIZE = 2000

# The columns read for every format, in this order (rows are tuples, for speed).
_COLUMNS = (
    "id", "authority", "raw_authority", "announced_on", "decided_on", "disposition_number",
    "unit_name", "responsible_person", "raw_name", "content", "initial_amount", "current_amount",
    "amount_type", "appeal_status", "remarks", "source", "source_dataset", "industry_code",
    "district_postcode", "organization__ubn", "updated",
)  # fmt: skip
(ID, AUTHORITY, RAW_AUTHORITY, ANNOUNCED, DECIDED, NUMBER, UNIT, PERSON, RAW_NAME, CONTENT,
 INITIAL, CURRENT, AMOUNT_TYPE, APPEAL, REMARKS, SOURCE, DATASET, INDUSTRY, DISTRICT, UBN,
 UPDATED) = range(len(_COLUMNS))  # fmt: skip
_ITEM_COLUMNS = ("law", "article", "description", "amount")


# --- reading in chunks ----------------------------------------------------------------------
def published(queryset: QuerySet) -> QuerySet:
    """Published penalties only, whatever the caller passed."""
    return queryset.filter(status=PenaltyStatus.PUBLISHED)


Item = tuple[str, str, str, int | None]  # law, article, description, amount


def penalty_chunks(
    queryset: QuerySet, chunk_size: int = CHUNK_SIZE
) -> Iterator[tuple[list[tuple], dict[int, list[Item]]]]:
    """``(rows, items by penalty id)`` for each chunk of published penalties.

    Rows are tuples in :data:`_COLUMNS` order, read through a server-side cursor; the items
    of a chunk are read with one query. ``updated`` is the last change as ``YYYY-MM-DD
    HH:MM:SS`` text in UTC (read as text: converting timestamps would halve the speed).
    """
    rows = (
        published(queryset)
        .select_related(None)
        .prefetch_related(None)
        .annotate(updated=Cast("updated_at", output_field=CharField()))
        .values_list(*_COLUMNS)
        .iterator(chunk_size=chunk_size)
    )
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk_size:
            yield batch, _items_of(batch, queryset.db)
            batch = []
    if batch:
        yield batch, _items_of(batch, queryset.db)


def _items_of(batch: list[tuple], using: str) -> dict[int, list[Item]]:
    """The items of the penalties in ``batch``, in their order, by penalty id (one query)."""
    connection = connections[using]
    qn = connection.ops.quote_name
    ids = [row[ID] for row in batch]
    sql = "SELECT {pid}, {cols} FROM {table} WHERE {pid} IN ({marks}) ORDER BY {pid}, {id}".format(
        pid=qn("penalty_id"), cols=", ".join(qn(c) for c in _ITEM_COLUMNS),
        table=qn(PenaltyItem._meta.db_table), marks=", ".join(["%s"] * len(ids)), id=qn("id"),
    )  # fmt: skip
    items: dict[int, list[Item]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        for penalty_id, *item in cursor.fetchall():
            items[penalty_id].append(tuple(item))
    return items


def penalty_records(queryset: QuerySet, chunk_size: int = CHUNK_SIZE) -> Iterator[dict[str, Any]]:
    """Each published penalty as a dict of its public fields plus ``items`` (a list of dicts)."""
    names = [c.replace("organization__", "") for c in _COLUMNS]
    for rows, items in penalty_chunks(queryset, chunk_size):
        for row in rows:
            record = dict(zip(names, row, strict=True))
            record["items"] = [
                dict(zip(_ITEM_COLUMNS, i, strict=True)) for i in items.get(row[ID], ())
            ]
            yield record


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


class _Labels:
    """Display names resolved once per download (in the active language)."""

    def __init__(self) -> None:
        self.law = _labels(Law)
        self.appeal = _labels(AppealStatus)
        self.source = _labels(Source)
        self.amount_type = _labels(AmountType)


class _Line:
    """A file-like object whose ``write`` returns the line, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV-encoded lines (``\\n`` line ends) of ``rows``, one at a time."""
    writer = csv.writer(_Line(), lineterminator="\n")
    for row in rows:
        yield writer.writerow(row)


def _ymd(value: date | None) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}" if value else ""


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _timestamp(value: str | None) -> str:
    """``2026-11-26 15:31:12.94+00`` (database text, UTC) → ``2026-11-26T15:31:12Z``."""
    return f"{value[:10]}T{value[11:19]}Z" if value else ""


def _amount(value: int | None) -> str:
    return "" if value is None else str(value)


def _articles(items: Iterable[Item], law_labels: dict[str, str]) -> str:
    return ";".join(f"{law_labels.get(i[0], i[0])}{i[1]}" for i in items)


# --- the Ministry of Labor's 9-column CSV ---------------------------------------------------
def published_name(raw_name: str, unit: str, person: str) -> str:
    """The name column: the form published (entities decoded, lines joined) or ``unit(person)``."""
    if raw_name:
        if "&" in raw_name or "\n" in raw_name or "\r" in raw_name:
            return mol.join_lines(html.unescape(raw_name)).strip()
        return raw_name.strip()
    if unit and person:
        return f"{unit}({person})"
    return unit or person


@lru_cache(maxsize=4096)
def _remark_status(remarks: str) -> str:
    return mol.parse_remarks(remarks).status


def mol_remarks(appeal_status: str, remarks: str, labels: _Labels | None = None) -> str:
    """備註說明: the appeal status in words, then the remarks (once, if they already say it)."""
    remarks = remarks or ""
    if appeal_status == AppealStatus.NONE_REPORTED:
        return remarks
    words = (labels.appeal if labels else _labels(AppealStatus)).get(appeal_status, "")
    if not remarks:
        return words
    if _remark_status(remarks) == appeal_status:
        return remarks
    return f"{words}；{remarks}"


def mol_rows(queryset: QuerySet) -> Iterator[list[str]]:
    """The 9-column rows (header first) of the published penalties in ``queryset``."""
    labels = _Labels()
    law_labels = labels.law
    yield list(mol.MOL_HEADER)
    for rows, items_by_id in penalty_chunks(queryset):
        for r in rows:
            items = items_by_id.get(r[ID], ())
            content = r[CONTENT] or ";".join(i[2] for i in items if i[2])
            amount = r[CURRENT] if r[CURRENT] is not None else r[INITIAL]
            yield [
                r[AUTHORITY], _ymd(r[ANNOUNCED]), _ymd(r[DECIDED]), r[NUMBER],
                published_name(r[RAW_NAME], r[UNIT], r[PERSON]), _articles(items, law_labels), content,
                "" if amount is None else str(amount), mol_remarks(r[APPEAL], r[REMARKS], labels),
            ]  # fmt: skip


def mol_csv_rows(queryset: QuerySet) -> Iterator[str]:
    """The 9-column open-data CSV as text lines (UTF-8 text, header first), streamed."""
    return csv_lines(mol_rows(queryset))


# --- the full CSV ---------------------------------------------------------------------------
FULL_COLUMNS = (
    "id", "source", "source_label", "source_dataset", "authority", "authority_as_published",
    "announced_on", "decided_on", "disposition_number", "unit_name", "responsible_person",
    "name_as_published", "ubn", "industry_code", "district_postcode", "laws", "articles",
    "content", "amount_type", "initial_amount", "current_amount", "appeal_status",
    "appeal_status_label", "under_appeal", "remarks", "updated_at",
)  # fmt: skip


_FULL_COLUMNS = (
    "id", "source", "source_dataset", "authority", "raw_authority", "announced", "decided",
    "disposition_number", "unit_name", "responsible_person", "raw_name", "organization__ubn",
    "industry_code", "district_postcode", "content", "amount_type", "initial_amount",
    "current_amount", "appeal_status", "remarks", "updated", "items_text",
)  # fmt: skip


_ITEM_SEP, _FIELD_SEP = "\x1e", "\x1f"


def _items_text_sql(vendor: str) -> str:
    """SQL of each penalty's items as ``law␟article`` joined by ␞, in item order: the copy the
    items' triggers keep on the penalty (migration 0007), read with the row."""
    return f"{Penalty._meta.db_table}.items_text"


def _text_rows(queryset: QuerySet, columns: tuple[str, ...], chunk_size: int) -> Iterator[list[tuple]]:
    """Chunks of published rows as tuples, dates and the timestamp read as ISO text, and the
    items as text (``items_text``, :func:`_items_text_sql`).

    One statement through a server-side (chunked) cursor, without the ORM's per-value
    conversion: the text is written out as the database gives it.
    """
    connection = connections[queryset.db]
    qs = (
        published(queryset)
        .select_related(None)
        .prefetch_related(None)
        .annotate(
            announced=Cast("announced_on", output_field=CharField()),
            decided=Cast("decided_on", output_field=CharField()),
            updated=Cast("updated_at", output_field=CharField()),
            items_text=RawSQL(_items_text_sql(connection.vendor), [], output_field=CharField()),
        )
        .values_list(*columns)
    )
    sql, params = qs.query.get_compiler(queryset.db).as_sql()
    yield from _query_chunks(queryset.db, sql, params, chunk_size)


def _query_chunks(using: str, sql: str, params, chunk_size: int) -> Iterator[list[tuple]]:
    """The rows of ``sql`` in chunks, through a server-side (chunked) cursor."""
    connection = connections[using]
    # PostgreSQL: a server-side cursor outside a transaction is declared WITH HOLD, which
    # computes the whole result before the first row; inside one, rows stream as they come.
    # (SQLite reads without a transaction: one would take the write lock.)
    streaming = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=using) if streaming else nullcontext():
        with connection.chunked_cursor() as cursor:
            if connection.vendor == "sqlite":  # map the file: the rows are read in date order
                cursor.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
            cursor.execute(sql, params)
            if connection.vendor == "postgresql":
                yield from _read_ahead(cursor, chunk_size)
            else:
                while rows := cursor.fetchmany(chunk_size):
                    yield rows


SQLITE_MMAP_BYTES = 1 << 31
READ_AHEAD_CHUNKS = 2


def _read_ahead(cursor, chunk_size: int) -> Iterator[list[tuple]]:
    """The cursor's rows in chunks, the next chunk fetched by a thread while this one is written.

    For a database server (PostgreSQL): the driver waits for the server without holding the
    GIL, so the server reads while this process writes. At most :data:`READ_AHEAD_CHUNKS`
    chunks wait (constant memory); nothing else uses the connection meanwhile. Stopping early
    (a closed download) stops the reader. (SQLite runs in this process: a thread would only
    contend for the GIL.)
    """
    chunks: queue.Queue = queue.Queue(maxsize=READ_AHEAD_CHUNKS)
    stop = threading.Event()
    done = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            while rows := cursor.fetchmany(chunk_size):
                if not put(rows):
                    return
            put(done)
        except BaseException as exc:  # handed to the writer, which raises it
            put(exc)

    reader = threading.Thread(target=read, name="register-export-reader", daemon=True)
    reader.start()
    try:
        while (item := chunks.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        reader.join()
def _laws_and_articles(items_text: str | None, law_labels: dict[str, str]) -> tuple[str, str]:
    """``(laws, articles)`` columns of the full CSV from a penalty's items text."""
    if not items_text:
        return "", ""
    if _ITEM_SEP not in items_text:
        law, article = items_text.split(_FIELD_SEP, 1)
        label = law_labels.get(law, law)
        return label, label + article
    labelled = []
    for item in items_text.split(_ITEM_SEP):
        law, article = item.split(_FIELD_SEP, 1)
        labelled.append((law_labels.get(law, law), article))
    return (
        ";".join(dict.fromkeys(label for label, _a in labelled)),
        ";".join(label + article for label, article in labelled),
    )


def _full_row_chunks(queryset: QuerySet, chunk_size: int = CHUNK_SIZE) -> Iterator[list[list[Any]]]:
    labels = _Labels()
    law_labels, source_labels = labels.law, labels.source
    under_appeal = {str(s) for s in UNDER_APPEAL}
    appeal_columns = {  # appeal_status_label, under_appeal
        value: (label, "Y" if value in under_appeal else "N") for value, label in labels.appeal.items()
    }
    no_appeal = ("", "N")
    item_sep, field_sep = _ITEM_SEP, _FIELD_SEP
    for rows in _text_rows(queryset, _FULL_COLUMNS, chunk_size):
        out = []
        append = out.append
        for (pid, source, dataset, authority, raw_authority, announced, decided, number, unit, person,
             raw_name, ubn, industry, district, content, amount_type, initial, current, appeal, remarks,
             updated, items_text) in rows:  # fmt: skip
            if not items_text:
                laws = arts = ""
            elif item_sep in items_text:
                laws, arts = _laws_and_articles(items_text, law_labels)
            else:
                law, article = items_text.split(field_sep, 1)
                laws = law_labels.get(law, law)
                arts = laws + article
            if raw_name and not ("&" in raw_name or "\n" in raw_name or "\r" in raw_name):
                name = raw_name.strip()
            else:
                name = published_name(raw_name, unit, person)
            appeal_label, appeal_flag = appeal_columns.get(appeal, no_appeal)
            append([
                pid, source, source_labels.get(source, source), dataset, authority,
                raw_authority or authority, announced or "", decided or "", number, unit, person, name,
                ubn or "", industry, district, laws, arts, content, amount_type,
                "" if initial is None else initial, "" if current is None else current, appeal,
                appeal_label, appeal_flag, remarks, f"{updated[:10]}T{updated[11:19]}Z" if updated else "",
            ])  # fmt: skip
        yield out


def full_rows(queryset: QuerySet) -> Iterator[list[Any]]:
    """Every public field of each published penalty (header first), one row per decision."""
    yield list(FULL_COLUMNS)
    for chunk in _full_row_chunks(queryset):
        yield from chunk


# Python's ``str.strip()`` whitespace, for the database's ``trim``: the name column strips it.
_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


_CSV_SPECIAL = ',"\n\r'


def _sql_text(vendor: str, expression: str) -> str:
    """SQL of a text ``expression`` (never NULL) as one CSV field: quoted, quotes doubled, when
    it holds a comma, a quote or a line break, as ``csv.writer`` does. One pattern test a field
    (``GLOB`` on SQLite, a regular expression on PostgreSQL)."""
    x = expression
    if vendor == "postgresql":
        special = f"{x} ~ '[,\"\n\r]'"
    else:
        special = f"{x} GLOB '*[{_CSV_SPECIAL}]*'"
    return f"(CASE WHEN {special} THEN '\"' || replace({x}, '\"', '\"\"') || '\"' ELSE {x} END)"


def _sql_literal(value: str) -> str:
    """A string constant in the SQL (``%`` doubled: the statement passes through the driver's
    parameter formatting)."""
    return "'" + str(value).replace("'", "''").replace("%", "%%") + "'"


def _sql_choice(vendor: str, column: str, labels: dict[str, str], default: str) -> str:
    """SQL of the CSV field of the label of ``column``'s value (one of ``labels``), else of
    ``default`` (SQL)."""
    cases = " ".join(
        f"WHEN {_sql_literal(k)} THEN {_sql_literal(_csv_field(str(v)))}" for k, v in labels.items()
    )
    return f"(CASE {column} {cases} ELSE {_sql_text(vendor, default)} END)"


def _sql_line_parts(vendor: str, labels: _Labels) -> dict[str, str]:
    """SQL of the full CSV's fields around the three written in Python (the name, the UBN, the
    laws and articles): ``head`` (id … responsible_person), ``place`` (industry, district) and
    ``tail`` (content … updated_at), each already CSV text joined by commas. Free text is
    quoted where needed; numbers, dates, choice values (source, amount type, appeal status) and
    the industry and district codes, which the services and the importer validate, never
    need it."""
    t = Penalty._meta.db_table

    def col(name: str) -> str:
        return f'"{t}"."{name}"'

    def text(expression: str) -> str:
        return _sql_text(vendor, expression)

    def number(expression: str) -> str:  # digits, or empty for NULL
        return f"COALESCE(CAST({expression} AS TEXT), '')"

    def code(expression: str) -> str:  # a choice's value or a reference code: never quoted
        return expression

    def joined(fields: list[str]) -> str:
        """The fields as one text, separated by commas: one ``printf``/``format`` call rather than
        a chain of ``||``, each of which copies the text so far."""
        function = "format" if vendor == "postgresql" else "printf"
        # %% : the statement passes through the driver's parameter formatting
        return f"{function}('{','.join(['%%s'] * len(fields))}', {', '.join(fields)})"

    under = ", ".join(_sql_literal(s) for s in UNDER_APPEAL)
    updated = f"CAST({col('updated_at')} AS TEXT)"
    head = joined([
        number(col("id")), code(col("source")),
        _sql_choice(vendor, col("source"), labels.source, col("source")),
        text(col("source_dataset")), text(col("authority")),
        text(f"(CASE WHEN {col('raw_authority')} = '' THEN {col('authority')} ELSE {col('raw_authority')} END)"),
        number(col("announced_on")), number(col("decided_on")), text(col("disposition_number")),
        text(col("unit_name")), text(col("responsible_person")),
    ])  # fmt: skip
    place = joined([code(col("industry_code")), code(col("district_postcode"))])
    tail = joined([
        text(col("content")), code(col("amount_type")), number(col("initial_amount")),
        number(col("current_amount")), code(col("appeal_status")),
        _sql_choice(vendor, col("appeal_status"), labels.appeal, "''"),
        f"(CASE WHEN {col('appeal_status')} IN ({under}) THEN 'Y' ELSE 'N' END)", text(col("remarks")),
        f"(CASE WHEN {updated} IS NULL THEN '' ELSE "
        f"substr({updated}, 1, 10) || 'T' || substr({updated}, 12, 8) || 'Z' END)",
    ])  # fmt: skip
    raw, unit, person = col("raw_name"), col("unit_name"), col("responsible_person")
    if vendor == "postgresql":
        needs_python = f"{raw} ~ '[&\n\r]'"
        trimmed = f"btrim({raw}, {_sql_literal(_WHITESPACE)})"
    else:
        needs_python = f"{raw} GLOB '*[&\n\r]*'"
        trimmed = f"trim({raw}, {_sql_literal(_WHITESPACE)})"
    name = (
        f"(CASE WHEN {raw} = '' THEN (CASE WHEN {unit} <> '' AND {person} <> '' "
        f"THEN {unit} || '(' || {person} || ')' WHEN {unit} <> '' THEN {unit} ELSE {person} END) "
        f"WHEN {needs_python} THEN NULL ELSE {trimmed} END)"
    )
    return {"head": head, "name": name, "place": place, "tail": tail}


def _csv_field(value: str) -> str:
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def full_csv_rows(queryset: QuerySet) -> Iterator[str]:
    """The full CSV as text, streamed one chunk of 2,000 decisions at a time.

    The database writes each line's fields as CSV text (quoted where needed) but for the name
    as published (a name with HTML entities or line breaks needs :func:`published_name`), the
    UBN and the laws and articles, which this process adds, the last from a table of the items
    texts met so far (a few thousand kinds over a million penalties). The text is the one
    ``csv.writer`` writes from :func:`full_rows`, except that a field with a carriage return
    alone is quoted too (RFC 4180).
    """
    labels = _Labels()
    law_labels = labels.law
    connection = connections[queryset.db]
    parts = _sql_line_parts(connection.vendor, labels)
    qs = (
        published(queryset)
        .select_related(None)
        .prefetch_related(None)
        .annotate(
            line_head=RawSQL(parts["head"], [], output_field=CharField()),
            line_name=RawSQL(parts["name"], [], output_field=CharField()),
            line_place=RawSQL(parts["place"], [], output_field=CharField()),
            line_tail=RawSQL(parts["tail"], [], output_field=CharField()),
            items_text=RawSQL(_items_text_sql(connection.vendor), [], output_field=CharField()),
        )
        .values_list(
            "line_head", "line_name", "raw_name", "unit_name", "responsible_person",
            "organization__ubn", "line_place", "items_text", "line_tail",
        )
    )  # fmt: skip
    sql, params = qs.query.get_compiler(queryset.db).as_sql()
    laws_columns: dict[str | None, str] = {}

    def laws(items_text: str | None) -> str:
        text = laws_columns.get(items_text)
        if text is None:
            pair = _laws_and_articles(items_text, law_labels)
            text = laws_columns[items_text] = f"{_csv_field(pair[0])},{_csv_field(pair[1])}"
        return text

    yield ",".join(_csv_field(c) for c in FULL_COLUMNS) + "\n"
    for rows in _query_chunks(queryset.db, sql, params, CHUNK_SIZE):
        lines = []
        append = lines.append
        for head, name, raw_name, unit, person, ubn, place, items_text, tail in rows:
            if name is None:
                name = published_name(raw_name, unit, person)
            append(f"{head},{_csv_field(name)},{ubn or ''},{place},{laws(items_text)},{tail}\n")
        yield "".join(lines)


# --- JSON -----------------------------------------------------------------------------------
def _choice(value: str, labels: dict[str, str]) -> dict[str, str]:
    return {"value": value, "label": labels.get(value, value)}


def json_record(r: tuple, items: Iterable[Item], labels: _Labels) -> dict[str, Any]:
    """One penalty as JSON data (the shape of the API's ``/inspection/penalties`` items)."""
    return {
        "id": r[ID],
        "source": _choice(r[SOURCE], labels.source),
        "source_dataset": r[DATASET],
        "authority": r[AUTHORITY],
        "authority_as_published": r[RAW_AUTHORITY] or r[AUTHORITY],
        "announced_on": _iso(r[ANNOUNCED]) or None,
        "decided_on": _iso(r[DECIDED]),
        "disposition_number": r[NUMBER],
        "unit_name": r[UNIT],
        "responsible_person": r[PERSON],
        "name_as_published": published_name(r[RAW_NAME], r[UNIT], r[PERSON]),
        "ubn": r[UBN] or None,
        "industry_code": r[INDUSTRY],
        "district_postcode": r[DISTRICT],
        "items": [
            {
                "law": _choice(law, labels.law),
                "article": article,
                "description": description,
                "amount": amount,
            }
            for law, article, description, amount in items
        ],
        "content": r[CONTENT],
        "amount_type": _choice(r[AMOUNT_TYPE], labels.amount_type),
        "initial_amount": r[INITIAL],
        "amount": r[CURRENT],
        "appeal_status": _choice(r[APPEAL], labels.appeal),
        "under_appeal": r[APPEAL] in UNDER_APPEAL,
        "remarks": r[REMARKS],
        "updated_at": _timestamp(r[UPDATED]),
    }


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _json_records(queryset: QuerySet) -> Iterator[dict[str, Any]]:
    labels = _Labels()
    for rows, items_by_id in penalty_chunks(queryset):
        for r in rows:
            yield json_record(r, items_by_id.get(r[ID], ()), labels)


def json_lines(queryset: QuerySet) -> Iterator[str]:
    """One JSON object per line (JSON Lines), streamed."""
    for record in _json_records(queryset):
        yield _dumps(record) + "\n"


def json_chunks(queryset: QuerySet) -> Iterator[str]:
    """One JSON array of all the penalties, streamed one element at a time."""
    yield "["
    first = True
    for record in _json_records(queryset):
        yield ("\n" if first else ",\n") + _dumps(record)
        first = False
    yield "\n]\n"


# --- the data dictionary --------------------------------------------------------------------
def _field(name: str, type_: str, zh: str, en: str, formats: str = "full,json") -> dict[str, str]:
    return {"field": name, "type": type_, "zh": zh, "en": en, "formats": formats}


# Field → description, for the public data-dictionary page. ``formats``: where the field
# appears (``mol`` = the 9-column CSV, whose fields are named by their Chinese header).
DATA_DICTIONARY: list[dict[str, str]] = [
    _field("主管機關", "text", "作成處分的主管機關，以正式寫法「臺」呈現（如臺南市）。",
           "The authority that decided, in the official spelling (臺南市).", "mol"),
    _field("公告日期", "YYYYMMDD", "公布日期（西元年月日）。", "Publication date (Gregorian YYYYMMDD).", "mol"),
    _field("處分日期", "YYYYMMDD", "處分日期（西元年月日）。", "Decision date (Gregorian YYYYMMDD).", "mol"),
    _field("處分字號", "text", "處分書字號。", "Decision document number.", "mol"),
    _field("事業單位名稱或負責人", "text",
           "事業單位名稱，括號內為負責人；自然人以「姓名即商號」或僅姓名呈現。",
           "Business name with the responsible person in parentheses, or a natural person "
           "(\"person 即 trade name\", or the name alone).", "mol"),
    _field("違法法規法條", "text", "違反的法規及條文，多條以半形分號「;」分隔。",
           "Act and article(s) violated; several are separated by \";\".", "mol"),
    _field("違反法規內容", "text", "違反法規的內容摘要，多項以分號分隔並與條文對應。",
           "What was violated; several descriptions are separated by \";\" in article order.", "mol"),
    _field("罰鍰金額", "integer", "罰鍰金額（新臺幣元）；空白表示未公布，不是零。",
           "Fine in NT$; empty means not published, not zero.", "mol"),
    _field("備註說明", "text", "救濟狀態（例如訴願中、原處分維持）及其他說明。",
           "Appeal status in words (e.g. under appeal, upheld) and other remarks.", "mol"),
    _field("id", "integer", "本系統的裁處編號。", "Identifier of the decision in this register."),
    _field("source", "code", "資料來源：bureau＝本局裁處；mol_import＝勞動部開放資料。",
           "Source: bureau = decided by the bureau; mol_import = Ministry of Labor open data."),
    _field("source_label", "text", "資料來源的文字說明。", "The source in words.", "full"),
    _field("source_dataset", "text", "匯入的來源資料集（勞動部開放資料）。",
           "The source dataset of imported records (Ministry of Labor open data)."),
    _field("authority", "text", "主管機關（正式寫法）。", "Deciding authority (official spelling)."),
    _field("authority_as_published", "text", "來源資料中的主管機關寫法（例如台南市）。",
           "The authority as spelled in the source (e.g. 台南市)."),
    _field("announced_on", "date (YYYY-MM-DD)", "公告日期；可能為空白。", "Publication date; may be empty."),
    _field("decided_on", "date (YYYY-MM-DD)", "處分日期。", "Decision date."),
    _field("disposition_number", "text", "處分字號。", "Decision document number."),
    _field("unit_name", "text", "事業單位名稱；自然人時為空白或其商號。",
           "Business name; empty for a natural person, or their trade name."),
    _field("responsible_person", "text", "負責人或受處分自然人的姓名。",
           "Responsible person, or the natural person penalised."),
    _field("name_as_published", "text", "來源公布的名稱原文。", "The name exactly as published."),
    _field("ubn", "text (8 digits)", "統一編號（與登記資料比對相符時才提供）。",
           "Business ID (UBN), only when matched to the business register."),
    _field("industry_code", "code", "行業統計分類代碼（大類）。",
           "Industry (Standard Industrial Classification section)."),
    _field("district_postcode", "code", "事業單位所在臺南市行政區的郵遞區號。",
           "Postcode of the Tainan district of the business."),
    _field("laws", "text", "違反的法規名稱，多項以「;」分隔。", "Acts violated, separated by \";\".", "full"),
    _field("articles", "text", "違反的法規及條文，多條以「;」分隔。",
           "Act and article of each item, separated by \";\".", "full"),
    _field("items", "array", "各違反條文：law（法規代碼與名稱）、article（條文）、description（內容）、amount（金額）。",
           "Each article: law (code and name), article, description, amount.", "json"),
    _field("content", "text", "違反法規內容。", "What was violated."),
    _field("amount_type", "code", "金額類型：fine＝罰鍰；late_fee＝滯納金。",
           "Amount type: fine, or late_fee (勞工退休金條例 late fee)."),
    _field("initial_amount", "integer", "原處分金額（新臺幣元）；空白表示未公布。",
           "Amount first decided (NT$); empty when not published."),
    _field("current_amount", "integer", "目前金額（經訴願、變更後）；空白表示未公布。",
           "Current amount after appeals or changes (NT$); empty when not published.", "full"),
    _field("amount", "integer", "目前金額（新臺幣元）；null 表示未公布。",
           "Current amount (NT$); null when not published.", "json"),
    _field("appeal_status", "code",
           "救濟狀態：none_reported 無、appeal_pending 訴願中、litigation_pending 行政訴訟中、upheld 原處分維持、"
           "final_no_timely_appeal 未於期限內提起訴願、reduced 原處分變更（減輕）、revoked 原處分撤銷。",
           "Appeal status: none_reported, appeal_pending, litigation_pending, upheld, "
           "final_no_timely_appeal, reduced, revoked."),
    _field("appeal_status_label", "text", "救濟狀態的文字說明。", "The appeal status in words.", "full"),
    _field("under_appeal", "Y/N (CSV), boolean (JSON)", "是否仍在訴願或行政訴訟中（處分尚未確定）。",
           "Whether an appeal or lawsuit is pending (the decision is not final)."),
    _field("remarks", "text", "備註原文。", "Remarks as published."),
    _field("updated_at", "datetime (ISO 8601)", "本筆資料最後更新時間。", "When this record last changed."),
]  # fmt: skip
