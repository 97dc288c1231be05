"""Recommendations: a bounded, indexed candidate set and a transparent score with reasons."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hopehome.core.models import District, TargetGroup
from hopehome.jobs import recommend as rec
from hopehome.jobs import services
from hopehome.jobs.choices import EmploymentType, Occupation, SalaryType, VacancyStatus
from tests.jobs.conftest import make_vacancy


@pytest.fixture
def profile(seeker):
    p = seeker.seeker
    p.desired_occupations = [Occupation.SALES]
    p.desired_types = [EmploymentType.PART_TIME]
    p.desired_salary = 30000
    p.needs_screen_reader = True
    p.save()
    p.desired_districts.set([District.objects.get(postcode="702")])
    p.target_groups.set([TargetGroup.objects.get(code="visually_impaired")])
    return p


def test_score_and_reasons(profile, employer):
    org = employer.employer_account.organization
    best = make_vacancy(
        org, employment_type=EmploymentType.PART_TIME, salary_type=SalaryType.HOURLY, salary_min=190,
        salary_max=None, access_screen_reader=True, friendly_disability=True,
    )  # fmt: skip
    district_only = make_vacancy(
        org, occupation=Occupation.FOOD, title="廚房助手", salary_min=28000, salary_max=None
    )
    result = rec.recommend(profile.user)
    assert [r.vacancy for r in result] == [best, district_only]
    top = result[0]
    assert top.score == 30 + 20 + 15 + 15 + 10 + 10
    assert top.reasons == [
        "職類符合：門市／銷售／業務",
        "工作地點符合：南區",
        "工作性質符合：兼職",
        "薪資符合期望：月薪約 33,060 元，不低於您希望的 30,000 元",
        "符合您的職場需求：工作工具支援螢幕報讀",
        "友善職缺：身障友善",
    ]
    assert result[1].score == 20 and result[1].reasons == ["工作地點符合：南區"]


def test_only_open_candidates_matching_occupation_or_district(profile, employer, other_seeker):
    org = employer.employer_account.organization
    elsewhere = District.objects.get(postcode="710")
    make_vacancy(org, status=VacancyStatus.CLOSED)
    make_vacancy(org, status=VacancyStatus.PENDING)
    make_vacancy(org, posted_on=timezone.localdate() - timedelta(days=40), expires_on=timezone.localdate() - timedelta(days=1))
    make_vacancy(org, occupation=Occupation.IT, district=elsewhere, employment_type=EmploymentType.PART_TIME)
    applied = make_vacancy(org)
    services.apply(profile, applied)
    assert rec.recommend(profile) == []
    fits = make_vacancy(org, district=elsewhere)
    assert [r.vacancy for r in rec.recommend(profile)] == [fits]


def test_limit_and_tie_break_by_newest(profile, employer):
    org = employer.employer_account.organization
    today = timezone.localdate()
    older = make_vacancy(org, posted_on=today - timedelta(days=5))
    newer = make_vacancy(org, posted_on=today - timedelta(days=1))
    assert [r.vacancy for r in rec.recommend(profile)] == [newer, older]
    assert [r.vacancy for r in rec.recommend(profile, limit=1)] == [newer]


def test_candidate_set_is_bounded_and_queries_are_few(profile, employer, monkeypatch):
    org = employer.employer_account.organization
    for _ in range(6):
        make_vacancy(org)
    monkeypatch.setattr(rec, "CANDIDATE_LIMIT", 4)
    with CaptureQueriesContext(connection) as ctx:
        result = rec.recommend(profile)
    assert len(result) == 4
    assert len(ctx.captured_queries) <= 4


def test_seeker_without_wishes_gets_nothing_scored(seeker, vacancy):
    assert rec.recommend(seeker) == []


def test_not_a_seeker(employer):
    assert rec.recommend(employer) == []
