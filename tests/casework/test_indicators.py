"""Program 8's outcome figures, computed from the records, and the public programme page."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from io import StringIO
from itertools import count

import pytest
from django.core.management import call_command
from django.utils import timezone

from hopehome.casework.choices import (
    CaseStatus,
    ContactMethod,
    HouseholdCategory,
    InjuryKind,
    RepairStatus,
    ServiceKind,
    Severity,
)
from hopehome.casework.models import (
    CaseContact,
    CaseService,
    InjuryCase,
    RepairApplication,
    Volunteer,
    VolunteerTeam,
    WorkDay,
)
from hopehome.core import demo as core_demo
from hopehome.core.choices import OrganizationKind
from hopehome.core.models import Organization, Person
from hopehome.outcomes import registry
from hopehome.outcomes.registry import Period

pytestmark = pytest.mark.django_db

KEYS = (
    "casework.open_cases", "casework.cases_served", "casework.services_by_kind", "casework.consolation_total",
    "casework.followup_coverage", "housing.completed", "housing.completed_cumulative", "housing.volunteer_days",
)  # fmt: skip
_serial = count(1)


def figure(key: str, year: int = 2019):
    return registry.get(key).compute(Period(year))


def person(name: str = "王大明") -> Person:
    rng = random.Random(next(_serial))
    return Person.objects.create(
        name=name, id_number=core_demo.national_id(rng, "M"), id_type="national"
    )


def case(cm, opened_on: date, *, closed_on: date | None = None, plan: str = "", followup: date | None = None,
         severity: str = Severity.INJURY, kind: str = InjuryKind.INJURY, who: Person | None = None) -> InjuryCase:  # fmt: skip
    return InjuryCase.objects.create(
        number=f"OI{opened_on.year}-{next(_serial):04d}", person=who or person(), injury_date=opened_on, kind=kind,
        severity=severity, disability_grade=7 if severity == Severity.DISABILITY else None, source="hospital",
        case_manager=cm, opened_on=opened_on, service_plan=plan, next_followup_on=followup,
        status=CaseStatus.CLOSED if closed_on else CaseStatus.IN_SERVICE, closed_on=closed_on,
    )  # fmt: skip


def service(c: InjuryCase, kind: str, on: date, amount: int = 0) -> CaseService:
    return CaseService.objects.create(
        case=c, kind=kind, provided_on=on, amount=amount, items="電鍋"
    )


def contact(c: InjuryCase, on: date, next_on: date | None) -> CaseContact:
    return CaseContact.objects.create(
        case=c, contacted_on=on, method=ContactMethod.PHONE, note="關懷", next_followup_on=next_on
    )


def home(completed_on: date | None, *, status: str = RepairStatus.COMPLETED,
         category: str = HouseholdCategory.INJURED, who: Person | None = None) -> RepairApplication:  # fmt: skip
    return RepairApplication.objects.create(
        number=f"HR-{next(_serial):05d}", applicant=who or person("林阿嬤"), category=category, address="臺南市東區",
        status=status, completed_on=completed_on, applied_on=(completed_on or date(2019, 6, 1)) - timedelta(days=60),
    )  # fmt: skip


# --- registration ---------------------------------------------------------------------------
def test_program_8_registers_its_figures_in_the_warmth_pillar_with_both_languages():
    indicators = {i.key: i for i in registry.all_indicators() if i.program == 8}
    assert set(KEYS) <= set(indicators)
    for key in KEYS:
        ind = indicators[key]
        assert ind.pillar == "warmth"
        assert ind.title_zh and ind.title_en and ind.description_zh and ind.description_en
    assert indicators["casework.followup_coverage"].unit == "%"


def test_every_figure_appears_in_the_outcomes_command_json(cm):
    home(date(2019, 5, 1))
    out = StringIO()
    call_command("outcomes", "--year", "2019", "--format", "json", stdout=out)
    figures = json.loads(out.getvalue())
    assert set(KEYS) <= set(figures)
    assert figures["housing.completed"]["value"] == 1
    assert figures["housing.completed_cumulative"]["by_unit"]["2019"]["value"] == 1


def test_with_no_records_the_figures_are_zero_and_the_coverage_undefined():
    results = {key: figure(key).as_dict() for key in KEYS}
    assert results["casework.open_cases"]["value"] == 0
    assert results["housing.completed_cumulative"]["value"] == 0
    assert results["casework.followup_coverage"]["value"] is None
    assert results["casework.followup_coverage"]["denominator"] == 0
    assert results["housing.volunteer_days"]["value"] == 0


# --- cases ----------------------------------------------------------------------------------
def test_open_cases_are_those_open_at_the_end_of_the_year(cm):
    case(cm, date(2019, 3, 1), closed_on=date(2020, 2, 1))  # closed later: open on 12-31
    case(cm, date(2018, 6, 1), severity=Severity.DISABILITY)  # never closed
    case(cm, date(2019, 2, 1), closed_on=date(2019, 11, 30))  # closed in the year
    case(cm, date(2019, 12, 31), closed_on=date(2019, 12, 31))  # opened and closed the same day
    case(cm, date(2020, 1, 2))  # opened after the year
    result = figure("casework.open_cases")
    assert result.value == 2
    assert {k: v.value for k, v in result.breakdown.items()} == {"失能": 1, "傷病": 1}
    assert result.drilldown.count() == 2


def test_cases_served_counts_cases_opened_serviced_or_followed_up_in_the_year(cm):
    opened = case(cm, date(2019, 4, 1), kind=InjuryKind.COMMUTING)
    serviced = case(cm, date(2018, 5, 1))
    service(serviced, ServiceKind.LEGAL, date(2019, 1, 10))
    contacted = case(cm, date(2018, 5, 1), closed_on=date(2019, 2, 1))
    contact(contacted, date(2019, 1, 20), None)
    idle = case(cm, date(2018, 1, 1))
    service(idle, ServiceKind.LEGAL, date(2018, 2, 1))
    contact(idle, date(2020, 1, 5), date(2020, 2, 1))
    result = figure("casework.cases_served")
    assert result.value == 3
    assert set(result.drilldown) == {opened, serviced, contacted}
    assert result.breakdown["上下班交通事故"].value == 1 and result.breakdown["職業傷害"].value == 2


def test_services_are_counted_by_kind_within_the_year(cm):
    c = case(cm, date(2019, 1, 5))
    service(c, ServiceKind.GOODS, date(2019, 6, 3))
    service(c, ServiceKind.GOODS, date(2019, 9, 10))
    service(c, ServiceKind.HAIRCUT, date(2019, 3, 1))
    service(c, ServiceKind.LEGAL, date(2020, 1, 2))  # next year
    result = figure("casework.services_by_kind")
    assert result.value == 3
    assert {k: v.value for k, v in result.breakdown.items()} == {"義剪": 1, "物資致贈": 2}
    assert list(result.breakdown) == ["義剪", "物資致贈"]  # in the order of the service list


def test_the_consolation_total_sums_the_payments_of_the_year_by_severity(cm):
    service(
        case(cm, date(2019, 2, 1), severity=Severity.DEATH),
        ServiceKind.CONSOLATION,
        date(2019, 2, 5),
        100000,
    )
    service(case(cm, date(2019, 3, 1)), ServiceKind.CONSOLATION, date(2019, 3, 9), 20000)
    service(case(cm, date(2019, 4, 1)), ServiceKind.CONSOLATION, date(2019, 4, 9), 20000)
    service(case(cm, date(2018, 4, 1)), ServiceKind.CONSOLATION, date(2018, 4, 9), 20000)
    service(case(cm, date(2019, 5, 1)), ServiceKind.LEGAL, date(2019, 5, 9), 0)
    result = figure("casework.consolation_total")
    assert (result.value, result.numerator, result.denominator) == (140000, 140000, 3)
    assert result.breakdown["死亡"].as_dict() == {
        "value": 100000,
        "numerator": 100000,
        "denominator": 1,
    }
    assert result.breakdown["傷病"].value == 40000


def test_coverage_of_a_past_year_uses_the_follow_up_dates_set_by_then(cm):
    covered = case(cm, date(2019, 3, 1), plan="慰問、復工", closed_on=date(2020, 3, 1))
    contact(covered, date(2019, 12, 10), date(2020, 1, 10))  # closed since: its own date is gone
    overdue = case(cm, date(2019, 3, 1), plan="慰問", followup=date(2020, 3, 1))
    contact(overdue, date(2019, 11, 1), date(2019, 12, 20))
    contact(overdue, date(2020, 1, 15), date(2020, 3, 1))  # caught up only in the next year
    case(cm, date(2019, 12, 20), followup=date(2020, 1, 5))  # no service plan yet
    case(cm, date(2019, 1, 2), plan="慰問", closed_on=date(2019, 6, 1))  # not open on 12-31
    result = figure("casework.followup_coverage")
    assert (result.numerator, result.denominator) == (1, 3)
    assert str(result.value) == "33.3"
    assert result.breakdown["尚無服務計畫"].value == 1
    assert result.breakdown["追蹤逾期或未排定"].value == 1
    assert "2019-12-31" in result.note


def test_coverage_of_the_current_year_is_measured_today(cm):
    today = timezone.localdate()
    case(cm, today - timedelta(days=40), plan="慰問", followup=today)  # due today: not overdue
    case(cm, today - timedelta(days=40), plan="慰問", followup=today - timedelta(days=1))
    case(cm, today - timedelta(days=40), plan="慰問", followup=None)
    result = figure("casework.followup_coverage", today.year)
    assert (result.numerator, result.denominator) == (1, 3)
    assert today.isoformat() in result.note
    assert figure("casework.followup_coverage", today.year + 1).value is None


# --- housing --------------------------------------------------------------------------------
def test_homes_completed_in_the_year_and_since_2013(cm):
    for on in (date(2019, 3, 1), date(2019, 12, 31)):
        home(on)
    home(date(2019, 7, 1), category=HouseholdCategory.INDIGENOUS)
    home(date(2018, 5, 1))
    home(date(2013, 1, 1))
    home(date(2012, 12, 31))  # before the programme began
    home(date(2020, 1, 1))
    home(None, status=RepairStatus.IN_PROGRESS)
    home(None, status=RepairStatus.REJECTED)
    completed = figure("housing.completed")
    assert completed.value == 3
    assert {k: v.value for k, v in completed.breakdown.items()} == {"職災勞工": 2, "原住民勞工": 1}
    cumulative = figure("housing.completed_cumulative")
    assert cumulative.value == 5
    assert {k: v.value for k, v in cumulative.breakdown.items()} == {
        "2013": 1,
        "2018": 1,
        "2019": 3,
    }
    assert figure("housing.completed_cumulative", 2012).value == 0
    assert cumulative.drilldown.count() == 5


def test_volunteer_attendances_are_counted_per_work_day_and_team(cm):
    def team(name: str) -> tuple[VolunteerTeam, list[Volunteer]]:
        t = VolunteerTeam.objects.create(
            organization=Organization.objects.create(name=name, kind=OrganizationKind.UNION)
        )
        return t, [
            Volunteer.objects.create(team=t, name=f"志工{i}", trades=["carpentry"])
            for i in range(4)
        ]

    carpenters, woodworkers = team("台南市木工業職業工會")
    federation, members = team("大台南總工會")
    repair = home(date(2019, 5, 1))
    for on, t, people in ((date(2019, 4, 1), carpenters, woodworkers[:3]), (date(2019, 4, 2), carpenters, woodworkers),
                          (date(2019, 4, 2), federation, members[:2]), (date(2018, 12, 30), federation, members)):  # fmt: skip
        day = WorkDay.objects.create(application=repair, date=on, team=t)
        day.volunteers.set(people)
    result = figure("housing.volunteer_days")
    assert (result.value, result.numerator, result.denominator) == (9, 9, 3)
    assert result.breakdown["台南市木工業職業工會"].as_dict() == {
        "value": 7,
        "numerator": 7,
        "denominator": 2,
    }
    assert result.breakdown["大台南總工會"].value == 2


# --- cost and confidentiality ---------------------------------------------------------------
def test_each_figure_takes_a_constant_number_of_queries(cm, django_assert_max_num_queries):
    def fill(n: int) -> None:
        for i in range(n):
            c = case(cm, date(2019, 1 + i % 12, 3), plan="慰問", followup=date(2020, 1, 5))
            service(c, ServiceKind.CONSOLATION, date(2019, 1 + i % 12, 9), 20000)
            contact(c, date(2019, 1 + i % 12, 10), date(2020, 1, 5))
            home(date(2019, 1 + i % 12, 20))

    fill(3)
    with django_assert_max_num_queries(len(KEYS) * 2) as few:
        for key in KEYS:
            figure(key)
    fill(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        for key in KEYS:
            figure(key)


def test_case_drilldowns_show_masked_identifiers_only(
    client, cm, director, django_assert_max_num_queries
):
    worker = person("陳志明")
    for i in range(5):
        case(cm, date(2019, 2 + i, 1), who=worker if i == 0 else None)
    client.force_login(director)
    with django_assert_max_num_queries(12):
        response = client.get("/staff/outcomes/casework.open_cases/2019/")
    html = response.content.decode()
    assert response.status_code == 200
    assert worker.masked_id in html
    assert worker.id_number not in html


# --- the public page ------------------------------------------------------------------------
def test_the_public_page_explains_the_services_and_counts_the_homes(
    client, django_assert_max_num_queries
):
    today = timezone.localdate()
    applicant = person("林阿嬤")
    home(date(2015, 5, 1), who=applicant)
    home(date(2019, 5, 1))
    home(today)
    home(None, status=RepairStatus.IN_PROGRESS)
    team = VolunteerTeam.objects.create(
        organization=Organization.objects.create(name="大台南總工會", kind=OrganizationKind.UNION)
    )
    Volunteer.objects.create(team=team, name="張志工", trades=["painting"])
    with django_assert_max_num_queries(5):
        response = client.get("/casework/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "06-6377337" in html and "06-2982334" in html and 'href="tel:+88666377337"' in html
    for service_name in (
        "職災慰問金",
        "法令權益諮詢",
        "心理支持",
        "義剪",
        "子女就學與就業協助",
        "年菜",
    ):
        assert service_name in html
    assert f"{today.year} 年已修繕完工" in html
    this_year, since_start = html.split('class="figure">')[1:3]
    assert this_year.startswith("1 戶") and since_start.startswith("3 戶")
    assert "<caption>" in html and '<th scope="row">2019</th>' in html
    assert "大台南總工會（志工 1 人）" in html
    # No personal data: neither the household nor the volunteer.
    assert "林阿嬤" not in html and applicant.masked_id not in html and "張志工" not in html


def test_the_home_page_links_to_the_programme(client):
    html = client.get("/").content.decode()
    assert 'href="/casework/"' in html
