"""The register's search plans: whichever plan a query takes, the rows, their order and the
total are those of the plain query; a total above the cap is shown as "more than"; the items'
copy of their penalty's status and date follows every change."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from django.db import connection

from hopehome.core import search as core_search
from hopehome.inspection import queries
from hopehome.inspection.choices import Law, PenaltyStatus, Source
from hopehome.inspection.models import Penalty, PenaltyItem

from .test_register import make_org, make_penalty, search

pytestmark = pytest.mark.django_db

SQLITE = connection.vendor == "sqlite"
NAMES = ("臺南精密股份有限公司", "安平餐飲有限公司", "永康五金企業社", "安平物流股份有限公司")
LAWS = (
    ((Law.LSA, "第24條", "加班費"),),
    ((Law.LSA, "第32條第2項", "超時"), (Law.OSHA, "第6條第1項", "安全設備")),
    ((Law.GENDER, "第16條", "育嬰留停"),),
    ((Law.LSA, "第24條第1項", "加班費"), (Law.LSA, "第38條", "特休")),
)


@pytest.fixture
def many(db) -> list[Penalty]:
    """36 penalties over names, laws, years, sources and statuses (some not published)."""
    orgs = [make_org(name, ubn=ubn, person=f"負責人{i}") for i, (name, ubn) in
            enumerate(zip(NAMES, ("12345675", "04595257", "28783907", "16590295"), strict=True))]  # fmt: skip
    rows = []
    for n, (org, items, year) in enumerate(itertools.product(orgs, LAWS[:3], (2019, 2020, 2021))):
        status = PenaltyStatus.WITHDRAWN if n % 11 == 5 else PenaltyStatus.PUBLISHED
        rows.append(make_penalty(
            org=org, items=items, decided_on=date(year, 1 + n % 12, 1 + n % 27), status=status,
            amount=None if n % 7 == 0 else 10_000 * (1 + n % 5),
            source=Source.MOL_IMPORT if n % 4 == 0 else Source.BUREAU,
        ))  # fmt: skip
    rows.append(
        make_penalty(
            unit_name="安平小吃", person="王大明", items=LAWS[3], decided_on=date(2020, 5, 5)
        )
    )
    return rows


def plain(query: queries.RegisterQuery) -> list[int]:
    """The matching published ids in display order, by the plan that reads every row."""
    return list(queries.register_penalties(query).values_list("id", flat=True))


QUERIES = [
    {"q": "安平"},
    {"q": "有限公司"},
    {"q": "股份有限公司"},
    {"q": "精密"},
    {"q": "12345675"},
    {"q": "安平", "year": 2020},
    {"q": "安平", "law": Law.LSA, "year": 2020},
    {"q": "有限公司", "law": Law.LSA},
    {"law": Law.LSA},
    {"law": Law.LSA, "year": 2019},
    {"law": Law.LSA, "article": "第24條", "year": 2020},
    {"law": Law.GENDER},
    {"article": "第6條第1項"},
    {"law": Law.LSA, "source": Source.MOL_IMPORT},
    {"q": "有限", "sort": "amount"},
    {"law": Law.LSA, "sort": "amount"},
    {"year": 2021, "under_appeal": False},
    {},
]


@pytest.mark.parametrize(
    "thresholds",
    [
        {},  # as configured: every name and law here is rare, the matches drive the query
        {"DRIVE_MAX": 0, "SET_MAX": 1_000},  # walk the index, probe the set of matches
        {"DRIVE_MAX": 0, "SET_MAX": 0},  # walk the index, check each row's tokens
        {"DRIVE_MAX": 0, "SET_MAX": 0, "COUNT_CAP": 3},  # and the total is capped
        {"DENSE_SHARE": 0.0},  # PostgreSQL: names of several tokens checked row by row
        {"DENSE_SHARE": 0.0, "COUNT_CAP": 3},
    ],
)
@pytest.mark.parametrize("params", QUERIES)
def test_every_plan_gives_the_rows_order_and_total_of_the_plain_query(
    many, monkeypatch, thresholds, params
):
    for name, value in thresholds.items():
        monkeypatch.setattr(queries, name, value)
    query = queries.RegisterQuery(**params)
    expected = plain(query)
    cap = queries.COUNT_CAP
    shown: list[int] = []
    for number in itertools.count(1):
        page = queries.register_page(query, number, per_page=4)
        assert page.capped == (len(expected) > cap)
        assert page.count == min(len(expected), cap)
        shown += [p.id for p in page.rows]
        if not page.has_next:
            break
    assert shown == expected
    assert queries.register_count(query) == (min(len(expected), cap), len(expected) > cap)


def test_a_page_past_the_end_of_a_known_total_shows_the_last_page(many):
    query = queries.RegisterQuery(q="安平")
    last = queries.register_page(query, 999, per_page=5)
    assert last.number == last.num_pages
    assert [p.id for p in last.rows] == plain(query)[(last.number - 1) * 5 :]


def test_a_large_total_is_shown_as_more_than_the_cap(client, many, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 5)
    response = search(client, q="有限公司")
    page = response.context["page_obj"]
    assert page.capped and page.count == 5 and page.num_pages is None
    html = response.content.decode()
    assert "共找到超過 5 筆公布資料。" in html
    assert "共找到 5 筆" not in html
    assert (
        "共 " not in html.split('aria-current="page">', 1)[1].split("</span>", 1)[0]
    )  # no last page
    assert 'rel="next"' in html
    second = search(client, q="有限公司", page=2)
    assert [p.id for p in second.context["page_obj"].rows] == plain(
        queries.RegisterQuery(q="有限公司")
    )[20:40]


def test_hidden_matches_never_make_a_small_total_look_capped(many, monkeypatch):
    """The full-text index also holds withdrawn penalties: they may not tip a total over the cap."""
    published = plain(queries.RegisterQuery(q="精密"))
    monkeypatch.setattr(queries, "COUNT_CAP", len(published))
    assert Penalty.objects.filter(
        unit_name__contains="精密", status=PenaltyStatus.WITHDRAWN
    ).exists()
    assert queries.register_count(queries.RegisterQuery(q="精密")) == (len(published), False)


def test_the_ubn_search_finds_the_unit_in_a_bounded_number_of_queries(
    many, django_assert_max_num_queries
):
    org_penalties = plain(queries.RegisterQuery(q="04595257"))
    assert org_penalties and all(
        Penalty.objects.get(id=i).organization.ubn == "04595257" for i in org_penalties
    )
    with django_assert_max_num_queries(5):
        page = queries.register_page(queries.RegisterQuery(q="04595257"))
        assert [p.id for p in page.rows] == org_penalties[:20]


def _copy(item_id: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT penalty_status, penalty_decided_on FROM inspection_penaltyitem WHERE id = %s",
            [item_id],
        )
        status, decided = cursor.fetchone()
    return status, str(decided)


def test_items_keep_a_copy_of_their_penalty_status_and_date(db):
    penalty = make_penalty(unit_name="同步測試有限公司", person="甲", decided_on=date(2020, 4, 1))
    item = penalty.items.get()
    assert _copy(item.id) == (PenaltyStatus.PUBLISHED, "2020-04-01")
    penalty.status = PenaltyStatus.WITHDRAWN
    penalty.decided_on = date(2021, 2, 3)
    penalty.save()
    assert _copy(item.id) == (PenaltyStatus.WITHDRAWN, "2021-02-03")
    added = PenaltyItem.objects.create(penalty=penalty, law=Law.LSA, article="第38條")
    assert _copy(added.id) == (PenaltyStatus.WITHDRAWN, "2021-02-03")
    other = make_penalty(unit_name="另一家有限公司", person="乙", decided_on=date(2019, 1, 2))
    added.penalty = other
    added.save()
    assert _copy(added.id) == (PenaltyStatus.PUBLISHED, "2019-01-02")


def test_law_filters_and_statistics_follow_a_withdrawal(db):
    penalty = make_penalty(unit_name="撤銷測試有限公司", person="丙", decided_on=date(2022, 3, 3),
                           items=((Law.GENDER, "第16條", "育嬰留停"),))  # fmt: skip
    query = queries.RegisterQuery(law=Law.GENDER, year=2022)
    assert queries.register_count(query) == (1, False)
    assert queries.year_statistics(2022)["violations_total"] == 1
    penalty.status = PenaltyStatus.WITHDRAWN
    penalty.save()
    assert queries.register_count(query) == (0, False)
    assert queries.year_statistics(2022)["violations_total"] == 0


def test_a_frequent_name_is_matched_on_the_same_tokens_as_the_index(many, monkeypatch):
    """Walking with a per-row token check (frequent names) matches exactly what the index does:
    a bigram inside a longer run, and not a bigram that spans two names."""
    monkeypatch.setattr(queries, "DRIVE_MAX", 0)
    monkeypatch.setattr(queries, "SET_MAX", 0)
    for q in ("平餐", "公司安平", "司安", "大明", "王大明"):
        query = queries.RegisterQuery(q=q)
        assert [p.id for p in queries.register_page(query, per_page=100).rows] == plain(query), q


# --- core.search: the stored tsvector of large tables -----------------------------------------
def test_search_uses_the_stored_vector_of_a_model_that_declares_it():
    assert core_search.tsvector_sql(Penalty) == "inspection_penalty.search_vector"
    assert (
        core_search.tsvector_sql(PenaltyItem)
        == "to_tsvector('simple', inspection_penaltyitem.search_tokens)"
    )


def test_index_sql_is_unchanged_by_default_and_can_index_the_stored_vector():
    forward, reverse = core_search.index_sql("postgresql", "jobs_vacancy")
    assert forward == [
        "CREATE INDEX jobs_vacancy_search_gin ON jobs_vacancy USING GIN (to_tsvector('simple', search_tokens))"
    ]
    stored = core_search.index_sql("postgresql", "t", stored_vector=True)[0]
    assert stored == ["CREATE INDEX t_search_gin ON t USING GIN (search_vector)"]
    assert core_search.stored_vector_sql("sqlite", "t") == ([], [])
    forward, reverse = core_search.stored_vector_sql("postgresql", "t")
    assert any(
        "GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED" in s for s in forward
    )
    assert (
        reverse[-1]
        == "CREATE INDEX t_search_gin ON t USING GIN (to_tsvector('simple', search_tokens))"
    )


@pytest.mark.skipif(SQLITE, reason="PostgreSQL only")
def test_the_penalty_table_has_the_stored_vector_and_its_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'inspection_penalty_search_gin'"
        )
        assert "search_vector" in cursor.fetchone()[0]


# --- downloads ------------------------------------------------------------------------------
class _Cursor:
    def __init__(self, rows, fail_after=None):
        self.rows, self.fail_after, self.fetched = list(rows), fail_after, 0

    def fetchmany(self, size):
        if self.fail_after is not None and self.fetched >= self.fail_after:
            raise RuntimeError("connection lost")
        chunk, self.rows = self.rows[:size], self.rows[size:]
        self.fetched += len(chunk)
        return chunk


def test_read_ahead_yields_every_chunk_in_order_and_stops_when_closed():
    from hopehome.inspection.exports import _read_ahead

    assert [len(c) for c in _read_ahead(_Cursor(range(10)), 4)] == [4, 4, 2]
    assert [r for c in _read_ahead(_Cursor(range(10)), 3) for r in c] == list(range(10))
    cursor = _Cursor(range(10_000))
    stream = _read_ahead(cursor, 10)
    next(stream)
    stream.close()  # the download was closed: the reader stops, a bounded number read ahead
    assert cursor.fetched <= 10 * 4


def test_read_ahead_raises_the_readers_error():
    from hopehome.inspection.exports import _read_ahead

    with pytest.raises(RuntimeError, match="connection lost"):
        list(_read_ahead(_Cursor(range(10), fail_after=4), 4))


def test_a_dense_name_of_several_tokens_is_checked_row_by_row_on_postgresql(many):
    dense = queries._Plan(queries.RegisterQuery(q="有限公司"))  # three names in four
    assert dense.dense_on_postgres() == (connection.vendor == "postgresql")
    assert not queries._Plan(queries.RegisterQuery(q="精密")).dense_on_postgres()  # one token
    assert not queries._Plan(
        queries.RegisterQuery(q="有限公司", year=2020)
    ).dense_on_postgres()  # with filters the planner chooses
    if connection.vendor == "postgresql":
        sql = str(dense.apply(queries.published_penalties()).query)
        assert "ts_match_vq" in sql and "@@" not in sql
        assert queries._postgres_density(["有限", "限公", "公司"]) > queries.DENSE_SHARE


def _items_text(penalty_id: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT items_text FROM inspection_penalty WHERE id = %s", [penalty_id])
        return cursor.fetchone()[0]


def test_each_penalty_keeps_the_text_of_its_items_for_the_csv(db):
    penalty = make_penalty(
        unit_name="項目測試有限公司", person="丁", items=((Law.LSA, "第24條", "加班費"),)
    )
    assert _items_text(penalty.id) == "lsa\x1f第24條"
    second = PenaltyItem.objects.create(penalty=penalty, law=Law.OSHA, article="第6條第1項")
    assert _items_text(penalty.id) == "lsa\x1f第24條\x1eosha\x1f第6條第1項"  # in item order
    second.article = "第6條第2項"
    second.save()
    assert _items_text(penalty.id) == "lsa\x1f第24條\x1eosha\x1f第6條第2項"
    other = make_penalty(unit_name="另一家公司", person="戊", items=())
    assert _items_text(other.id) is None
    second.penalty = other
    second.save()
    assert _items_text(penalty.id) == "lsa\x1f第24條"
    assert _items_text(other.id) == "osha\x1f第6條第2項"
    penalty.items.all().delete()
    assert _items_text(penalty.id) is None
    penalty.unit_name = "改名測試有限公司"
    penalty.save()  # saving the penalty leaves the copy alone
    assert _items_text(other.id) == "osha\x1f第6條第2項"


def _date_index(token: str) -> set[tuple[str, int]]:
    """(decided_on, id) of every entry of the date-keyed index holding ``token`` (SQLite)."""
    from datetime import timedelta

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {queries.DATE_FTS} WHERE {queries.DATE_FTS} MATCH %s",
            [f'"{token}"'],
        )
        return {
            (str(date(1970, 1, 1) + timedelta(days=key >> 32)), key & 0xFFFFFFFF)
            for (key,) in cursor.fetchall()
        }


def test_the_date_keyed_index_follows_every_change(db):
    if not SQLITE:
        pytest.skip("the date-keyed full-text index is SQLite's")
    a = make_penalty(unit_name="日期索引有限公司", person="甲", decided_on=date(2020, 4, 1))
    b = make_penalty(unit_name="日期索引企業社", person="乙", decided_on=date(2021, 6, 30))
    assert _date_index("索引") == {("2020-04-01", a.id), ("2021-06-30", b.id)}
    a.decided_on = date(2019, 12, 31)
    a.save()
    b.unit_name = "改名企業社"
    b.search_tokens = core_search.index_text(b.unit_name, b.responsible_person)
    b.save()
    assert _date_index("索引") == {("2019-12-31", a.id)}
    assert _date_index("改名") == {("2021-06-30", b.id)}
    a.delete()
    assert _date_index("索引") == set()


def test_a_name_with_a_year_is_counted_from_the_date_keyed_index(many, monkeypatch):
    if not SQLITE:
        pytest.skip("the date-keyed full-text index is SQLite's")
    calls = []
    real = queries._Plan._count_in_year
    monkeypatch.setattr(
        queries._Plan, "_count_in_year", lambda self: calls.append(1) or real(self)
    )
    for params in ({"q": "安平", "year": 2020}, {"q": "有限公司", "law": Law.LSA, "year": 2021}):
        query = queries.RegisterQuery(**params)
        expected = plain(query)
        assert queries.register_count(query) == (len(expected), False)
    assert len(calls) == 2
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    assert queries.register_count(queries.RegisterQuery(q="有限公司", year=2020)) == (2, True)


def test_a_page_of_a_name_with_a_year_is_read_from_the_date_keyed_index(many, monkeypatch):
    if not SQLITE:
        pytest.skip("the date-keyed full-text index is SQLite's")
    pages = []
    real = queries._Plan.dated_ids
    monkeypatch.setattr(
        queries._Plan, "dated_ids", lambda self, *a: pages.append(a) or real(self, *a)
    )
    query = queries.RegisterQuery(q="有限公司", law=Law.LSA, year=2020)
    expected = plain(query)
    shown = []
    for number in (1, 2, 3):
        shown += [p.id for p in queries.register_page(query, number, per_page=2).rows]
    assert shown == expected[:6] and len(pages) == 3
    assert pages[1] == (2, 3)  # offset, one more than the page
    amount = queries.RegisterQuery(q="有限公司", year=2020, sort="amount")
    assert [p.id for p in queries.register_page(amount).rows] == plain(amount)[:20]
