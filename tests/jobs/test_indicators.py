"""Program 4's outcome figures on small records whose figures are worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from hopehome.core.models import District, TargetGroup
from hopehome.jobs import indicators
from hopehome.jobs.choices import (
    AdviceStatus,
    AdviceTopic,
    ApplicationSource,
    ApplicationStatus,
    EmploymentType,
)
from hopehome.jobs.models import AdviceRequest, Application
from hopehome.outcomes.registry import Period, all_indicators, compute_all, get

from .conftest import EMPLOYER_UBN, make_employer, make_seeker, make_vacancy

pytestmark = pytest.mark.django_db
Y2019, Y2020 = Period(2019), Period(2020)
KEYS = (
    "jobs.vacancies_published",
    "jobs.vacancies_by_district",
    "jobs.openings",
    "jobs.applications",
    "jobs.hires",
    "jobs.hires_youth",
    "jobs.referrals",
    "jobs.advice_within_target",
)


def taipei(*args) -> datetime:
    return timezone.make_aware(datetime(*args), timezone.get_default_timezone())


@pytest.fixture
def org(db):
    return make_employer("hr@figures.example", EMPLOYER_UBN, "安平好食股份有限公司").organization


def published(org, when: datetime, **fields):
    day = timezone.localtime(when).date()
    return make_vacancy(org, posted_on=day, expires_on=day + timedelta(days=30), published_at=when, **fields)


def apply(vacancy, seeker, created: datetime, status=ApplicationStatus.NEW, **fields):
    return Application.objects.create(vacancy=vacancy, seeker=seeker, created_at=created, status=status, **fields)


def hire(vacancy, seeker, hired_on: date, **fields):
    return apply(vacancy, seeker, taipei(hired_on.year, 1, 2, 10), ApplicationStatus.HIRED, hired_on=hired_on, **fields)


def test_the_figures_are_registered_under_program_4():
    registered = {i.key: i for i in all_indicators()}
    for key in KEYS:
        assert registered[key].pillar == "employment" and registered[key].program == 4
        assert registered[key].description_zh and registered[key].description_en
    assert set(KEYS) <= set(compute_all(2019))


def test_empty_year():
    for key in KEYS:
        result = get(key).compute(Y2019)
        assert result.breakdown == {}
    assert get("jobs.vacancies_published").compute(Y2019).value == 0
    assert get("jobs.advice_within_target").compute(Y2019).value is None


def test_vacancies_published_count_by_publication_time_in_taipei(org):
    a = published(org, taipei(2019, 12, 31, 23, 30), openings=3)  # 2019 in Taipei, 15:30 UTC
    published(org, taipei(2019, 3, 1, 9), employment_type=EmploymentType.PART_TIME, openings=1)
    published(org, taipei(2020, 1, 1, 0, 10), openings=5)  # 2020 in Taipei, still 2019 in UTC
    make_vacancy(org, status="pending", published_at=None)  # never published
    result = get("jobs.vacancies_published").compute(Y2019)
    assert (result.value, result.numerator, result.denominator) == (2, 2, None)
    assert {k: v.value for k, v in result.breakdown.items()} == {"全職": 1, "兼職": 1}
    assert result.note == "刊登職缺的雇主 1 家。"
    assert a in result.drilldown and result.drilldown.count() == 2
    assert get("jobs.vacancies_published").compute(Y2020).value == 1
    openings = get("jobs.openings").compute(Y2019)
    assert (openings.value, openings.numerator, openings.denominator) == (4, 4, 2)
    assert openings.breakdown["全職"].value == 3 and openings.breakdown["全職"].denominator == 1


def test_vacancies_by_district_show_the_top_ten_and_the_rest(org):
    districts = list(District.objects.order_by("postcode")[:12])
    for i, district in enumerate(districts):
        for _ in range(12 - i):  # 12, 11, … 1 vacancies
            published(org, taipei(2019, 5, 1, 9), district=district)
    result = get("jobs.vacancies_by_district").compute(Y2019)
    assert result.value == sum(range(1, 13)) == 78
    labels = list(result.breakdown)
    assert labels[0] == f"{districts[0].postcode} {districts[0].name_zh}"
    assert len(labels) == 11 and labels[-1] == "其他行政區"
    assert result.breakdown["其他行政區"].value == 2 + 1
    assert sum(r.value for r in result.breakdown.values()) == 78


def test_applications_and_referrals(org, jobs_case_manager):
    v1 = published(org, taipei(2019, 1, 10, 9))
    v2 = published(org, taipei(2019, 2, 10, 9))
    s1, s2, s3 = (make_seeker(f"s{i}@example.tw", f"求職者{i}") for i in range(3))
    apply(v1, s1, taipei(2019, 1, 11, 10))
    apply(v1, s2, taipei(2019, 1, 12, 10), source=ApplicationSource.REFERRAL, referred_by=jobs_case_manager)
    apply(v2, s2, taipei(2019, 2, 12, 10), ApplicationStatus.HIRED, hired_on=date(2019, 2, 20),
          source=ApplicationSource.REFERRAL, referred_by=jobs_case_manager)  # fmt: skip
    apply(v2, s3, taipei(2020, 1, 1, 0, 5))  # next year
    result = get("jobs.applications").compute(Y2019)
    assert result.value == 3
    assert {k: v.value for k, v in result.breakdown.items()} == {"求職者自行應徵": 1, "就業服務推介": 2}
    assert result.note == "應徵的求職者 2 人。"
    referrals = get("jobs.referrals").compute(Y2019)
    assert referrals.value == 2
    assert {k: v.value for k, v in referrals.breakdown.items()} == {"新應徵": 1, "錄取": 1}
    assert referrals.note == "其中 1 人次已錄取。"
    assert set(referrals.drilldown.values_list("seeker", flat=True)) == {s2.pk}


def test_hires_by_target_group(org):
    youth, disabled, visual = (TargetGroup.objects.get(code=c) for c in ("youth", "disabled", "visually_impaired"))
    vacancies = [published(org, taipei(2019, 1, 5 + i, 9)) for i in range(4)]
    a = make_seeker("a@example.tw", "甲", birth_date=date(1970, 1, 1))
    a.target_groups.set([disabled, visual])
    b = make_seeker("b@example.tw", "乙", birth_date=date(1970, 1, 1))
    b.target_groups.set([youth])
    c = make_seeker("c@example.tw", "丙", birth_date=date(1970, 1, 1))  # no group
    hire(vacancies[0], a, date(2019, 3, 1))
    hire(vacancies[1], a, date(2019, 9, 1))  # hired twice in the year: two hires, one person
    hire(vacancies[0], b, date(2019, 4, 1))
    hire(vacancies[0], c, date(2019, 5, 1))
    hire(vacancies[2], c, date(2020, 1, 2))  # next year
    apply(vacancies[3], b, taipei(2019, 6, 1, 9), ApplicationStatus.REFUSED, refusal_reason="filled")
    result = get("jobs.hires").compute(Y2019)
    assert (result.value, result.numerator) == (4, 4)
    assert {k: (v.value, v.denominator) for k, v in result.breakdown.items()} == {
        "青年（15–29 歲）": (1, 4),
        "身心障礙者": (2, 4),
        "視覺障礙者": (2, 4),
        "未登錄身分別": (1, 4),
    }
    assert result.note == "錄取的求職者 3 人。"
    assert result.drilldown.count() == 4
    assert get("jobs.hires").compute(Y2020).value == 1


@pytest.mark.parametrize(
    ("birth", "hired_on", "youth"),
    [
        (date(1990, 3, 1), date(2019, 2, 28), True),  # 28
        (date(1989, 6, 15), date(2019, 6, 14), True),  # 29, the day before the 30th birthday
        (date(1989, 6, 15), date(2019, 6, 15), False),  # 30 on the day
        (date(2004, 7, 1), date(2019, 6, 30), False),  # 14
        (date(2004, 7, 1), date(2019, 7, 1), True),  # 15 on the day
        (date(2000, 2, 29), date(2019, 2, 28), True),  # 18, born on a leap day
    ],
)
def test_youth_is_the_age_on_the_hiring_date(org, birth, hired_on, youth):
    vacancy = published(org, taipei(2019, 1, 2, 9))
    seeker = make_seeker("y@example.tw", "青年", birth_date=birth)
    hire(vacancy, seeker, hired_on)
    result = get("jobs.hires_youth").compute(Y2019)
    assert (result.value, result.denominator) == ((1 if youth else 0), 1)
    if youth:
        assert result.breakdown == {"全職": result.breakdown["全職"]} and result.breakdown["全職"].value == 1


def test_youth_ignores_the_declared_group_and_notes_missing_birth_dates(org):
    youth_group = TargetGroup.objects.get(code="youth")
    v1, v2, v3 = (published(org, taipei(2019, 1, 2 + i, 9)) for i in range(3))
    declared_but_older = make_seeker("o@example.tw", "自稱青年", birth_date=date(1980, 1, 1))
    declared_but_older.target_groups.set([youth_group])
    undeclared_young = make_seeker("u@example.tw", "年輕", birth_date=date(1998, 1, 1))
    unknown = make_seeker("n@example.tw", "未填", birth_date=None)
    hire(v1, declared_but_older, date(2019, 5, 1))
    hire(v2, undeclared_young, date(2019, 5, 1))
    hire(v3, unknown, date(2019, 5, 1))
    result = get("jobs.hires_youth").compute(Y2019)
    assert (result.value, result.numerator, result.denominator) == (1, 1, 3)
    assert list(result.drilldown.values_list("seeker", flat=True)) == [undeclared_young.pk]
    assert result.note == "另有 1 人次未登錄出生日期，無法判斷年齡。"


def test_advice_answered_within_target(db):
    seeker = make_seeker("q@example.tw", "提問者")

    def advice(answered_at, within, topic=AdviceTopic.JOB_SEARCH, status=AdviceStatus.ANSWERED):
        return AdviceRequest.objects.create(
            seeker=seeker, topic=topic, question="問題", asked_at=taipei(2019, 1, 2, 9), due_on=date(2019, 1, 7),
            status=status, answer="回覆" if answered_at else "", answered_at=answered_at,
            answered_within_target=within,
        )  # fmt: skip

    advice(taipei(2019, 1, 3, 10), True)
    advice(taipei(2019, 1, 4, 10), True)
    advice(taipei(2019, 1, 7, 17), True, topic=AdviceTopic.RESUME)
    advice(taipei(2019, 1, 9, 10), False, topic=AdviceTopic.RESUME)
    advice(taipei(2020, 1, 1, 0, 30), False)  # answered in 2020 (Taipei)
    advice(None, None, status=AdviceStatus.OPEN)
    result = get("jobs.advice_within_target").compute(Y2019)
    assert (str(result.value), result.numerator, result.denominator) == ("75.0", 3, 4)
    assert {k: (str(v.value), v.numerator, v.denominator) for k, v in result.breakdown.items()} == {
        "找工作": ("100.0", 2, 2),
        "履歷與自傳": ("50.0", 1, 2),
    }
    assert result.drilldown.count() == 4
    assert get("jobs.advice_within_target").compute(Y2020).denominator == 1


def test_the_figures_in_the_json_report(org):
    published(org, taipei(2019, 6, 1, 9))
    data = indicators.vacancies_published(Y2019).as_dict()
    assert data["value"] == 1 and data["by_unit"]["全職"]["value"] == 1
