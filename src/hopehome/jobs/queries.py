"""Vacancy search (台南工作好找): the search form, the query, highlighting.

Only open vacancies are ever returned: published and not past their closing date. Text search
uses the shared bigram index (:mod:`hopehome.core.search`): two-character queries (護理, 門市)
find every vacancy containing them, longer and mixed queries (Python工程師) need all their
tokens, one character matches its unigram, and 臺/台 and full/half-width forms fold alike.

Cost is bounded whatever the query, so that every search answers in a few tens of
milliseconds over a million vacancies (``benchmarks/jobs_search.py``):

* The total is counted up to :data:`COUNT_CAP` (10,000) without a text query and up to
  :data:`TEXT_COUNT_CAP` (1,000) with one, on either database; above it the result says
  ``count_capped`` ("more than 1,000"). Without a text query the count reads at most COUNT_CAP + 1
  entries of an index that carries the closing date (migration 0003).
* SQLite, with a text query: one statement reads the query's newest entries in the full-text
  index (at most :func:`count_scan`, 2,001) and checks each against the narrow
  ``vacancy_search_cover`` index: that is the count, and it tells how frequent the query is.
  When more entries were left unread and the filters kept TEXT_COUNT_CAP or fewer, the count is a
  lower bound ("more than n"). The page of a rare query (up to :data:`RARE_MATCHES` entries)
  is read from the set of its matches. A frequent one is paged from the newest vacancies in
  the filters' order, read in a window whose ids are intersected with one range read of the
  full-text index. The salary order, whose ids are scattered, reads a second full-text index
  keyed by salary and id (migration 0005), best-paid first, and stops after the page.
  Otherwise (a window holding too few matches, filters that keep few of a frequent query's
  matches) the database walks the order's index and checks each row against the query's
  matches, read once as a set.
* PostgreSQL matches the stored ``search_vector`` column with its GIN index; the planner walks
  the display order for frequent queries. Each counted match costs a row read there.
* Relevance (the default with a query) lists vacancies whose title contains the query first,
  then the newest. For a frequent query (over RARE_MATCHES vacancies on SQLite, over
  TEXT_COUNT_CAP on PostgreSQL) the title-first ranking applies to the newest
  :data:`RELEVANCE_WINDOW` matches (the first five pages), and later pages continue newest
  first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django import forms
from django.db import connection, transaction
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hopehome.core.models import District, Industry
from hopehome.core.search import (
    fts_match_text,
    fts_table,
    query_tokens,
    search,
    tsquery_text,
    tsvector_sql,
)
from hopehome.core.text import VARIANTS, fold

from .choices import EmploymentType, Occupation, VacancyStatus
from .models import Vacancy

PAGE_SIZE = 20
COUNT_CAP = 10_000
RELEVANCE_WINDOW = 100
MAX_QUERY_LENGTH = 100
MAX_SALARY = 10_000_000

# Form values of the friendly flags and accessibility features → Vacancy fields.
FRIENDLY_FIELDS = {
    "youth": "friendly_youth",
    "disability": "friendly_disability",
    "middle_aged": "friendly_middle_aged",
    "new_immigrant": "friendly_new_immigrant",
    "indigenous": "friendly_indigenous",
}
ACCESS_FIELDS = {
    "step_free": "access_step_free",
    "screen_reader": "access_screen_reader",
    "assistive_devices": "access_assistive_devices",
    "flexible_hours": "access_flexible_hours",
}
FRIENDLY_CHOICES = [
    ("youth", _("青年友善")),
    ("disability", _("身障友善")),
    ("middle_aged", _("中高齡友善")),
    ("new_immigrant", _("新住民友善")),
    ("indigenous", _("原住民友善")),
]
ACCESS_CHOICES = [
    ("step_free", _("無障礙通行（無階梯）")),
    ("screen_reader", _("工作工具支援螢幕報讀")),
    ("assistive_devices", _("提供輔具")),
    ("flexible_hours", _("彈性工時")),
]
SORT_CHOICES = [
    ("relevance", _("最相關")),
    ("newest", _("最新刊登")),
    ("salary", _("薪資高到低")),
]
SORTS = tuple(value for value, _label in SORT_CHOICES)
NEWEST_ORDER = ("-posted_on", "-id")
FILTERS = (
    "district", "industry", "occupation", "employment_type", "salary_min", "friendly", "access",
)  # fmt: skip
SALARY_ORDER = ("-monthly_equivalent", "-id")


def open_vacancies() -> QuerySet:
    """Vacancies the public may see: published and not past their closing date."""
    return Vacancy.objects.filter(
        status=VacancyStatus.PUBLISHED, expires_on__gte=timezone.localdate()
    )


# --- the form ----------------------------------------------------------------------------------
class _CodeChoiceField(forms.ModelChoiceField):
    """A reference row chosen by its code; codes are matched without regard to case or width."""

    def __init__(self, *args, upper: bool = False, **kwargs):
        self.upper = upper
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if self.upper:
                value = value.upper()
        return super().to_python(value)

    def label_from_instance(self, obj):
        return obj.name


class VacancySearchForm(forms.Form):
    """The public job search (GET). Every field is optional; an empty form lists every open
    vacancy, newest first."""

    q = forms.CharField(
        label=_("關鍵字"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("職稱、工作內容或公司名稱，例如：門市、護理、Python工程師。"),
    )
    district = _CodeChoiceField(
        label=_("工作地點行政區"),
        queryset=District.objects.filter(is_active=True).order_by("postcode"),
        to_field_name="postcode",
        required=False,
        empty_label=_("全部行政區"),
        error_messages={"invalid_choice": _("請從清單選擇臺南市的行政區。")},
    )
    industry = _CodeChoiceField(
        label=_("行業"),
        queryset=Industry.objects.filter(level="section", revision="11").order_by("code"),
        to_field_name="code",
        upper=True,
        required=False,
        empty_label=_("全部行業"),
        error_messages={"invalid_choice": _("請從清單選擇行業。")},
    )
    occupation = forms.ChoiceField(
        label=_("職業類別"),
        choices=[("", _("全部職類")), *Occupation.choices],
        required=False,
        error_messages={"invalid_choice": _("請從清單選擇職業類別。")},
    )
    employment_type = forms.ChoiceField(
        label=_("工作性質"),
        choices=[("", _("全部")), *EmploymentType.choices],
        required=False,
        error_messages={"invalid_choice": _("請從清單選擇工作性質。")},
    )
    salary_min = forms.IntegerField(
        label=_("月薪至少（元）"),
        required=False,
        min_value=0,
        max_value=MAX_SALARY,
        help_text=_("時薪職缺以每月 174 小時換算成月薪比較。"),
        error_messages={
            "invalid": _("薪資請輸入整數金額，例如 32000。"),
            "min_value": _("薪資不可小於 0。"),
            "max_value": _("薪資不可超過 %(limit_value)s 元。"),
        },
    )
    friendly = forms.MultipleChoiceField(
        label=_("友善職場"),
        choices=FRIENDLY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("「%(value)s」不是可選的友善職場項目。")},
    )
    access = forms.MultipleChoiceField(
        label=_("無障礙與職場調整"),
        choices=ACCESS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("「%(value)s」不是可選的無障礙項目。")},
    )
    sort = forms.ChoiceField(
        label=pgettext_lazy("search results", "排序"),
        choices=SORT_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("請從清單選擇排序方式。")},
    )
    page = forms.IntegerField(
        label=_("頁次"),
        required=False,
        min_value=1,
        max_value=COUNT_CAP // PAGE_SIZE,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("頁次必須是整數。"),
            "min_value": _("頁次從 1 開始。"),
            "max_value": _("頁次不可超過 %(limit_value)s，請加上條件縮小範圍。"),
        },
    )

    def clean_q(self) -> str:
        return " ".join((self.cleaned_data.get("q") or "").split())


# --- the search --------------------------------------------------------------------------------
@dataclass
class SearchResult:
    """One page of a search. ``count`` is exact unless ``count_capped``: then there are more
    than ``count`` matches."""

    items: list
    count: int
    count_capped: bool
    page: int
    pages: int
    page_size: int
    sort: str
    has_next: bool
    has_previous: bool


def _pk(value, model, field: str):
    """The primary key of a reference row given as an instance, a primary key or its code."""
    if value in (None, ""):
        return None
    if isinstance(value, model):
        return value.pk
    row = model.objects.filter(
        **{field: str(value).strip().upper() if field == "code" else str(value).strip()}
    )
    if model is Industry:
        row = row.filter(level="section", revision="11")
    return row.values_list("pk", flat=True).first() or 0


def filtered_vacancies(cleaned: dict, *, walk_order: bool = False) -> QuerySet:
    """Open vacancies matching every filter of ``cleaned`` except the text query.

    With ``walk_order`` (SQLite) the filters are written so that no index serves them: the
    database then reads the index of the display order and checks each row, which stops after
    a page, rather than collecting every filtered row and sorting them.
    """
    if connection.vendor == "sqlite":
        # The closing date is checked on each row read rather than chosen as the index to read:
        # almost every published vacancy is still open, and the search indexes carry the date.
        qs = Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).extra(
            where=[f'+"{Vacancy._meta.db_table}"."expires_on" >= %s'], params=[timezone.localdate()]
        )
    else:
        qs = open_vacancies()
    conditions: dict = {}
    district = _pk(cleaned.get("district"), District, "postcode")
    if district is not None:
        conditions["district_id"] = district
    industry = _pk(cleaned.get("industry"), Industry, "code")
    if industry is not None:
        conditions["industry_id"] = industry
    for name in ("occupation", "employment_type"):
        if cleaned.get(name):
            conditions[name] = cleaned[name]
    flags = [FRIENDLY_FIELDS[v] for v in cleaned.get("friendly") or () if v in FRIENDLY_FIELDS]
    flags += [ACCESS_FIELDS[v] for v in cleaned.get("access") or () if v in ACCESS_FIELDS]
    salary = cleaned.get("salary_min")
    if walk_order and connection.vendor == "sqlite":
        table = Vacancy._meta.db_table
        where = [f'+"{table}"."{column}" = %s' for column in conditions]
        params = list(conditions.values())
        where += [f'+"{table}"."{flag}"' for flag in flags]
        if salary not in (None, ""):
            where.append(f'+"{table}"."monthly_equivalent" >= %s')
            params.append(int(salary))
        return qs.extra(where=where, params=params) if where else qs
    qs = qs.filter(**conditions)
    if salary not in (None, ""):
        qs = qs.filter(monthly_equivalent__gte=int(salary))
    if flags:
        qs = qs.filter(**dict.fromkeys(flags, True))
    return qs


def _title_variants(query: str) -> list[str]:
    """Forms of the query a stored (unfolded) title may contain: as typed, folded, and with
    台 written 臺 (the official form), for a case-insensitive ``LIKE``."""
    from hopehome.core.text import fold

    folded = fold(query)
    official = folded.replace("台", "臺")
    raw = " ".join((query or "").split())
    return [v for v in dict.fromkeys((folded, official, raw)) if v]


def _title_match(query: str) -> Case:
    """1 when the title contains the query (in any of its forms), else 0."""
    condition = Q()
    for variant in _title_variants(query):
        condition |= Q(title__icontains=variant)
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _capped_count(qs: QuerySet) -> tuple[int, bool]:
    """(count, capped): the number of rows up to :data:`COUNT_CAP`, reading at most one more."""
    n = qs.order_by()[: COUNT_CAP + 1].count()
    return min(n, COUNT_CAP), n > COUNT_CAP


# A text query is counted up to this many matches, on either database, above which the result
# says count_capped ("more than 1,000"). Each match costs an index entry read and checked: over a
# million vacancies 10,001 matches of a frequent term took longer than the whole answer may.
TEXT_COUNT_CAP = 1_000
# SQLite: how a text query runs depends on how many vacancies (of any status) the full-text
# index holds for it. Up to RARE_MATCHES the matches are read as a set; above, the page is found
# by reading the display order in windows, each intersected with one read of the index by id.
RARE_MATCHES = 2_000
MAX_WINDOW = 20_000
DENSITY_SAMPLE = 20_000


def _filters_sql(base: QuerySet) -> tuple[str, list]:
    """The WHERE clause of ``base`` (open vacancies and the filters), and its parameters."""
    table = Vacancy._meta.db_table
    sql, params = base.order_by().values("id").query.sql_with_params()
    prefix = f'SELECT "{table}"."id" AS "id" FROM "{table}" WHERE '
    if not sql.startswith(prefix) or f'"{table}" WHERE' in sql[len(prefix) :]:
        raise ValueError("filters must not join other tables")
    return sql[len(prefix) :], list(params)


def count_scan() -> int:
    """How many of a query's newest index entries are read to count it (SQLite): enough to tell
    a rare query (RARE_MATCHES) and to count up to the cap."""
    return max(RARE_MATCHES, TEXT_COUNT_CAP) + 1


def _fts_scan(base: QuerySet, terms: list[str]) -> tuple[int, int]:
    """(read, matching): the query's newest entries in the full-text index, at most
    count_scan() + 1 of them (``read``), and how many of those are rows of ``base``
    (``matching``), each checked against the narrow ``vacancy_search_cover`` index (SQLite).
    When more entries were left unread and the filters kept TEXT_COUNT_CAP or fewer of them,
    the count is a lower bound."""
    table = Vacancy._meta.db_table
    fts = fts_table(Vacancy)
    where, params = _filters_sql(base)
    sql = (
        f'SELECT COUNT(*), COUNT("{table}"."id") FROM (SELECT rowid AS match_id FROM {fts} '
        f"WHERE {fts} MATCH %s ORDER BY rowid DESC LIMIT %s) AS m "
        f'LEFT JOIN "{table}" INDEXED BY vacancy_search_cover ON "{table}"."id" = m.match_id '
        f"AND ({where})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts_match_text(terms), count_scan() + 1, *params])
        read, matching = cursor.fetchone()
    return read, matching


def _density(terms: list[str]) -> float:
    """The share of the newest DENSITY_SAMPLE vacancies (any status) holding every term."""
    table = Vacancy._meta.db_table
    fts = fts_table(Vacancy)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {fts} WHERE {fts} MATCH %s "
            f"AND rowid > (SELECT COALESCE(MAX(id), 0) FROM {table}) - %s",
            [fts_match_text(terms), DENSITY_SAMPLE],
        )
        return max(cursor.fetchone()[0], 1) / DENSITY_SAMPLE


def _windowed_ids(
    ordered: QuerySet, terms: list[str], need: int, density: float
) -> list[int] | None:
    """The ids of the first ``need`` rows of ``ordered`` (filtered, in display order) holding
    every term; None when the matches are too sparse at the top of the order for a window.

    The display order is read in a window sized by the expected ``density`` of matches, from
    the index of that order, and the window is intersected in SQL with the query: on SQLite by
    one read of the full-text index over the window's range of ids, on PostgreSQL by checking
    each row's stored vector. A window holding too few matches is read again four times larger.
    """
    fts = fts_table(Vacancy)
    order = list(ordered.query.order_by)
    keys = [f.lstrip("-") for f in order]
    sort_sql = ", ".join(
        f'w."{k}" {"DESC" if f.startswith("-") else "ASC"}'
        for k, f in zip(keys, order, strict=True)
    )
    columns = list(dict.fromkeys(["id", *keys]))
    window = min(max(int(need / max(density, 1e-6) * 1.5), need * 2, 100), MAX_WINDOW)
    while True:
        if connection.vendor == "sqlite":
            inner, params = ordered.values(*columns)[:window].query.sql_with_params()
            params = [*params, fts_match_text(terms)]
            sql = (
                f'WITH w AS MATERIALIZED ({inner}) SELECT w."id" FROM w WHERE w."id" IN '
                f"(SELECT rowid FROM {fts} WHERE {fts} MATCH %s AND rowid BETWEEN "
                f'(SELECT MIN("id") FROM w) AND (SELECT MAX("id") FROM w)) '
                f"ORDER BY {sort_sql} LIMIT %s"
            )
        else:  # each row of the window is checked as it is read
            hit = RawSQL(
                f"{tsvector_sql(Vacancy)} @@ to_tsquery('simple', %s)",
                [tsquery_text(terms)],
                output_field=BooleanField(),
            )
            inner, params = (
                ordered.annotate(hit=hit).values(*columns, "hit")[:window].query.sql_with_params()
            )
            sql = f'WITH w AS MATERIALIZED ({inner}) SELECT w."id" FROM w WHERE w."hit" ORDER BY {sort_sql} LIMIT %s'
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, need])
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) >= need or not ordered[window : window + 1].exists():
            return ids
        if window >= MAX_WINDOW:
            return None
        window = min(window * 4, MAX_WINDOW)


# SQLite: the second full-text index, keyed by monthly_equivalent × 2³² + id (migration 0005),
# gives a query's matches in the salary order. It is read when the page is expected within
# SALARY_WALK_MAX of its entries, judged by the share of the newest matches the filters keep.
SALARY_FTS = "jobs_vacancy_salary_fts"
SALARY_WALK_MAX = 30_000
ID_BITS = 32


def _salary_ordered_ids(base: QuerySet, terms: list[str], offset: int, limit: int) -> list[int]:
    """Ids of a page of ``base`` holding every term, in the salary order (``SALARY_ORDER``):
    the salary-keyed full-text index is read from its highest key down and each entry checked
    against ``vacancy_search_cover``, stopping after the page (``CROSS JOIN`` keeps the index
    as the outer loop)."""
    table = Vacancy._meta.db_table
    where, params = _filters_sql(base)
    sql = (
        f'SELECT "{table}"."id" FROM {SALARY_FTS} '
        f'CROSS JOIN "{table}" INDEXED BY vacancy_search_cover '
        f'ON "{table}"."id" = ({SALARY_FTS}.rowid & {(1 << ID_BITS) - 1}) '
        f"WHERE {SALARY_FTS} MATCH %s AND ({where}) "
        f"ORDER BY {SALARY_FTS}.rowid DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts_match_text(terms), *params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def _walkable(cleaned: dict, order) -> QuerySet:
    return filtered_vacancies(cleaned, walk_order=True).order_by(*order)


def _walked_ids(ordered: QuerySet, terms: list[str], offset: int, limit: int) -> list[int]:
    """Ids of a page of ``ordered`` (filters written for ``walk_order``) holding every term: the
    database reads the index of the display order and checks each row against the set of the
    query's matches, read once from the full-text index."""
    fts = fts_table(Vacancy)
    qs = ordered.extra(
        where=[
            f'+"{Vacancy._meta.db_table}"."id" IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)'
        ],
        params=[fts_match_text(terms)],
    )
    return list(qs.values_list("id", flat=True)[offset : offset + limit])


def _fetch(ids: list[int]) -> list:
    """Vacancies by id, in the order of ``ids``, with what a result shows."""
    rows = Vacancy.objects.select_related("employer", "district", "industry").in_bulk(ids)
    return [rows[i] for i in ids if i in rows]


def _sqlite_text_search(
    cleaned: dict, base: QuerySet, q: str, terms: list[str], sort: str, offset: int, page_size: int
):
    """(items, count, capped) of a text query on SQLite."""
    read, matching = _fts_scan(base, terms)
    scan = count_scan()
    if matching > TEXT_COUNT_CAP:
        count, capped = TEXT_COUNT_CAP, True
    else:  # with index entries left unread the count is a lower bound
        count, capped = matching, read > scan
    order = SALARY_ORDER if sort == "salary" else NEWEST_ORDER
    if read <= RARE_MATCHES:
        qs = search(base, q).select_related("employer", "district", "industry")
        if sort == "relevance":
            qs = qs.annotate(title_match=_title_match(q)).order_by("-title_match", *NEWEST_ORDER)
        else:
            qs = qs.order_by(*order)
        return list(qs[offset : offset + page_size]), count, capped
    relevance = sort == "relevance" and offset + page_size <= RELEVANCE_WINDOW
    need = RELEVANCE_WINDOW if relevance else offset + page_size
    ids = None
    if sort == "salary" and matching:
        # entries of the salary index expected to be read for this page
        expected = (offset + page_size) * read / matching
        if expected <= SALARY_WALK_MAX:
            return _fetch(_salary_ordered_ids(base, terms, offset, page_size)), count, capped
    if read > scan and sort != "salary":
        # A frequent query: the newest vacancies have neighbouring ids, one index read per window.
        ids = _windowed_ids(base.order_by(*order), terms, need, _density(terms))
    if ids is None:
        ids = _walked_ids(
            _walkable(cleaned, order),
            terms,
            0 if relevance else offset,
            need if relevance else page_size,
        )
    elif not relevance:
        ids = ids[offset:]
    if relevance:
        ranked = dict(
            Vacancy.objects.filter(id__in=ids)
            .annotate(title_match=_title_match(q))
            .values_list("id", "title_match")
        )
        ids.sort(key=lambda i: -ranked.get(i, 0))  # stable: newest first within each group
        ids = ids[offset : offset + page_size]
    return _fetch(ids[:page_size]), count, capped


# PostgreSQL: finding the first n matches of a frequent term reads about n / (its share of the
# vacancies) rows, each checked against its stored vector: 10,001 matches of 門市 read some
# 60,000 rows, TEXT_COUNT_CAP + 1 a tenth of them.
COUNT_WORK_MEM = "32MB"


def _postgres_text_search(
    base: QuerySet,
    q: str,
    terms: list[str],
    sort: str,
    offset: int,
    page_size: int,
    *,
    filtered: bool = False,
):
    """(items, count, capped) of a text query on PostgreSQL (or another database)."""
    qs = search(base, q)
    if filtered and connection.vendor == "postgresql":
        # With filters the count intersects the GIN bitmap with a filter's index; in the default
        # 4 MB of work_mem that bitmap goes lossy and every row of its pages is rechecked.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL work_mem = '{COUNT_WORK_MEM}'")
            n = qs.order_by()[: TEXT_COUNT_CAP + 1].count()
    else:
        n = qs.order_by()[: TEXT_COUNT_CAP + 1].count()
    count, capped = min(n, TEXT_COUNT_CAP), n > TEXT_COUNT_CAP
    order = SALARY_ORDER if sort == "salary" else NEWEST_ORDER
    relevance = sort == "relevance"
    if not capped or connection.vendor != "postgresql":
        if relevance:
            qs = qs.annotate(title_match=_title_match(q)).order_by("-title_match", *NEWEST_ORDER)
        else:
            qs = qs.order_by(*order)
        return (
            list(
                qs.select_related("employer", "district", "industry")[offset : offset + page_size]
            ),
            count,
            capped,
        )
    # Over the cap: the planner walks the order's index and checks each row. For relevance the
    # newest RELEVANCE_WINDOW matches are read in growing windows, which keeps that walk even
    # where the planner would rather collect and sort every match.
    relevance = relevance and offset + page_size <= RELEVANCE_WINDOW
    ids = None
    if relevance:
        ids = _windowed_ids(base.order_by(*NEWEST_ORDER), terms, RELEVANCE_WINDOW, 0.25)
        if ids is None:
            ids = list(qs.order_by(*NEWEST_ORDER).values_list("id", flat=True)[:RELEVANCE_WINDOW])
        ranked = dict(
            Vacancy.objects.filter(id__in=ids)
            .annotate(title_match=_title_match(q))
            .values_list("id", "title_match")
        )
        ids.sort(key=lambda i: -ranked.get(i, 0))  # stable: newest first within each group
        return _fetch(ids[offset : offset + page_size]), count, capped
    ids = list(qs.order_by(*order).values_list("id", flat=True)[offset : offset + page_size])
    return _fetch(ids), count, capped


def search_vacancies(cleaned: dict, *, page_size: int = PAGE_SIZE) -> SearchResult:
    """One page of open vacancies matching the search form's ``cleaned`` data.

    ``cleaned`` holds the form's fields (district and industry as instances or codes, friendly
    and access as lists of values); missing keys mean no filter. Items come with their employer,
    district and industry.
    """
    q = " ".join(str(cleaned.get("q") or "").split())
    terms = query_tokens(q)
    sort = cleaned.get("sort") or ""
    if sort not in SORTS:
        sort = "relevance" if terms else "newest"
    if sort == "relevance" and not terms:
        sort = "newest"
    page = max(int(cleaned.get("page") or 1), 1)
    offset = (page - 1) * page_size
    base = filtered_vacancies(cleaned)
    order = SALARY_ORDER if sort == "salary" else NEWEST_ORDER

    if not terms:
        count, capped = _capped_count(base)
        if sort == "salary" and capped:
            base = filtered_vacancies(cleaned, walk_order=True)
        # The page's ids first (read from an index), then those rows.
        items = _fetch(
            list(base.order_by(*order).values_list("id", flat=True)[offset : offset + page_size])
        )
    elif connection.vendor == "sqlite":
        items, count, capped = _sqlite_text_search(cleaned, base, q, terms, sort, offset, page_size)
    else:
        filtered = any(cleaned.get(name) not in (None, "", [], ()) for name in FILTERS)
        items, count, capped = _postgres_text_search(
            base, q, terms, sort, offset, page_size, filtered=filtered
        )

    pages = max(math.ceil(count / page_size), 1)
    has_next = page < pages if not capped else len(items) == page_size
    if capped:  # a lower bound: at least the pages reached so far
        pages = max(pages, page + has_next)
    return SearchResult(
        items=items,
        count=count,
        count_capped=capped,
        page=page,
        pages=pages,
        page_size=page_size,
        sort=sort,
        has_next=has_next,
        has_previous=page > 1,
    )


# --- highlighting ------------------------------------------------------------------------------
_RUN_RE = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+|[0-9a-z]+"
)


def _fold_char(char: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", char).translate(VARIANTS).lower()


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, and for each folded character the index of the
    original character it came from (a character may fold to several, or to none)."""
    parts: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        folded = char if char.isascii() and not char.isupper() else _fold_char(char)
        parts.append(folded)
        origin.extend([i] * len(folded))
    return "".join(parts), origin


def _spans(folded: str, needles: list[str]) -> list[tuple[int, int]]:
    spans = []
    for needle in needles:
        start = folded.find(needle)
        while start != -1:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
    return spans


def highlight(text: str | None, q: str | None) -> SafeString:
    """``text`` escaped, with each occurrence of the query wrapped in ``<mark>``.

    Matching is on folded text (full/half width, 臺/台 and the other variants, case), and each
    match marks the original characters it came from. A query run that does not occur whole
    (the search matches any vacancy holding all of its bigrams) marks its bigrams instead.
    """
    text = text or ""
    runs = list(dict.fromkeys(_RUN_RE.findall(fold(q))))
    if not text or not runs:
        return escape(text)
    folded, origin = _folded_with_map(text)
    spans: list[tuple[int, int]] = []
    for run in runs:
        found = _spans(folded, [run])
        if not found and len(run) > 2 and not run.isascii():
            found = _spans(folded, [run[i : i + 2] for i in range(len(run) - 1)])
        spans.extend(found)
    if not spans:
        return escape(text)
    # Back to original characters, then merge overlapping or touching spans.
    marks: list[list[int]] = []
    for start, end in sorted((origin[s], origin[e - 1] + 1) for s, e in spans):
        if marks and start <= marks[-1][1]:
            marks[-1][1] = max(marks[-1][1], end)
        else:
            marks.append([start, end])
    out, last = [], 0
    for start, end in marks:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every part is escaped above
