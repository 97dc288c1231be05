"""Program 5's outcome figures, computed from the records, and who may list the records behind them."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from itertools import count

import pytest
from django.core.management import call_command

from hopehome.core.choices import OrganizationKind
from hopehome.core.models import Division, Industry, Organization
from hopehome.inspection.choices import (
    InspectionStatus,
    InspectionType,
    Law,
    Origin,
    PenaltyStatus,
    Project,
    Source,
)
from hopehome.inspection.choices import (
    Result as InspectionResult,
)
from hopehome.inspection.models import (
    Award,
    CounsellingVisit,
    Inspection,
    Penalty,
    PenaltyItem,
    SafetyPartnership,
)
from hopehome.outcomes import registry
from hopehome.outcomes.registry import Period

pytestmark = pytest.mark.django_db

KEYS = (
    "inspection.inspections", "inspection.inspections_by_industry", "inspection.violation_rate",
    "inspection.penalties", "inspection.penalty_amount", "inspection.published",
    "inspection.counselled_units", "inspection.partnerships_signed", "inspection.awards",
)  # fmt: skip
_serial = count(1)
R = InspectionResult


def figure(key: str, year: int = 2019):
    return registry.get(key).compute(Period(year))


def org(name: str = "府城營造有限公司", section: str | None = "F") -> Organization:
    industry = Industry.objects.get(revision="11", code=section) if section else None
    return Organization.objects.create(kind=OrganizationKind.EMPLOYER, name=name, industry=industry)


def inspection(lead, unit: Organization, on: date | None, *, result: str = R.COMPLIANT,
               type: str = InspectionType.LABOR_CONDITIONS, project: str = Project.NONE) -> Inspection:  # fmt: skip
    return Inspection.objects.create(
        number=f"LI-{next(_serial):05d}", organization=unit, type=type, project=project, origin=Origin.PLANNED,
        division=Division.objects.get(code="osh"), lead_inspector=lead, inspected_on=on,
        result=result if on else R.PENDING,
        status=InspectionStatus.INSPECTED if on else InspectionStatus.PLANNED,
    )  # fmt: skip


def penalty(decided_on: date, *, amount: int | None = 20000, current: int | None = None,
            announced_on: date | None = None, status: str = PenaltyStatus.PUBLISHED,
            source: str = Source.BUREAU, laws: tuple[str, ...] = (Law.LSA,)) -> Penalty:  # fmt: skip
    p = Penalty.objects.create(
        authority="臺南市政府", disposition_number=f"府勞安字第{next(_serial):010d}號", decided_on=decided_on,
        announced_on=announced_on or (decided_on if status != PenaltyStatus.DECIDED else None),
        unit_name="府城營造有限公司", responsible_person="王大明", initial_amount=amount,
        current_amount=amount if current is None else current, status=status, source=source,
        search_tokens="府城 營造",
    )  # fmt: skip
    for law in laws:
        PenaltyItem.objects.create(penalty=p, law=law, article="第24條", amount=amount)
    return p


# --- registration ---------------------------------------------------------------------------
def test_program_5_registers_its_figures_in_the_safety_pillar_with_both_languages():
    indicators = {i.key: i for i in registry.all_indicators() if i.program == 5}
    assert set(KEYS) <= set(indicators)
    for key in KEYS:
        ind = indicators[key]
        assert ind.pillar == "safety"
        assert ind.title_zh and ind.title_en and ind.description_zh and ind.description_en
    assert indicators["inspection.violation_rate"].unit == "%"
    assert indicators["inspection.penalty_amount"].unit == "NT$"


def test_with_no_records_the_counts_are_zero_and_the_rate_undefined():
    results = {key: figure(key).as_dict() for key in KEYS}
    assert results["inspection.inspections"]["value"] == 0
    assert results["inspection.penalty_amount"]["value"] == 0
    assert results["inspection.violation_rate"]["value"] is None
    assert results["inspection.violation_rate"]["denominator"] == 0
    assert results["inspection.partnerships_signed"]["value"] == 0


def test_every_figure_appears_in_the_outcomes_command_json(inspector):
    inspection(inspector, org(), date(2019, 5, 2), result=R.VIOLATIONS)
    SafetyPartnership.objects.create(title="樹谷工業區安全伙伴", signed_on=date(2019, 5, 20))
    out = StringIO()
    call_command("outcomes", "--year", "2019", "--format", "json", stdout=out)
    figures = json.loads(out.getvalue())
    assert set(KEYS) <= set(figures)
    assert figures["inspection.inspections"]["value"] == 1
    assert figures["inspection.violation_rate"]["value"] == 100.0
    assert figures["inspection.partnerships_signed"]["value"] == 1
    assert figures["inspection.inspections"]["by_unit"]["勞動條件"]["value"] == 1


# --- inspections ----------------------------------------------------------------------------
def test_inspections_are_counted_in_the_year_they_were_carried_out_by_type(inspector):
    unit, other = org(), org("永康機械股份有限公司", "C")
    inspection(inspector, unit, date(2019, 1, 3))
    inspection(inspector, unit, date(2019, 12, 31), type=InspectionType.OSH)
    inspection(inspector, other, date(2019, 7, 1), type=InspectionType.PROJECT, project=Project.DELIVERY_PLATFORM)
    inspection(inspector, other, date(2018, 12, 31))  # last year
    inspection(inspector, other, None)  # still planned
    result = figure("inspection.inspections")
    assert result.value == 3
    assert {k: v.value for k, v in result.breakdown.items()} == {"勞動條件": 1, "職業安全衛生": 1, "專案檢查": 1}
    assert list(result.breakdown) == ["勞動條件", "職業安全衛生", "專案檢查"]
    assert "2 家" in result.note
    assert result.drilldown.count() == 3


def test_inspections_by_industry_group_by_the_units_industry_section(inspector):
    construction, factory, unknown = org(), org("永康機械股份有限公司", "C"), org("無行業商號", None)
    for unit in (construction, construction, factory, unknown):
        inspection(inspector, unit, date(2019, 3, 1))
    result = figure("inspection.inspections_by_industry")
    assert result.value == 4
    assert {k: v.value for k, v in result.breakdown.items()} == {"未分類": 1, "C 製造業": 1, "F 營建工程業": 2}


def test_the_violation_rate_counts_inspections_with_a_result(inspector):
    unit = org()
    for result in (R.VIOLATIONS, R.VIOLATIONS, R.COMPLIANT, R.COUNSELLING_ONLY):
        inspection(inspector, unit, date(2019, 6, 1), result=result)
    inspection(inspector, unit, date(2019, 6, 2), result=R.VIOLATIONS, type=InspectionType.OSH)
    Inspection.objects.filter(pk=inspection(inspector, unit, date(2019, 6, 3)).pk).update(result=R.PENDING)
    inspection(inspector, unit, date(2020, 1, 1), result=R.VIOLATIONS)
    result = figure("inspection.violation_rate")
    assert (result.numerator, result.denominator) == (3, 5)
    assert str(result.value) == "60.0"
    assert result.breakdown["勞動條件"].as_dict() == {"value": 50.0, "numerator": 2, "denominator": 4}
    assert result.breakdown["職業安全衛生"].value == 100
    assert result.drilldown.count() == 3


# --- penalties ------------------------------------------------------------------------------
def test_penalties_count_the_bureaus_decisions_of_the_year_by_act():
    penalty(date(2019, 2, 1), laws=(Law.LSA, Law.GENDER))
    penalty(date(2019, 8, 1), laws=(Law.LSA, Law.LSA))
    penalty(date(2019, 9, 1), status=PenaltyStatus.DECIDED, laws=(Law.OSHA,))
    penalty(date(2019, 9, 1), source=Source.MOL_IMPORT)  # imported: the Ministry's list
    penalty(date(2018, 12, 31))
    result = figure("inspection.penalties")
    assert result.value == 3
    assert {k: v.value for k, v in result.breakdown.items()} == {
        "勞動基準法": 2, "職業安全衛生法": 1, "性別平等工作法": 1,
    }  # fmt: skip
    assert result.drilldown.count() == 3


def test_the_penalty_amount_sums_current_amounts_and_skips_unpublished_ones():
    penalty(date(2019, 2, 1), amount=None)  # decided before amounts were published
    penalty(date(2019, 5, 1), amount=50000)
    penalty(date(2019, 6, 1), amount=100000, current=60000)  # reduced on appeal
    penalty(date(2019, 7, 1), amount=20000, current=0, status=PenaltyStatus.WITHDRAWN)  # revoked
    penalty(date(2019, 7, 1), amount=999999, source=Source.MOL_IMPORT)
    result = figure("inspection.penalty_amount")
    assert (result.value, result.numerator, result.denominator) == (110000, 110000, 3)
    assert "170,000" in result.note and "1 件裁處未公布金額" in result.note
    assert result.drilldown.count() == 3


def test_published_counts_the_announcements_of_the_year_with_and_without_amounts():
    penalty(date(2018, 12, 20), amount=None, announced_on=date(2019, 1, 10))
    penalty(date(2019, 5, 1), amount=30000)
    penalty(date(2019, 6, 1), amount=20000, current=0, status=PenaltyStatus.WITHDRAWN)
    penalty(date(2019, 12, 20), status=PenaltyStatus.DECIDED)  # not announced
    penalty(date(2019, 12, 20), announced_on=date(2020, 1, 5))  # announced next year
    penalty(date(2019, 4, 1), source=Source.MOL_IMPORT)
    result = figure("inspection.published")
    assert result.value == 3
    assert result.breakdown["公布裁處金額"].value == 2
    assert result.breakdown["未公布裁處金額"].value == 1
    assert "1 筆已因原處分撤銷而撤除公布" in result.note


# --- outreach -------------------------------------------------------------------------------
def test_counselled_units_count_each_unit_once(inspector):
    osh = Division.objects.get(code="osh")
    a, b = org("外送平台甲有限公司", "H"), org("府城客運股份有限公司", "H")
    for unit, day in ((a, date(2019, 3, 1)), (a, date(2019, 9, 1)), (b, date(2019, 10, 1)), (b, date(2020, 1, 2))):
        CounsellingVisit.objects.create(organization=unit, visited_on=day, topic="勞動權益宣導", division=osh)
    result = figure("inspection.counselled_units")
    assert (result.value, result.denominator) == (2, None)
    assert result.breakdown["H 運輸及倉儲業"].value == 2
    assert "3 次" in result.note
    assert result.drilldown.count() == 3


def test_partnerships_and_awards_are_counted_in_their_year():
    SafetyPartnership.objects.create(title="南區勞工健康服務中心健康促進伙伴", signed_on=date(2019, 4, 28))
    SafetyPartnership.objects.create(title="樹谷工業區安全伙伴", signed_on=date(2019, 5, 20))
    SafetyPartnership.objects.create(title="舊伙伴", signed_on=date(2018, 5, 20))
    for name in ("甲公司", "乙公司"):
        Award.objects.create(organization=org(name, "C"), name="全國職安衛生五星獎", awarded_on=date(2019, 10, 1))
    partnerships, awards = figure("inspection.partnerships_signed"), figure("inspection.awards")
    assert partnerships.value == 2
    assert partnerships.breakdown["樹谷工業區安全伙伴"].note == "2019-05-20"
    assert awards.value == 2 and awards.breakdown["全國職安衛生五星獎"].value == 2
    assert figure("inspection.awards", 2018).value == 0


def test_the_figures_take_a_fixed_number_of_queries(inspector, django_assert_max_num_queries):
    unit = org()
    for day in range(1, 20):
        inspection(inspector, unit, date(2019, 3, day), result=R.VIOLATIONS)
        penalty(date(2019, 3, day))
    with django_assert_max_num_queries(12):
        for key in KEYS:
            figure(key)


# --- the public page and the drill-downs ----------------------------------------------------
def test_the_public_outcomes_page_shows_the_figures_with_their_units(client, inspector):
    inspection(inspector, org(), date(2019, 5, 2), result=R.VIOLATIONS)
    SafetyPartnership.objects.create(title="樹谷工業區安全伙伴", signed_on=date(2019, 5, 20))
    html = client.get("/outcomes/2019/").content.decode()
    assert "勞動檢查場次" in html and "1 場次" in html
    assert "簽署安全健康伙伴" in html and "1 項" in html


def test_inspection_staff_list_the_inspections_their_record_rule_allows(client, insp_a, insp_b, osh_supervisor, clerk):
    inspection(insp_a, org("府城營造有限公司"), date(2019, 5, 2))
    inspection(insp_b, org("安平餐飲有限公司", "I"), date(2019, 5, 3))
    url = "/staff/outcomes/inspection.inspections/2019/"
    client.force_login(insp_a)  # an inspector: their own inspections
    html = client.get(url).content.decode()
    assert "府城營造有限公司" in html and "安平餐飲有限公司" not in html
    client.force_login(osh_supervisor)  # the division's
    html = client.get(url).content.decode()
    assert "府城營造有限公司" in html and "安平餐飲有限公司" in html
    client.force_login(clerk)  # a training clerk
    assert client.get(url).status_code == 403


def test_other_staff_list_only_the_published_penalties(client, clerk, osh_clerk):
    shown = penalty(date(2019, 5, 1))
    hidden = penalty(date(2019, 5, 2), status=PenaltyStatus.DECIDED)  # imported-style: no inspection
    client.force_login(clerk)
    html = client.get("/staff/outcomes/inspection.penalties/2019/").content.decode()
    assert "共 1 筆紀錄" in html and hidden.disposition_number not in html
    assert shown.disposition_number in html
    client.force_login(osh_clerk)
    html = client.get("/staff/outcomes/inspection.penalties/2019/").content.decode()
    assert "共 2 筆紀錄" in html and hidden.disposition_number in html


def test_the_public_cannot_list_counselling_visits(client, citizen):
    client.force_login(citizen)
    assert client.get("/staff/outcomes/inspection.counselled_units/2019/").status_code == 403
