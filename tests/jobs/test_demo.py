"""The demo dataset of 台南工作好找: the 2019 year and today's job board.

The dataset is loaded once for the module and removed after it; each test runs in its own
rolled-back transaction on top of it.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from hopehome.core import demo as core_demo
from hopehome.core.models import District, MinimumWage, Organization
from hopehome.core.search import search
from hopehome.core.validators import is_ubn
from hopehome.jobs import demo
from hopehome.jobs import indicators as jobs_indicators
from hopehome.jobs.choices import (
    AdviceStatus,
    ApplicationSource,
    ApplicationStatus,
    SalaryType,
    VacancyStatus,
)
from hopehome.jobs.models import (
    AdviceRequest,
    Application,
    ApplicationEvent,
    EmployerAccount,
    SeekerProfile,
    Vacancy,
)
from hopehome.outcomes.registry import Period, get

pytestmark = pytest.mark.django_db
YEAR = Period(2019)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        started = time.monotonic()
        with transaction.atomic():
            users = core_demo.ensure_staff_accounts()
            counts = demo.load(users)
        counts["seconds"] = time.monotonic() - started
        yield counts
        with transaction.atomic():
            demo.remove()
            get_user_model().objects.filter(
                username__in=[a.username for a in core_demo.DEMO_ACCOUNTS]
            ).delete()


def value(key: str, period: Period = YEAR):
    return get(key).compute(period)


def test_it_loads_quickly_and_reports_its_counts(loaded):
    assert loaded["seconds"] < 30
    assert loaded["organizations"] == demo.EMPLOYERS
    assert loaded["seekers"] == demo.SEEKERS_2019 + demo.SEEKERS_RECENT
    assert 3800 <= loaded["applications"] <= 4100
    assert demo.is_loaded()


def test_employers_have_valid_ubns_and_cover_every_district(loaded):
    names = [name for name, _s, _p in demo.employer_specs(sorted(District.objects.values_list("postcode", flat=True)))]
    orgs = Organization.objects.filter(name__in=names)
    assert orgs.count() == demo.EMPLOYERS
    assert all(is_ubn(ubn) for ubn in orgs.values_list("ubn", flat=True))
    assert orgs.values("district").distinct().count() == District.objects.count() == 37
    assert orgs.values("industry").distinct().count() >= 10


def test_2019_figures_are_nonzero_and_consistent(loaded):
    published = value("jobs.vacancies_published")
    assert 2900 <= published.value <= 3000
    assert sum(r.value for r in published.breakdown.values()) == published.value
    by_district = value("jobs.vacancies_by_district")
    assert by_district.value == published.value
    assert sum(r.value for r in by_district.breakdown.values()) == published.value
    openings = value("jobs.openings")
    assert openings.denominator == published.value and openings.value > published.value

    applications = value("jobs.applications")
    assert applications.value > 3000
    assert sum(r.value for r in applications.breakdown.values()) == applications.value
    referrals = value("jobs.referrals")
    assert referrals.value == applications.breakdown["就業服務推介"].value > 100

    hires = value("jobs.hires")
    assert hires.value > 300
    assert hires.value < applications.value
    youth = value("jobs.hires_youth")
    assert 0 < youth.value < hires.value and youth.denominator == hires.value

    advice = value("jobs.advice_within_target")
    assert advice.denominator > 400
    assert 80 <= advice.value < 100  # most on time, some late


def test_hires_by_group_add_up(loaded):
    hires = value("jobs.hires")
    none = hires.breakdown["未登錄身分別"].value
    in_a_group = (
        jobs_indicators.hires_in(YEAR).filter(seeker__target_groups__isnull=False).values("pk").distinct().count()
    )
    assert none + in_a_group == hires.value
    for code, label in (("youth", "青年（15–29 歲）"), ("disabled", "身心障礙者"), ("visually_impaired", "視覺障礙者")):
        expected = jobs_indicators.hires_in(YEAR).filter(seeker__target_groups__code=code).count()
        assert hires.breakdown[label].value == expected > 0
    # a visually impaired seeker is also a person with a disability
    assert hires.breakdown["視覺障礙者"].value <= hires.breakdown["身心障礙者"].value


def test_youth_is_computed_at_the_hire_date(loaded):
    youth_ids = set(jobs_indicators.youth_hires(jobs_indicators.hires_in(YEAR)).values_list("pk", flat=True))
    expected = set()
    for pk, hired_on, birth in jobs_indicators.hires_in(YEAR).values_list("pk", "hired_on", "seeker__birth_date"):
        age = hired_on.year - birth.year - ((hired_on.month, hired_on.day) < (birth.month, birth.day))
        if 15 <= age <= 29:
            expected.add(pk)
    assert youth_ids == expected
    assert value("jobs.hires_youth").value == len(expected)


def test_salaries_respect_the_minimum_wage_of_the_posting_date(loaded):
    wages = list(MinimumWage.objects.order_by("effective_from").values_list("effective_from", "monthly", "hourly"))

    def minimum(day, salary_type):
        row = [w for w in wages if w[0] <= day][-1]
        return row[1] if salary_type == SalaryType.MONTHLY else row[2]

    rows = Vacancy.objects.values_list("posted_on", "salary_type", "salary_min", "salary_max", "monthly_equivalent")
    for posted_on, salary_type, low, high, monthly in rows:
        assert low >= minimum(posted_on, salary_type)
        assert high is None or high > low
        assert monthly == (low * 174 if salary_type == SalaryType.HOURLY else low)


def test_vacancy_lifecycle_and_dates(loaded):
    for posted_on, expires_on in Vacancy.objects.values_list("posted_on", "expires_on"):
        assert 0 < (expires_on - posted_on).days <= 60
    today = timezone.localdate()
    live = Vacancy.objects.filter(status=VacancyStatus.PUBLISHED)
    assert live.count() >= 250
    assert not live.filter(expires_on__lt=today).exists()
    assert not live.filter(posted_on__lt=today - timezone.timedelta(days=30)).exists()
    # 2019 vacancies are all finished
    assert not Vacancy.objects.filter(posted_on__year=2019, status=VacancyStatus.PUBLISHED).exists()
    closed = Vacancy.objects.filter(status=VacancyStatus.CLOSED)
    assert closed.exists() and not closed.filter(closed_at=None).exists()
    rejected = Vacancy.objects.filter(status=VacancyStatus.REJECTED)
    assert rejected.count() >= demo.REJECTED_2019
    assert not rejected.filter(rejection_reason="").exists()


def test_the_review_queue_holds_flagged_vacancies(loaded):
    pending = Vacancy.objects.filter(status=VacancyStatus.PENDING)
    flagged = [v for v in pending if v.screen_findings]
    assert len(flagged) >= 5
    for v in flagged:
        for finding in v.screen_findings:
            assert finding["phrase"] and finding["sentence"] and finding["category"]
            assert finding["phrase"] in v.title + v.description + v.requirements
    assert pending.filter(screen_findings=[]).exists()


def test_search_finds_the_demo_vacancies(loaded):
    open_ones = Vacancy.objects.filter(status=VacancyStatus.PUBLISHED)
    for query in ("護理", "門市", "作業員", "照顧服務員", "Python工程師", "電話客服", "保全", "會計助理", "臺南"):
        assert search(Vacancy.objects.all(), query).exists(), query
    nurses = search(open_ones, "護理")
    assert nurses.count() == open_ones.filter(search_tokens__contains="護理").count() > 0


def test_applications_have_consistent_histories(loaded):
    apps = Application.objects.all()
    # every application starts with its "new" event; the last event is its status
    assert ApplicationEvent.objects.filter(from_status="", to_status=ApplicationStatus.NEW).count() == apps.count()
    last = {}
    for app_id, to_status in ApplicationEvent.objects.order_by("at", "id").values_list("application_id", "to_status"):
        last[app_id] = to_status
    for pk, status in apps.values_list("pk", "status"):
        assert last[pk] == status
    hired = apps.filter(status=ApplicationStatus.HIRED)
    assert not hired.filter(hired_on=None).exists()
    assert not apps.filter(status=ApplicationStatus.REFUSED, refusal_reason="").exists()
    assert not apps.filter(created_at__lt=F("vacancy__published_at")).exists()
    # no vacancy hired more people than it asked for
    over = hired.values("vacancy").annotate(n=Count("id")).filter(n__gt=F("vacancy__openings"))
    assert not over.exists()
    referrals = apps.filter(source=ApplicationSource.REFERRAL)
    assert referrals.exists() and not referrals.filter(referred_by=None).exists()
    # open applications are recent (the 60-day expiry has nothing to do yet)
    assert not apps.filter(status__in=("new", "processing", "interview"), last_action_at__lt=timezone.now() - timezone.timedelta(days=60)).exists()


def test_advice_requests_follow_the_working_day_target(loaded):
    answered = AdviceRequest.objects.filter(status=AdviceStatus.ANSWERED)
    for answered_at, due_on, within in answered.values_list("answered_at", "due_on", "answered_within_target"):
        assert within == (timezone.localtime(answered_at).date() <= due_on)
    assert answered.filter(answered_within_target=False).exists()
    open_now = AdviceRequest.objects.filter(status=AdviceStatus.OPEN)
    assert open_now.count() == demo.ADVICE_OPEN
    assert open_now.filter(due_on__lt=timezone.localdate()).exists()  # the overdue view has something
    # 2019-02-01 (Fri) + 3 working days skips the Lunar New Year holidays and lands on 2019-02-12
    assert demo._Calendar().add_working_days(date(2019, 2, 1), 3) == date(2019, 2, 12)


def test_demo_logins(loaded):
    employer = authenticate(username=demo.EMPLOYER_LOGIN, password=core_demo.DEMO_PASSWORD)
    seeker = authenticate(username=demo.SEEKER_LOGIN, password=core_demo.DEMO_PASSWORD)
    assert employer is not None and seeker is not None
    account = EmployerAccount.objects.get(user=employer)
    assert account.is_verified
    org_vacancies = Vacancy.objects.filter(employer=account.organization)
    assert org_vacancies.filter(status=VacancyStatus.PUBLISHED).count() >= 5
    assert org_vacancies.filter(status=VacancyStatus.DRAFT).exists()
    assert Application.objects.filter(vacancy__employer=account.organization, status="new").exists()
    profile = SeekerProfile.objects.get(user=seeker)
    assert profile.applications.count() >= 3
    assert profile.saved_jobs.exists() and profile.saved_searches.exists()
    assert profile.advice_requests.filter(status=AdviceStatus.OPEN).exists()
    assert not hasattr(seeker, "employer_account") or not EmployerAccount.objects.filter(user=seeker).exists()
    # the other demo seekers cannot log in
    other = SeekerProfile.objects.exclude(user=seeker).first()
    assert not other.user.has_usable_password()
    assert EmployerAccount.objects.filter(is_verified=False).count() >= demo.UNVERIFIED_EMPLOYERS


def test_seekers_cover_the_target_groups(loaded):
    counts = Counter(
        SeekerProfile.objects.filter(user__username__endswith="@" + demo.DOMAIN).values_list("target_groups__code", flat=True)
    )
    for code in ("youth", "disabled", "visually_impaired", "middle_aged", "new_immigrant", "indigenous"):
        assert counts[code] > 0, code
    assert not SeekerProfile.objects.filter(birth_date=None).exists()
    assert SeekerProfile.objects.filter(needs_screen_reader=True).exists()


def test_load_is_deterministic_and_remove_cleans_up(loaded):
    before = {
        "vacancies": list(Vacancy.objects.order_by("id").values_list("title", "salary_min", "posted_on")[:50]),
        "seekers": list(SeekerProfile.objects.order_by("id").values_list("display_name", "birth_date")[:50]),
    }
    counts = demo.remove()
    assert counts["vacancies"] > 3000 and counts["organizations"] == demo.EMPLOYERS
    assert not demo.is_loaded()
    assert not Vacancy.objects.exists() and not SeekerProfile.objects.exists()
    demo.load(core_demo.demo_users())
    after = {
        "vacancies": list(Vacancy.objects.order_by("id").values_list("title", "salary_min", "posted_on")[:50]),
        "seekers": list(SeekerProfile.objects.order_by("id").values_list("display_name", "birth_date")[:50]),
    }
    assert after == before
