"""Read side of the public violations register and its statistics.

Only penalties whose status is "published" are ever listed; a withdrawn one appears nowhere but
as a withdrawal note on its unit's page. Every figure is an aggregate computed in SQL on indexed
columns (``inspection/migrations/0003_register_indexes.py``), so a year's statistics stay fast
with a million penalties. Months are read from the ISO text of the date (``substr(…, 6, 2)``),
which SQLite and PostgreSQL both evaluate natively.

Nothing here reads the complainant (``Complaint``), inspection findings or any staff member.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language

from hopehome.core.models import District, Industry, Organization
from hopehome.core.search import (
    fts_match_text,
    fts_table,
    query_tokens,
    search,
    tsquery_text,
    tsvector_sql,
)

from .choices import UNDER_APPEAL, InspectionType, Law, PenaltyStatus, Source
from .models import CounsellingVisit, Inspection, Penalty, PenaltyEvent, PenaltyItem

FIRST_YEAR = 2000
SORTS = ("newest", "amount")
UBN_RE = re.compile(r"^\d{8}$")


def latest_allowed_year() -> int:
    return timezone.localdate().year + 1


@dataclass
class RegisterQuery:
    """The search and filters of the register (all optional)."""

    q: str = ""
    law: str = ""
    article: str = ""
    year: int | None = None
    industry: str = ""
    district: str = ""
    under_appeal: bool | None = None
    source: str = ""
    sort: str = "newest"


def normalize_article(value: str | None) -> str:
    """An article as stored (``第24條``, ``第32條第2項``, ``第17條之1``); "" if unreadable.

    Accepts full-width text, a bare number (``24`` → ``第24條``), ``24-1`` or ``第24-1條``
    (→ ``第24條之1``) and spaces anywhere.
    """
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or ""))
    match = re.fullmatch(r"第?(\d+)(?:-(\d+))?條?", text)
    if match:
        return f"第{match[1]}條" + (f"之{match[2]}" if match[2] else "")
    match = re.fullmatch(r"第(\d+)-(\d+)條((?:第\d+[項款目])*)", text)
    if match:
        return f"第{match[1]}條之{match[2]}{match[3]}"
    if re.fullmatch(r"第\d+條(?:之\d+)?(?:第\d+[項款目])*", text):
        return text
    return ""


def _article_q(article: str) -> Q:
    """An article and its paragraphs; ``第38條之1`` also matches the raw form ``第38-1條``."""
    forms = {article}
    match = re.fullmatch(r"第(\d+)條之(\d+)(.*)", article)
    if match:
        forms.add(f"第{match[1]}-{match[2]}條{match[3]}")
    q = Q()
    for form in forms:
        q |= Q(article=form) | Q(article__startswith=form + "第")
    return q


def published_penalties() -> QuerySet:
    return Penalty.objects.filter(status=PenaltyStatus.PUBLISHED)


def _year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def filter_register(qs: QuerySet, query: RegisterQuery) -> QuerySet:
    """Apply the register's search and filters to a queryset of penalties.

    Every row is read here (downloads, the API), so a name or law is always read from its index
    and the matches sorted; :func:`register_page` picks the cheapest plan for one page and the
    count instead (see :class:`_Plan`). Both give the same rows.
    """
    return _Plan(query, probe=False).apply(qs)


# --- planning a search --------------------------------------------------------------------------
# A frequent name or law matches a large share of the register: reading every match to sort
# them (or to count them) costs seconds. Such a predicate is checked row by row while walking an
# index in display order instead, which stops after one page. A rare one drives the query: its
# few matches are read from the full-text or item index and sorted.
COUNT_CAP = 10_000
DRIVE_MAX = 4_000  # up to this many matches of a name or law, read the matches and sort them
SET_MAX = 60_000  # up to this many, walk the filters' index and probe the set of matches
WALK_ROW_US = 1.5  # cost of one row of an index walk (µs)
DRIVE_ROW_US = 3.5  # cost of reading one matching row by id (µs)


# PostgreSQL: a name of several tokens whose matches are dense (股份有限公司, three penalties in
# ten) is checked row by row (``ts_match_vq``, which no index serves) instead of through the GIN
# index: intersecting five bigram lists of 300,000–700,000 entries each costs 80 ms before the
# first row, while a scan finds 10,001 matches after some 35,000 rows. The planner estimates such
# a conjunction as if its tokens were independent (rare), so it would not choose the scan
# itself. Density is measured on the newest DENSITY_SAMPLE penalties.
DENSE_SHARE = 0.2
DENSITY_SAMPLE = 2_000


def _postgres_density(terms: list[str]) -> float:
    """The share of the newest DENSITY_SAMPLE penalties (any status) holding every term."""
    table = Penalty._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FILTER (WHERE s.search_vector @@ to_tsquery('simple', %s)), "
            f"COUNT(*) FROM (SELECT search_vector FROM {table} ORDER BY id DESC LIMIT %s) AS s",
            [tsquery_text(terms), DENSITY_SAMPLE],
        )
        hits, sampled = cursor.fetchone()
    return hits / sampled if sampled else 0.0


def _fts_count(match: str, limit: int) -> int:
    """Entries of the full-text index matching ``match``, counted up to ``limit`` (SQLite)."""
    table = fts_table(Penalty)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH %s LIMIT %s)",
            [match, limit],
        )
        return cursor.fetchone()[0]


def _unpublished_count() -> int:
    """Penalties not published (decided, withdrawn): few, read from the status index."""
    others = [s for s in PenaltyStatus.values if s != PenaltyStatus.PUBLISHED]
    return Penalty.objects.filter(status__in=others).order_by().count()


def _ubn_penalty_ids(ubn: str) -> list[int]:
    """Penalties of the unit with this 統一編號, or whose indexed text holds the number (few)."""
    ids = set(
        Penalty.objects.filter(organization__ubn=ubn).order_by().values_list("id", flat=True)
    )
    ids.update(search(Penalty.objects.order_by(), ubn).values_list("id", flat=True))
    return sorted(ids)


class _Plan:
    """How one register query runs: the same rows whichever form each predicate takes."""

    def __init__(self, query: RegisterQuery, *, probe: bool = True):
        self.query = query
        self.probe = probe  # measure how frequent the name or law is (SQLite), to pick a plan
        self.ubn = ""
        self.terms: list[str] = []
        if query.q:
            q = unicodedata.normalize("NFKC", query.q).strip()
            if UBN_RE.match(q):
                self.ubn = q
            else:
                self.terms = query_tokens(q)
        self.probing = probe and connection.vendor == "sqlite"
        self._name_matches: int | None = None
        self._law_matches: int | None = None
        self._size: int | None = None
        self._name_limit: int | None = None
        self._unpublished = 0
        self._ubn_ids: list[int] | None = None
        self._dense: bool | None = None
        self._items_total: int | None = None

    # Sizes (SQLite): how many rows each predicate matches, up to a limit.
    @property
    def only_name(self) -> bool:
        q = self.query
        return bool(self.terms) and not (
            q.law or q.article or q.year or q.industry or q.district or q.source
            or q.under_appeal is not None
        )  # fmt: skip

    @property
    def only_items(self) -> bool:
        """Law (and article, year) only: counted from the item index alone."""
        q = self.query
        return bool(q.law) and not (
            q.q or q.industry or q.district or q.source or q.under_appeal is not None
        )

    def name_limit(self) -> int:
        """How far the name's matches are counted: past the cap (a name alone) or SET_MAX."""
        if self._name_limit is None:
            if self.only_name and self.probing:
                self._unpublished = _unpublished_count()
                self._name_limit = max(DRIVE_MAX, COUNT_CAP + self._unpublished) + 1
            else:
                self._name_limit = SET_MAX + 1
        return self._name_limit

    def name_matches(self) -> int:
        """Matches of the name in the full-text index (any status), exact below name_limit()."""
        if self._name_matches is None:
            self._name_matches = _fts_count(fts_match_text(self.terms), self.name_limit())
        return self._name_matches

    def law_items(self) -> QuerySet:
        """Items of the law/article filter, with their penalty published (and in the year)."""
        q = self.query
        items = PenaltyItem.objects.order_by()
        if q.law:
            items = items.filter(law=q.law)
        if q.article:
            items = items.filter(_article_q(q.article))
        if q.law:  # the copy of the penalty's status and date on the item (index by law)
            where, params = ["penalty_status = %s"], [PenaltyStatus.PUBLISHED.value]
            if q.year:
                start, end = _year_range(q.year)
                where.append("penalty_decided_on BETWEEN %s AND %s")
                params += [start.isoformat(), end.isoformat()]
            items = items.extra(where=where, params=params)
        return items

    def law_matches(self) -> int:
        """Penalties with a matching item, counted up to ``DRIVE_MAX + 1`` from the item index.

        With the law (article, year) alone this is the total's own count, up to the cap, so
        the page and its total read the item index once."""
        if self._law_matches is None:
            if self.only_items:
                self._law_matches = min(self.items_total(), DRIVE_MAX + 1)
            else:
                ids = self.law_items().values("penalty_id").distinct()[: DRIVE_MAX + 1]
                self._law_matches = ids.count()
        return self._law_matches

    def items_total(self) -> int:
        """Penalties with a matching item, counted up to ``COUNT_CAP + 1`` (law alone)."""
        if self._items_total is None:
            items = self.law_items()
            if connection.vendor == "postgresql":
                # distinct penalties in the order of the index (migration 0006), which stops
                # after COUNT_CAP + 1 rather than hashing every item of the law
                items = items.annotate(
                    decided=RawSQL("penalty_decided_on", [], output_field=DateField())
                ).order_by("decided", "penalty_id")
                ids = items.values("decided", "penalty_id").distinct()[: COUNT_CAP + 1]
            else:
                ids = items.values("penalty_id").distinct()[: COUNT_CAP + 1]
            self._items_total = ids.count()
        return self._items_total

    # Predicates.
    def name_set(self) -> bool:
        """The name has at most SET_MAX matches (counted exactly)."""
        n = self.name_matches()
        return n < self.name_limit() and n <= SET_MAX

    def _name(self, qs: QuerySet, offset: int, *, drive: bool = False) -> QuerySet:
        if not self.terms:
            return qs
        if not self.probing:
            if self.dense_on_postgres():
                return qs.extra(
                    where=[f"ts_match_vq({tsvector_sql(Penalty)}, to_tsquery('simple', %s))"],
                    params=[tsquery_text(self.terms)],
                )
            return search(qs, " ".join(self.terms))
        table, fts = Penalty._meta.db_table, fts_table(Penalty)
        n = self.name_matches()
        exact = n < self.name_limit()
        if drive or n <= DRIVE_MAX or (exact and self._drive_cheaper(n, offset)):
            return search(qs, " ".join(self.terms))  # id IN (matches): read them and sort
        if exact and n <= SET_MAX and not self.only_name:
            # walk the other filters' index in display order, probing the set of matches
            # (the unary + keeps SQLite from driving the query from that set)
            return qs.extra(
                where=[f"+{table}.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)"],
                params=[fts_match_text(self.terms)],
            )
        # A frequent name: check each row's own tokens while walking (the same tokens as the index).
        return qs.extra(
            where=[f"instr(' ' || {table}.search_tokens || ' ', %s) > 0" for _ in self.terms],
            params=[f" {t} " for t in self.terms],
        )

    def dense_on_postgres(self) -> bool:
        """A name alone, of several tokens, held by DENSE_SHARE or more of the penalties."""
        if self._dense is None:
            self._dense = (
                self.probe
                and connection.vendor == "postgresql"
                and len(self.terms) > 1
                and self.only_name
                and _postgres_density(self.terms) >= DENSE_SHARE
            )
        return self._dense

    def _drive_cheaper(self, n: int, offset: int) -> bool:
        """Reading ``n`` matches and sorting them beats walking to row ``offset`` + a page."""
        share = n / max(self._published_estimate(), 1)
        walked = (offset + 21) / share if share else float("inf")
        return n * DRIVE_ROW_US < walked * WALK_ROW_US

    def _published_estimate(self) -> int:
        if self._size is None:
            self._size = Penalty.objects.aggregate(m=Max("id"))["m"] or 0
        return self._size

    def _law(self, qs: QuerySet, *, correlated: bool = False) -> QuerySet:
        q = self.query
        if not (q.law or q.article):
            return qs
        if not self.probe and not q.q:  # every row: read the items of the law once
            return qs.filter(id__in=self.law_items().values("penalty_id"))
        if (
            self.probing and not correlated and q.law and not self._name_drives()
            and self.law_matches() <= DRIVE_MAX
        ):  # fmt: skip
            # few penalties have the article: read them from the item index and sort them
            return qs.filter(id__in=self.law_items().values("penalty_id"))
        items = PenaltyItem.objects.order_by().filter(penalty=OuterRef("pk"))
        if q.law:
            items = items.filter(law=q.law)
        if q.article:
            items = items.filter(_article_q(q.article))
        return qs.filter(Exists(items))

    def _name_drives(self) -> bool:
        return bool(self.terms) and self.probing and self.name_matches() <= DRIVE_MAX

    def apply(
        self,
        qs: QuerySet,
        offset: int = 0,
        *,
        drive_name: bool = False,
        name: bool = True,
        correlated: bool = False,
    ) -> QuerySet:
        """``qs`` with the query's predicates; without the name's when ``name`` is false, and
        the law as a check of each row's items when ``correlated`` (no probe)."""
        q = self.query
        if self.ubn:  # the unit's number, or a record whose indexed text holds the number
            if self._ubn_ids is None:
                self._ubn_ids = _ubn_penalty_ids(self.ubn)
            qs = qs.filter(id__in=self._ubn_ids)
        if name:
            qs = self._name(qs, offset, drive=drive_name)
        qs = self._law(qs, correlated=correlated)
        if q.year:
            qs = qs.filter(decided_on__range=_year_range(q.year))
        if q.industry:
            qs = qs.filter(industry_code=q.industry)
        if q.district:
            qs = qs.filter(district_postcode=q.district)
        if q.under_appeal is True:
            qs = qs.filter(appeal_status__in=UNDER_APPEAL)
        elif q.under_appeal is False:
            qs = qs.exclude(appeal_status__in=UNDER_APPEAL)
        if q.source:
            qs = qs.filter(source=q.source)
        return qs

    # The total.
    def count(self, qs: QuerySet) -> tuple[int, bool]:
        """``(matches, capped)``: the exact number, or ``(COUNT_CAP, True)`` when there are more."""
        q = self.query
        if self.probing and self.only_name:
            # The full-text index holds every penalty once, published or not.
            n = self.name_matches()
            if n > COUNT_CAP + self._unpublished:  # more than the cap even if all others are hidden
                return COUNT_CAP, True
            if not self._unpublished:
                return n, False
        elif self.only_items:
            n = self.items_total()
            return min(n, COUNT_CAP), n > COUNT_CAP
        elif self.probing and self.terms and q.year:
            n = self._count_in_year()
            if n is not None:
                return min(n, COUNT_CAP), n > COUNT_CAP
        if self.probing and self.terms and not self.only_name and self.name_set():
            # Look each match of the name up in the narrow index of the filters' columns
            # (migration 0005) rather than walking every row the other filters allow.
            n = self._count_by_lookup(self.apply(published_penalties(), drive_name=True))
            return min(n, COUNT_CAP), n > COUNT_CAP
        n = qs.order_by()[: COUNT_CAP + 1].count()
        return min(n, COUNT_CAP), n > COUNT_CAP

    def dated(self) -> bool:
        """SQLite, a name with a year: read from the date-keyed full-text index (0008)."""
        return self.probing and bool(self.terms) and bool(self.query.year)

    def _dated_sql(self, select: str) -> tuple[str, list] | None:
        """``SELECT {select} FROM`` the name's entries in the date-keyed full-text index
        (migration 0008) decided in the year, one range of its keys, each checked against the
        other filters in the narrow lookup index; None when the other filters join a table."""
        qs = self.apply(published_penalties(), name=False, correlated=True)
        sql, params = qs.order_by().values("id").query.sql_with_params()
        table = connection.ops.quote_name(Penalty._meta.db_table)
        head = f'SELECT {table}."id" AS "id" FROM {table} WHERE '
        if not sql.startswith(head) or f"{table} WHERE" in sql[len(head) :]:
            return None
        start, end = _year_range(self.query.year)
        epoch = date(1970, 1, 1)
        low = (start - epoch).days << DATE_KEY_BITS
        high = (((end - epoch).days + 1) << DATE_KEY_BITS) - 1
        fts = DATE_FTS
        sql = (
            f"SELECT {select} FROM {fts} CROSS JOIN {table} INDEXED BY {LOOKUP_INDEX} "
            f"ON {table}.id = ({fts}.rowid & {(1 << DATE_KEY_BITS) - 1}) "
            f"WHERE {fts} MATCH %s AND {fts}.rowid BETWEEN %s AND %s AND ({sql[len(head) :]})"
        )
        return sql, [fts_match_text(self.terms), low, high, *params]

    def _count_in_year(self) -> int | None:
        """A name with a year (SQLite), counted up to COUNT_CAP + 1 from the date-keyed index."""
        dated = self._dated_sql("1")
        if dated is None:
            return None
        sql, params = dated
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT %s)", [*params, COUNT_CAP + 1])
            return cursor.fetchone()[0]

    def dated_ids(self, offset: int, limit: int) -> list[int] | None:
        """Ids of a page of a name with a year, newest first (SQLite): the date-keyed index is
        in the register's order (decision date, then id, descending), read from the year's
        last key down, stopping after the page. None when it does not apply."""
        if self.query.sort != "newest":
            return None
        dated = self._dated_sql(f"{connection.ops.quote_name(Penalty._meta.db_table)}.id")
        if dated is None:
            return None
        sql, params = dated
        with connection.cursor() as cursor:
            cursor.execute(
                f"{sql} ORDER BY {DATE_FTS}.rowid DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    def _count_by_lookup(self, qs: QuerySet) -> int:
        sql, params = qs.order_by().values("id")[: COUNT_CAP + 1].query.sql_with_params()
        table = connection.ops.quote_name(Penalty._meta.db_table)
        head = f"FROM {table} WHERE "
        if head not in sql:  # a join: count as the query stands
            return qs.order_by()[: COUNT_CAP + 1].count()
        sql = sql.replace(head, f"FROM {table} INDEXED BY {LOOKUP_INDEX} WHERE ", 1)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql})", params)
            return cursor.fetchone()[0]


LOOKUP_INDEX = "penalty_reg_lookup"
DATE_FTS = "inspection_penalty_date_fts"  # SQLite, keyed by days since 1970 × 2³² + id (0008)
DATE_KEY_BITS = 32


@dataclass
class RegisterPage:
    """One page of the register and the total it belongs to.

    ``count`` is exact unless ``capped``: then there are more than :data:`COUNT_CAP` matches
    (shown as "超過 10,000 筆") and the pages go on as long as ``has_next``.
    """

    rows: list
    count: int
    capped: bool
    number: int
    per_page: int
    has_next: bool

    @property
    def num_pages(self) -> int | None:
        if self.capped:
            return None
        return max(1, -(-self.count // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def object_list(self) -> list:
        return self.rows

    @property
    def paginator(self) -> RegisterPage:
        """The page carries its own total (``count``, ``num_pages``), as a Django page's paginator."""
        return self

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def page_number(value) -> int:
    """A page number from the query string (1 when missing or unreadable)."""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def register_count(query: RegisterQuery) -> tuple[int, bool]:
    """``(matches, capped)`` of ``query``: exact up to :data:`COUNT_CAP`, else ``(COUNT_CAP, True)``."""
    plan = _Plan(query)
    return plan.count(_order(plan.apply(published_penalties()), query))


def register_page(
    query: RegisterQuery, number: int = 1, per_page: int = 20, *, clamp: bool = True
) -> RegisterPage:
    """One page of :func:`register_penalties` with its total, in a bounded number of queries.

    The total is exact up to :data:`COUNT_CAP` matches, else reported as capped. A page past
    the last one shows the last page when the total is known (``clamp``), else is empty.
    """
    plan = _Plan(query)
    if plan.dated() and (total := plan._count_in_year()) is not None:
        count, capped = min(total, COUNT_CAP), total > COUNT_CAP
    else:
        count, capped = plan.count(_order(plan.apply(published_penalties()), query))
    if clamp and not capped:
        number = min(number, max(1, -(-count // per_page)))
    offset = (number - 1) * per_page
    ids = plan.dated_ids(offset, per_page + 1) if plan.dated() else None
    if ids is not None:  # the page's ids in order, then their rows
        found = {p.id: p for p in _with_related(published_penalties().filter(id__in=ids))}
        rows = [found[i] for i in ids if i in found]
    else:
        qs = _with_related(_order(plan.apply(published_penalties(), offset), query))
        rows = list(qs[offset : offset + per_page + 1])
    has_next = len(rows) > per_page
    return RegisterPage(
        rows=rows[:per_page], count=count, capped=capped, number=number, per_page=per_page,
        has_next=has_next if capped else number * per_page < count,
    )  # fmt: skip


def _items_prefetch() -> Prefetch:
    return Prefetch(
        "items",
        queryset=PenaltyItem.objects.only(
            "id", "penalty_id", "law", "article", "description", "amount"
        ).order_by("id"),
    )


def _order(qs: QuerySet, query: RegisterQuery) -> QuerySet:
    if query.sort == "amount":
        return qs.order_by(F("current_amount").desc(nulls_last=True), "-decided_on", "-id")
    return qs.order_by("-decided_on", "-id")


def _with_related(qs: QuerySet) -> QuerySet:
    return qs.select_related("organization").prefetch_related(_items_prefetch())


def register_penalties(query: RegisterQuery) -> QuerySet:
    """Published penalties matching ``query``, sorted, with their organization and items."""
    return _with_related(_order(filter_register(published_penalties(), query), query))


def export_penalties(query: RegisterQuery) -> QuerySet:
    """The same selection as :func:`register_penalties`, for streaming downloads."""
    return register_penalties(query)


def public_penalty(penalty_id: int) -> Penalty:
    """One published penalty with its items and history; ``Penalty.DoesNotExist`` otherwise."""
    return (
        published_penalties()
        .select_related("organization")
        .prefetch_related(_items_prefetch(), _events_prefetch())
        .get(pk=penalty_id)
    )


def _events_prefetch() -> Prefetch:
    return Prefetch(
        "events",
        queryset=PenaltyEvent.objects.only(
            "id", "penalty_id", "kind", "occurred_on", "amount_after"
        ).order_by("occurred_on", "id"),
    )


# --- unit pages -------------------------------------------------------------------------------
@dataclass
class UnitRecord:
    """What the public may see of one business unit."""

    name: str
    organization: Organization | None = None
    responsible_people: list[str] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)
    withdrawn: list[Penalty] = field(default_factory=list)
    visits: list[CounsellingVisit] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.penalties or self.withdrawn or self.visits)


def _unit_penalties(qs: QuerySet) -> tuple[list[Penalty], list[Penalty]]:
    published = list(
        qs.filter(status=PenaltyStatus.PUBLISHED)
        .order_by("-decided_on", "-id")
        .prefetch_related(_items_prefetch(), _events_prefetch())
    )
    withdrawn = list(
        qs.filter(status=PenaltyStatus.WITHDRAWN)
        .only(
            "id",
            "authority",
            "disposition_number",
            "decided_on",
            "withdrawn_on",
            "withdrawal_note",
            "appeal_status",
        )
        .order_by("-withdrawn_on", "-id")
    )
    return published, withdrawn


def unit_record(org_id: int) -> UnitRecord:
    """A unit's published penalties, withdrawal notes and counselling visits.

    Raises ``Organization.DoesNotExist`` when the unit has nothing public.
    """
    org = Organization.objects.select_related("industry", "district").get(pk=org_id)
    published, withdrawn = _unit_penalties(Penalty.objects.filter(organization=org))
    visits = list(
        CounsellingVisit.objects.filter(organization=org).only(
            "id", "organization_id", "visited_on", "topic"
        )
    )
    record = UnitRecord(
        name=org.name, organization=org, penalties=published, withdrawn=withdrawn, visits=visits
    )
    if record.is_empty:
        raise Organization.DoesNotExist(org_id)
    record.responsible_people = list(
        dict.fromkeys(p.responsible_person for p in published if p.responsible_person)
    )
    return record


def named_unit_record(name: str) -> UnitRecord:
    """The public record of a unit known only by name (imported records without an organization).

    A natural person (no unit name) is matched on the responsible person's name. Raises
    ``Penalty.DoesNotExist`` when nothing public has that name.
    """
    name = (name or "").strip()
    if not name:
        raise Penalty.DoesNotExist(name)
    qs = Penalty.objects.filter(organization__isnull=True).filter(
        Q(unit_name=name) | Q(unit_name="", responsible_person=name)
    )
    published, withdrawn = _unit_penalties(qs)
    record = UnitRecord(name=name, penalties=published, withdrawn=withdrawn)
    if record.is_empty:
        raise Penalty.DoesNotExist(name)
    record.responsible_people = list(
        dict.fromkeys(p.responsible_person for p in published if p.responsible_person)
    )
    return record


# --- statistics --------------------------------------------------------------------------------
def latest_statistics_year() -> int:
    """The latest year with a published penalty or an inspection (this year when there is none)."""
    dates = [
        published_penalties().aggregate(d=Max("decided_on"))["d"],
        Inspection.objects.aggregate(d=Max("inspected_on"))["d"],
    ]
    dates = [d for d in dates if d]
    return max(dates).year if dates else timezone.localdate().year


@dataclass(frozen=True)
class VisitedUnit:
    """The public part of a counselled unit: its name and industry."""

    name: str
    industry: Industry | None


@dataclass(frozen=True)
class CounselledUnit:
    """A counselling visit as the statistics show it (``visit.organization.name`` …)."""

    organization: VisitedUnit
    visited_on: date


PENALTY_FIGURES = ("count", "amount", "unpublished", "under_appeal", "bureau", "imported")


def year_statistics(year: int) -> dict:
    """Every public figure of a year, computed by a few aggregate queries.

    Inspections count when they were carried out in the year (``inspected_on``); penalties,
    their items and amounts when published and decided in the year; counselled units by visit
    date. Amounts are current amounts (after appeal); an amount not published is not summed
    and is counted apart. Figures are grouped by day in SQL (in index order) and the at most
    366 daily rows are added up into months.
    """
    start, end = _year_range(year)
    inspections = Inspection.objects.filter(inspected_on__range=(start, end)).order_by()
    penalties = published_penalties().filter(decided_on__range=(start, end)).order_by()
    # The items' copy of their penalty's status and date (migration 0004): no join.
    items = PenaltyItem.objects.order_by().extra(
        where=["penalty_status = %s", "penalty_decided_on BETWEEN %s AND %s"],
        params=[PenaltyStatus.PUBLISHED.value, start.isoformat(), end.isoformat()],
    )

    inspections_by_month = [0] * 12
    for day, n in inspections.values_list("inspected_on").annotate(n=Count("*")):
        inspections_by_month[day.month - 1] += n
    type_counts = dict(inspections.values_list("type").annotate(n=Count("*")))
    inspections_by_type = [
        (label, type_counts.get(value, 0)) for value, label in InspectionType.choices
    ]
    industry_counts: dict[str | None, int] = {}
    by_industry_id = inspections.values_list("organization__industry_id").annotate(n=Count("*"))
    industry_rows = {i.pk: i for i in Industry.objects.filter(pk__in=[k for k, _n in by_industry_id if k])}
    for industry_id, n in by_industry_id:
        code = industry_rows[industry_id].code if industry_id in industry_rows else None
        industry_counts[code] = industry_counts.get(code, 0) + n
    industries = {i.code: i for i in industry_rows.values()}
    inspections_by_industry = sorted(
        (
            (code or "", industries[code].name if code in industries else None, n)
            for code, n in industry_counts.items()
        ),
        key=lambda row: (row[0] == "", row[0]),
    )

    law_labels = dict(Law.choices)
    article_rows = list(items.values_list("law", "article").annotate(n=Count("*")))
    violations_by_article = sorted(
        ((law, law_labels.get(law, law), article, n) for law, article, n in article_rows),
        key=lambda r: (-r[3], r[0], r[2]),
    )
    law_counts: dict[str, int] = {}
    for law, _label, _article, n in violations_by_article:
        law_counts[law] = law_counts.get(law, 0) + n
    violations_by_law = sorted(
        ((value, law_labels.get(value, value), n) for value, n in law_counts.items()),
        key=lambda r: (-r[2], r[0]),
    )

    daily = penalties.values("decided_on").annotate(
        count=Count("*"),
        amount=Sum("current_amount"),
        unpublished=Count("decided_on", filter=Q(current_amount__isnull=True)),
        under_appeal=Count("decided_on", filter=Q(appeal_status__in=UNDER_APPEAL)),
        bureau=Count("decided_on", filter=Q(source=Source.BUREAU)),
        imported=Count("decided_on", filter=Q(source=Source.MOL_IMPORT)),
    )
    months = [dict.fromkeys(PENALTY_FIGURES, 0) | {"month": m} for m in range(1, 13)]
    for row in daily:
        month = months[row["decided_on"].month - 1]
        for key in PENALTY_FIGURES:
            month[key] += row[key] or 0
    totals = {key: sum(m[key] for m in months) for key in PENALTY_FIGURES}

    visit_rows = list(
        CounsellingVisit.objects.filter(visited_on__range=(start, end))
        .order_by("visited_on", "id")
        .values_list("organization__name", "organization__industry_id", "visited_on")
    )
    visit_industries = {
        i.pk: i for i in Industry.objects.filter(pk__in={r[1] for r in visit_rows if r[1]})
    }
    visits = [
        CounselledUnit(VisitedUnit(name, visit_industries.get(industry_id)), visited_on)
        for name, industry_id, visited_on in visit_rows
    ]
    return {
        "year": year,
        "inspections_by_month": inspections_by_month,
        "inspections_total": sum(inspections_by_month),
        "inspections_by_type": inspections_by_type,
        "inspections_by_industry": inspections_by_industry,
        "violations_by_law": violations_by_law,
        "violations_by_article": violations_by_article,
        "violations_total": sum(law_counts.values()),
        "penalties_by_month": months,
        "penalty_totals": totals,
        "counselled_units": visits,
        # the same, as the page's table shows them (name, industry, date): no per-row formatting
        "counselled_rows": [
            (
                v.organization.name,
                str(v.organization.industry) if v.organization.industry else "",
                v.visited_on.isoformat(),
            )
            for v in visits
        ],
    }


STATISTICS_CACHE_SECONDS = 600


def data_version() -> str:
    """Changes whenever a record behind the statistics is added or saved (indexed maxima only)."""
    qn = connection.ops.quote_name
    maxima = []
    for model, columns in (
        (Penalty, ("updated_at", "id")),
        (PenaltyItem, ("id",)),
        (Inspection, ("updated_at", "id")),
        (CounsellingVisit, ("updated_at", "id")),
    ):
        # One scalar subquery per maximum: each is a single step at the end of an index.
        table = qn(model._meta.db_table)
        maxima += [f"(SELECT MAX({qn(c)}) FROM {table})" for c in columns]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(maxima))
        return "|".join(str(v) for v in cursor.fetchone())


def cached_year_statistics(year: int) -> dict:
    """:func:`year_statistics`, kept for a few minutes and recomputed as soon as the data change.

    A year with a million penalties takes seconds to aggregate; every later view of the same
    data answers from the cache.
    """
    key = (
        "inspection.register.statistics:"
        + hashlib.sha256(f"{year}|{get_language()}|{data_version()}".encode()).hexdigest()
    )
    stats = cache.get(key)
    if stats is None:
        stats = year_statistics(year)
        cache.set(key, stats, STATISTICS_CACHE_SECONDS)
    return stats


def industry_sections() -> list[Industry]:
    return list(Industry.objects.filter(level="section").order_by("code"))


def active_districts() -> list[District]:
    return list(District.objects.filter(is_active=True).order_by("postcode"))
