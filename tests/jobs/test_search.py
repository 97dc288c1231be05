"""Vacancy search (hopehome.jobs.queries): text, filters, sorts, paging, counting, highlighting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from hopehome.core.models import District, Industry, Organization
from hopehome.core.search import index_text
from hopehome.jobs import queries
from hopehome.jobs.choices import EmploymentType, Occupation, SalaryType, VacancyStatus
from hopehome.jobs.models import Vacancy

from .conftest import make_vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(employer):
    return employer.employer_account.organization


def run(**params):
    """The result of the search form with ``params`` (as a GET would send them)."""
    form = queries.VacancySearchForm(data=params)
    assert form.is_valid(), form.errors
    return queries.search_vacancies(form.cleaned_data)


def ids(result) -> list[int]:
    return [v.pk for v in result.items]


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


# --- Chinese text -----------------------------------------------------------------------------
def test_a_two_character_query_finds_every_vacancy_containing_it(org):
    in_title = make_vacancy(org, title="護理師", description="病房照護。")
    in_description = make_vacancy(org, title="夜班人員", description="協助護理站交班。")
    in_requirements = make_vacancy(org, title="照顧服務員", requirements="具護理相關證照者佳。")
    other_org = Organization.objects.create(name="永康護理之家", kind="employer")
    in_employer = make_vacancy(other_org, title="清潔人員", description="環境清潔。")
    split = make_vacancy(
        org, title="護士", description="辦理護照業務；管理藥品。"
    )  # 護 and 理, never 護理
    make_vacancy(org, title="門市人員")
    result = run(q="護理")
    assert set(ids(result)) == {in_title.pk, in_description.pk, in_requirements.pk, in_employer.pk}
    assert result.count == 4 and not result.count_capped
    assert split.pk not in ids(result)


def test_longer_queries_need_every_bigram(org):
    wanted = make_vacancy(org, title="居家照顧服務員")
    make_vacancy(org, title="照顧員", description="提供餐飲服務。")  # 照顧 and 服務, not 顧服/務員
    assert ids(run(q="照顧服務員")) == [wanted.pk]


def test_tai_and_full_width_forms_fold_alike(org):
    official = make_vacancy(org, title="臺南門市人員", description="位於臺南市中西區。")
    common = make_vacancy(org, title="台南倉儲人員", description="台南市安南區。")
    full_width = make_vacancy(org, title="ＰＨＰ工程師", description="維護網站。")
    assert set(ids(run(q="台南"))) == {official.pk, common.pk}
    assert set(ids(run(q="臺南"))) == {official.pk, common.pk}
    assert ids(run(q="php工程師")) == [full_width.pk]
    assert ids(run(q="ＰＨＰ")) == [full_width.pk]


def test_mixed_latin_and_chinese(org):
    python = make_vacancy(org, title="資深Python工程師", description="開發後端系統。")
    spaced = make_vacancy(org, title="後端工程師", description="以 python 開發服務。")
    java = make_vacancy(org, title="Java工程師", description="維護系統。")
    found = ids(run(q="Python工程師"))
    assert set(found) == {python.pk, spaced.pk}
    assert java.pk not in found
    assert ids(run(q="PYTHON", sort="newest")) == ids(run(q="python", sort="newest"))


def test_one_character_queries(org):
    store = make_vacancy(org, title="超商店員")
    make_vacancy(org, title="作業員", description="包裝與出貨。")
    result = run(q="店")
    assert ids(result) == [store.pk] and result.count == 1


def test_a_query_without_words_lists_everything_newest_first(org):
    a = make_vacancy(org, posted_on=days_ago(2))
    b = make_vacancy(org, posted_on=days_ago(1))
    result = run(q="！！　？")
    assert ids(result) == [b.pk, a.pk] and result.sort == "newest"


# --- what the public may see ------------------------------------------------------------------
@pytest.mark.parametrize(
    "changes",
    [
        {"status": VacancyStatus.DRAFT},
        {"status": VacancyStatus.PENDING},
        {"status": VacancyStatus.REJECTED},
        {"status": VacancyStatus.CLOSED},
        {"status": VacancyStatus.EXPIRED},
        {"expires_on": "yesterday"},
    ],
)
def test_vacancies_that_are_not_open_are_never_returned(org, changes):
    if changes.get("expires_on") == "yesterday":
        changes = {"posted_on": days_ago(20), "expires_on": days_ago(1)}
    hidden = make_vacancy(org, title="護理師", **changes)
    shown = make_vacancy(org, title="護理師")
    for params in (
        {},
        {"q": "護理"},
        {"q": "護"},
        {"sort": "salary"},
        {"q": "護理", "sort": "salary"},
    ):
        result = run(**params)
        assert ids(result) == [shown.pk], params
        assert result.count == 1
    assert not queries.open_vacancies().filter(pk=hidden.pk).exists()


def test_the_index_follows_publish_close_and_edits_at_once(org):
    vacancy = make_vacancy(org, title="保全人員", status=VacancyStatus.PENDING)
    assert ids(run(q="保全")) == []
    vacancy.status = VacancyStatus.PUBLISHED
    vacancy.save()
    assert ids(run(q="保全")) == [vacancy.pk]
    # the title changes: the new words are found, the old ones no longer
    vacancy.title = "大樓管理員"
    vacancy.search_tokens = index_text(
        vacancy.title, vacancy.description, vacancy.requirements, org.name
    )
    vacancy.save()
    assert ids(run(q="保全")) == []
    assert ids(run(q="管理員")) == [vacancy.pk]
    Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.CLOSED)
    assert ids(run(q="管理員")) == []
    Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.PUBLISHED)
    assert ids(run(q="管理員")) == [vacancy.pk]
    vacancy.delete()
    assert ids(run(q="管理員")) == []


# --- filters ------------------------------------------------------------------------------------
def test_filters_combine(org):
    yongkang = District.objects.get(postcode="710")
    industry_c = Industry.objects.get(code="C", level="section")
    hit = make_vacancy(
        org,
        title="作業員",
        district=yongkang,
        industry=industry_c,
        occupation=Occupation.PRODUCTION,
        employment_type=EmploymentType.PART_TIME,
        friendly_youth=True,
        friendly_disability=True,
        access_step_free=True,
        access_flexible_hours=True,
    )
    make_vacancy(
        org,
        title="作業員",
        district=yongkang,
        industry=industry_c,
        occupation=Occupation.PRODUCTION,
    )
    make_vacancy(org, title="作業員", friendly_youth=True, access_step_free=True)
    assert len(run(district="710", industry="c", occupation="production").items) == 2
    assert ids(run(district="710", employment_type="part_time")) == [hit.pk]
    assert ids(run(friendly=["youth", "disability"])) == [hit.pk]
    assert ids(run(access=["step_free", "flexible_hours"])) == [hit.pk]
    assert ids(run(q="作業", district="710", friendly=["youth"], access=["step_free"])) == [hit.pk]
    assert run(friendly=["youth"]).count == 2


def test_the_salary_floor_compares_the_monthly_equivalent(org):
    monthly = make_vacancy(org, salary_type=SalaryType.MONTHLY, salary_min=33000, salary_max=None)
    hourly = make_vacancy(
        org, salary_type=SalaryType.HOURLY, salary_min=200, salary_max=None
    )  # 34,800
    low = make_vacancy(
        org, salary_type=SalaryType.HOURLY, salary_min=190, salary_max=None
    )  # 33,060
    assert set(ids(run(salary_min=34000))) == {hourly.pk}
    assert set(ids(run(salary_min=33000))) == {monthly.pk, hourly.pk, low.pk}
    assert ids(run(salary_min=33061)) == [hourly.pk]


# --- sorts and pages ----------------------------------------------------------------------------
def test_sorts(org):
    old_title = make_vacancy(org, title="門市人員", posted_on=days_ago(5), salary_min=30000)
    new_text = make_vacancy(
        org, title="儲備幹部", description="負責門市營運。", posted_on=days_ago(1), salary_min=45000
    )
    mid_title = make_vacancy(org, title="兼職門市人員", posted_on=days_ago(3), salary_min=38000)
    newest = [new_text.pk, mid_title.pk, old_title.pk]
    assert ids(run(q="門市")) == [
        mid_title.pk,
        old_title.pk,
        new_text.pk,
    ]  # relevance: titles first
    assert run(q="門市").sort == "relevance"
    assert ids(run(q="門市", sort="newest")) == newest
    assert ids(run(q="門市", sort="salary")) == [new_text.pk, mid_title.pk, old_title.pk]
    assert ids(run()) == newest and run().sort == "newest"
    assert run(sort="relevance").sort == "newest"  # nothing to be relevant to


def test_same_day_ties_break_by_newest_id(org):
    first = make_vacancy(org)
    second = make_vacancy(org)
    assert ids(run()) == [second.pk, first.pk]


def test_relevance_matches_the_title_in_any_form(org):
    text_only = make_vacancy(org, title="理貨員", description="臺南倉庫。", posted_on=days_ago(1))
    title = make_vacancy(org, title="臺南理貨員", posted_on=days_ago(4))
    assert ids(run(q="台南")) == [title.pk, text_only.pk]


def test_pages_of_twenty(org):
    made = [make_vacancy(org, title=f"作業員{i}", posted_on=days_ago(i % 10)) for i in range(45)]
    expected = [v.pk for v in sorted(made, key=lambda v: (v.posted_on, v.pk), reverse=True)]
    first, second, third = run(page=1), run(page=2), run(page=3)
    assert first.count == 45 and first.pages == 3 and not first.count_capped
    assert ids(first) + ids(second) + ids(third) == expected
    assert first.has_next and not first.has_previous
    assert second.has_next and second.has_previous
    assert not third.has_next and len(third.items) == 5
    assert ids(run(page=4)) == []


def test_result_items_come_with_employer_district_and_industry(org, django_assert_num_queries):
    for _ in range(3):
        make_vacancy(org)
    result = run(q="門市")
    with django_assert_num_queries(0):
        for v in result.items:
            assert v.employer.name and v.district.name and v.industry.code


# --- counting and the large-result strategies ----------------------------------------------------
@pytest.fixture
def small_limits(monkeypatch):
    """Thresholds scaled down so that a few dozen vacancies take the paths a million take."""
    monkeypatch.setattr(queries, "COUNT_CAP", 10)
    monkeypatch.setattr(queries, "TEXT_COUNT_CAP", 10)
    monkeypatch.setattr(queries, "RARE_MATCHES", 3)
    monkeypatch.setattr(queries, "RELEVANCE_WINDOW", 8)
    monkeypatch.setattr(queries, "MAX_WINDOW", 16)
    monkeypatch.setattr(queries, "DENSITY_SAMPLE", 40)


@pytest.fixture
def many(org):
    """40 open vacancies over ten days (every third a 門市 title, every fifth part-time and
    in 永康) and a few closed or expired ones that must never show."""
    yongkang = District.objects.get(postcode="710")
    made = []
    for i in range(40):
        title = "門市人員" if i % 3 == 0 else "作業員"
        extra = (
            {"district": yongkang, "employment_type": EmploymentType.PART_TIME}
            if i % 5 == 0
            else {}
        )
        made.append(
            make_vacancy(
                org,
                title=title,
                description="門市與倉庫支援。" if i % 4 == 0 else "生產線作業。",
                posted_on=days_ago(i % 10),
                salary_min=30000 + (i * 7919) % 20000,
                **extra,
            )
        )
    for status in (VacancyStatus.CLOSED, VacancyStatus.EXPIRED, VacancyStatus.DRAFT):
        make_vacancy(org, title="門市人員", status=status)
    return made


def reference(params: dict, order) -> list[int]:
    form = queries.VacancySearchForm(data=params)
    assert form.is_valid()
    from hopehome.core.search import search

    qs = search(queries.filtered_vacancies(form.cleaned_data), params.get("q"))
    return list(qs.order_by(*order).values_list("id", flat=True))


@pytest.mark.parametrize("q", ["門市", "作業", "門", "倉庫"])
@pytest.mark.parametrize("sort", ["newest", "salary"])
@pytest.mark.parametrize(
    "extra", [{}, {"district": "710", "employment_type": "part_time"}, {"salary_min": 40000}]
)
def test_every_strategy_gives_the_exact_order(small_limits, many, q, sort, extra):
    order = queries.SALARY_ORDER if sort == "salary" else queries.NEWEST_ORDER
    params = {"q": q, "sort": sort, **extra}
    expected = reference(params, order)
    got = []
    for page in (1, 2, 3):
        result = queries.search_vacancies({**params, "page": page}, page_size=5)
        got += ids(result)
    assert got == expected[:15]


def test_the_salary_order_of_a_frequent_query_reads_the_salary_index(
    small_limits, many, org, monkeypatch
):
    if connection.vendor != "sqlite":
        pytest.skip("the salary-ordered full-text index is SQLite's")
    # equal salaries: the newer id first, as in the salary order
    twins = [make_vacancy(org, title="門市人員", salary_min=49000) for _ in range(3)]
    calls = []
    real = queries._salary_ordered_ids
    monkeypatch.setattr(
        queries, "_salary_ordered_ids", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    for extra in ({}, {"salary_min": 40000}, {"district": "710"}):
        params = {"q": "門市", "sort": "salary", **extra}
        expected = reference(params, queries.SALARY_ORDER)
        got = []
        for page in (1, 2, 3):
            got += ids(queries.search_vacancies({**params, "page": page}, page_size=4))
        assert got == expected[:12]
    assert calls, "the salary-ordered index was not read"
    assert ids(run(q="門市", sort="salary"))[:3] == sorted((t.pk for t in twins), reverse=True)


def salary_index() -> set[tuple[int, int]]:
    """(monthly_equivalent, id) of every entry of the salary-ordered index holding 門市."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {queries.SALARY_FTS} WHERE {queries.SALARY_FTS} MATCH %s",
            ['"門市"'],
        )
        return {(key >> 32, key & 0xFFFFFFFF) for (key,) in cursor.fetchall()}


def test_the_salary_index_follows_every_change(org):
    if connection.vendor != "sqlite":
        pytest.skip("the salary-ordered full-text index is SQLite's")
    a = make_vacancy(org, title="門市人員", salary_min=32000)
    b = make_vacancy(org, title="門市店長", salary_min=45000)
    c = make_vacancy(org, title="作業員", description="生產線作業。", salary_min=36000)
    assert salary_index() == {(32000, a.pk), (45000, b.pk)}
    a.salary_min = 33500
    a.save()  # the salary changes its key
    Vacancy.objects.filter(pk=b.pk).update(monthly_equivalent=47000)
    c.title = "門市作業員"
    c.search_tokens = index_text(c.title, c.description, c.requirements, org.name)
    c.save()  # the tokens change
    assert salary_index() == {(33500, a.pk), (47000, b.pk), (36000, c.pk)}
    b.delete()
    assert salary_index() == {(33500, a.pk), (36000, c.pk)}
    assert [v.pk for v in run(q="門市", sort="salary").items] == [c.pk, a.pk]


def test_a_frequent_query_is_counted_up_to_the_cap(small_limits, many):
    result = queries.search_vacancies({"q": "作業"}, page_size=5)
    assert result.count == 10 and result.count_capped
    assert result.pages == 2 and result.has_next
    exact = queries.search_vacancies({"q": "倉庫", "district": "710"}, page_size=5)
    expected = reference({"q": "倉庫", "district": "710"}, queries.NEWEST_ORDER)
    assert exact.count == len(expected) and not exact.count_capped


def test_a_frequent_query_with_narrow_filters_counts_at_least(small_limits, org, many):
    for _ in range(30):
        make_vacancy(org, title="作業員", posted_on=days_ago(0))  # the newest 30 index entries
    result = queries.search_vacancies(
        {"q": "作業", "district": "710", "sort": "newest"}, page_size=5
    )
    expected = reference({"q": "作業", "district": "710"}, queries.NEWEST_ORDER)
    assert ids(result) == expected[:5]
    if connection.vendor == "sqlite":
        assert result.count_capped and result.count <= len(expected)
    else:
        assert result.count == len(expected) and not result.count_capped


def test_relevance_of_a_frequent_query_ranks_titles_within_the_first_pages(small_limits, many):
    newest = reference({"q": "門市"}, queries.NEWEST_ORDER)
    titles = set(
        Vacancy.objects.filter(pk__in=newest, title__contains="門市").values_list("pk", flat=True)
    )
    window = newest[: queries.RELEVANCE_WINDOW]
    ranked = [i for i in window if i in titles] + [i for i in window if i not in titles]
    got = []
    for page in (1, 2, 3):
        got += ids(queries.search_vacancies({"q": "門市", "page": page}, page_size=4))
    if connection.vendor == "sqlite" or len(newest) > queries.TEXT_COUNT_CAP:
        assert got[: queries.RELEVANCE_WINDOW] == ranked
        assert got[queries.RELEVANCE_WINDOW :] == newest[queries.RELEVANCE_WINDOW : 12]
    else:
        everything = [i for i in newest if i in titles] + [i for i in newest if i not in titles]
        assert got == everything[:12]


def test_a_text_query_is_counted_up_to_its_own_cap_on_either_database(monkeypatch, many):
    monkeypatch.setattr(queries, "TEXT_COUNT_CAP", 7)
    expected = reference({"q": "作業"}, queries.NEWEST_ORDER)
    result = queries.search_vacancies({"q": "作業", "sort": "newest"}, page_size=5)
    assert ids(result) == expected[:5] and len(expected) > 7
    assert result.count == 7 and result.count_capped and result.has_next
    # without a text query the count goes on to COUNT_CAP
    everything = queries.search_vacancies({"sort": "newest"}, page_size=5)
    assert everything.count == len(reference({}, queries.NEWEST_ORDER)) > 7
    assert not everything.count_capped


def test_a_capped_count_shows_at_least_the_pages_reached(small_limits, many):
    result = queries.search_vacancies({"q": "作業", "sort": "newest", "page": 3}, page_size=5)
    assert result.count_capped and result.count == 10
    assert ids(result) == reference({"q": "作業"}, queries.NEWEST_ORDER)[10:15]
    assert result.has_next and result.pages == 4


def test_a_count_without_a_query_is_capped_too(small_limits, many):
    result = queries.search_vacancies({}, page_size=5)
    assert result.count == 10 and result.count_capped
    assert ids(result) == reference({}, queries.NEWEST_ORDER)[:5]
    by_salary = queries.search_vacancies({"sort": "salary", "page": 2}, page_size=5)
    assert ids(by_salary) == reference({}, queries.SALARY_ORDER)[5:10]


# --- the form -----------------------------------------------------------------------------------
def test_the_form_rejects_unknown_values_in_chinese():
    form = queries.VacancySearchForm(
        data={"district": "999", "industry": "Z", "occupation": "pilot", "friendly": ["vip"], "salary_min": "-5",
              "sort": "random", "page": "0"}
    )  # fmt: skip
    assert not form.is_valid()
    assert set(form.errors) == {
        "district",
        "industry",
        "occupation",
        "friendly",
        "salary_min",
        "sort",
        "page",
    }
    assert "行政區" in form.errors["district"][0]
    assert "vip" in form.errors["friendly"][0]


def test_the_form_accepts_codes_loosely_and_limits_pages():
    form = queries.VacancySearchForm(
        data={"district": " 710 ", "industry": "c", "q": "  門市   人員 "}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["district"].postcode == "710"
    assert form.cleaned_data["industry"].code == "C"
    assert form.cleaned_data["q"] == "門市 人員"
    too_far = queries.VacancySearchForm(
        data={"page": str(queries.COUNT_CAP // queries.PAGE_SIZE + 1)}
    )
    assert not too_far.is_valid() and "page" in too_far.errors


def test_saved_search_parameters_work_as_codes(org):
    hit = make_vacancy(org, district=District.objects.get(postcode="710"))
    make_vacancy(org)
    result = queries.search_vacancies(
        {"district": "710", "industry": "G", "friendly": [], "access": []}
    )
    assert ids(result) == [hit.pk]
    assert queries.search_vacancies({"district": "000"}).count == 0


# --- highlighting -------------------------------------------------------------------------------
def test_highlight_escapes_and_marks():
    out = queries.highlight("<b>門市</b>人員 & 門市", "門市")
    assert out == "&lt;b&gt;<mark>門市</mark>&lt;/b&gt;人員 &amp; <mark>門市</mark>"


def test_highlight_marks_the_original_characters_of_folded_matches():
    assert queries.highlight("臺南門市", "台南") == "<mark>臺南</mark>門市"
    assert (
        queries.highlight("ＰＹＴＨＯＮ工程師", "python工程師") == "<mark>ＰＹＴＨＯＮ工程師</mark>"
    )
    assert (
        queries.highlight("Python 工程師", "python工程師")
        == "<mark>Python</mark> <mark>工程師</mark>"
    )
    assert queries.highlight("資深Python工程師", "PYTHON") == "資深<mark>Python</mark>工程師"


def test_highlight_handles_characters_that_fold_to_several():
    # ㈱ folds to "(株)", ﬁ to "fi": a match inside marks the whole original character
    assert queries.highlight("㈱台南", "株") == "<mark>㈱</mark>台南"
    assert queries.highlight("ﬁle 管理", "file") == "<mark>ﬁle</mark> 管理"
    assert queries.highlight("a<ﬁ>b", "i") == "a&lt;<mark>ﬁ</mark>&gt;b"


def test_highlight_falls_back_to_bigrams_and_leaves_unmatched_text_alone():
    # the query's bigrams occur apart: each is marked (overlapping ones merge)
    assert (
        queries.highlight("照顧長輩的服務員", "照顧服務員")
        == "<mark>照顧</mark>長輩的<mark>服務員</mark>"
    )
    assert queries.highlight("門市人員", "") == "門市人員"
    assert queries.highlight("<門市>", "倉儲") == "&lt;門市&gt;"
    assert queries.highlight(None, "門市") == ""
    assert queries.highlight("店員與店長", "店") == "<mark>店</mark>員與<mark>店</mark>長"
