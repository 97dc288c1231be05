"""Program 5's demo dataset: the 2019 year of 職安健康處.

The dataset is loaded once for the module and removed after it; each test runs in its own
rolled-back transaction on top of it.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from hopehome.core import demo as core_demo
from hopehome.core.models import AuditEntry, Organization
from hopehome.core.search import index_text, search
from hopehome.core.validators import is_ubn
from hopehome.inspection import demo
from hopehome.inspection.choices import (
    AppealStatus,
    InspectionStatus,
    InspectionType,
    Origin,
    PenaltyEventKind,
    PenaltyStatus,
    Project,
    Source,
)
from hopehome.inspection.models import (
    Award,
    Complaint,
    CounsellingVisit,
    Inspection,
    Penalty,
    SafetyPartnership,
)
from hopehome.outcomes.registry import Period, get

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            users = core_demo.ensure_staff_accounts()
            counts = demo.load(users)
        yield counts
        with transaction.atomic():
            demo.remove()
            get_user_model().objects.filter(
                username__in=[a.username for a in core_demo.DEMO_ACCOUNTS]
            ).delete()


def value(key: str, year: int = 2019):
    return get(key).compute(Period(year))


def demo_penalties():
    return Penalty.objects.filter(source=Source.BUREAU).select_related("organization__industry", "organization__district")


def test_the_2019_outcomes_show_3_partnerships_and_2_awards(loaded):
    assert value("inspection.partnerships_signed").value == 3
    assert value("inspection.awards").value == 2
    assert value("inspection.awards").breakdown[demo.AWARD].value == 2
    assert value("inspection.partnerships_signed", 2018).value == 0


def test_the_partnerships_begin_on_the_day_the_office_opened(loaded):
    signed = dict(SafetyPartnership.objects.values_list("title", "signed_on"))
    assert signed["南區勞工健康服務中心健康促進伙伴"] == demo.OSH_OPENED == date(2019, 4, 28)
    assert signed["樹谷工業區安全伙伴"].month == 5
    assert signed["台南市區鐵路地下化興建團隊安全伙伴"].month == 8
    railway = SafetyPartnership.objects.get(title="台南市區鐵路地下化興建團隊安全伙伴")
    assert railway.partners.count() == 2


def test_a_year_of_inspections_with_mixed_results(loaded):
    inspections = value("inspection.inspections")
    assert 300 <= inspections.value <= 600
    assert set(inspections.breakdown) == {"勞動條件", "職業安全衛生", "專案檢查"}
    rate = value("inspection.violation_rate")
    assert 0 < rate.value < 100 and rate.denominator == inspections.value
    industries = value("inspection.inspections_by_industry").breakdown
    for section in ("C 製造業", "F 營建工程業", "G 批發及零售業", "H 運輸及倉儲業", "I 住宿及餐飲業", "Q 醫療保健及社會工作服務業", "S 其他服務業"):
        assert industries[section].value > 0, section
    months = {d.month for d in Inspection.objects.filter(inspected_on__year=2019).values_list("inspected_on", flat=True)}
    assert months == set(range(1, 13))


def test_penalties_are_published_with_amounts_from_april(loaded):
    published = value("inspection.published")
    assert published.value > 0
    assert published.breakdown["公布裁處金額"].value > published.breakdown["未公布裁處金額"].value > 0
    early = demo_penalties().filter(decided_on__lt=date(2019, 4, 1))
    assert early.exists()
    assert not early.exclude(current_amount=None).exists()
    assert not early.filter(items__amount__isnull=False).exists()
    later = demo_penalties().filter(decided_on__gte=date(2019, 4, 1))
    assert not later.filter(current_amount=None).exists()
    amount = value("inspection.penalty_amount")
    assert amount.value > 0 and amount.denominator == later.filter(decided_on__year=2019).count()
    assert value("inspection.penalties").value > amount.denominator


def test_every_demo_penalty_is_indexed_for_the_register(loaded):
    penalties = list(demo_penalties())
    assert len(penalties) > 50
    for p in penalties:
        org = p.organization
        assert p.search_tokens
        assert p.search_tokens == index_text(p.unit_name, p.responsible_person, p.raw_name, org.ubn)
        assert (p.unit_name, p.responsible_person) == (org.name, org.responsible_person)
        assert p.industry_code == org.industry.code and p.district_postcode == org.district.postcode
        assert p.events.filter(kind=PenaltyEventKind.ISSUED, occurred_on=p.decided_on).exists()
    sample = penalties[0]
    assert search(Penalty.objects.all(), sample.unit_name[:4]).filter(pk=sample.pk).exists()
    assert search(Penalty.objects.all(), sample.organization.ubn).filter(pk=sample.pk).exists()


def test_the_demo_units_have_valid_ubns(loaded):
    names = [s.name for s in demo.build_plan().organizations]
    orgs = Organization.objects.filter(name__in=names)
    assert orgs.count() == len(names)
    ubns = [o.ubn for o in orgs if o.ubn]
    assert len(ubns) >= 230
    assert all(is_ubn(u) for u in ubns)
    assert len(set(ubns)) == len(ubns)


def test_appeals_reductions_and_a_revocation(loaded):
    penalties = demo_penalties()
    assert penalties.filter(appeal_status=AppealStatus.APPEAL_PENDING, status=PenaltyStatus.PUBLISHED).count() >= 3
    assert penalties.filter(appeal_status=AppealStatus.UPHELD).exists()
    reduced = penalties.get(appeal_status=AppealStatus.REDUCED)
    assert reduced.current_amount < reduced.initial_amount
    revoked = penalties.get(appeal_status=AppealStatus.REVOKED)
    assert revoked.status == PenaltyStatus.WITHDRAWN and revoked.withdrawn_on and revoked.withdrawal_note
    assert revoked.events.filter(kind=PenaltyEventKind.REVOKED).exists()
    assert penalties.filter(events__kind=PenaltyEventKind.PAID).count() > penalties.count() // 2
    assert penalties.filter(events__kind=PenaltyEventKind.ENFORCEMENT).exists()


def test_key_issue_projects_on_delivery_platforms_and_bus_operators(loaded):
    projects = Inspection.objects.filter(type=InspectionType.PROJECT, origin=Origin.PLANNED)
    delivery = projects.filter(project=Project.DELIVERY_PLATFORM)
    buses = projects.filter(project=Project.BUS_OPERATOR)
    assert delivery.count() >= 10 and buses.count() >= 10
    assert all(d.month >= 10 for d in delivery.values_list("inspected_on", flat=True))
    assert all(3 <= d.month <= 6 for d in buses.values_list("inspected_on", flat=True))
    topics = set(CounsellingVisit.objects.values_list("topic", flat=True))
    assert demo.DELIVERY_TOPIC in topics and demo.BUS_TOPIC in topics


def test_complaint_inspections_keep_the_complainant_out_of_public_records(loaded):
    complaints = Complaint.objects.select_related("inspection")
    assert complaints.count() >= 10
    names = set(complaints.values_list("complainant_name", flat=True))
    for p in demo_penalties().filter(inspection__origin=Origin.COMPLAINT):
        assert not any(n in p.content or n in p.search_tokens for n in names)
    assert all(c.inspection.origin == Origin.COMPLAINT for c in complaints)


def test_counselled_units_and_the_award_winners(loaded):
    counselled = value("inspection.counselled_units")
    assert 50 <= counselled.value <= counselled.numerator
    assert "次" in counselled.note
    winners = Award.objects.filter(name=demo.AWARD).select_related("organization")
    for award in winners:
        assert award.awarded_on.year == 2019
        assert CounsellingVisit.objects.filter(organization=award.organization).count() >= 3


def test_the_workflow_ran_through_the_services(loaded):
    assert not Inspection.objects.filter(inspected_on__year=2019, status=InspectionStatus.PLANNED).exists()
    follow_ups = Inspection.objects.exclude(follow_up_of=None)
    assert follow_ups.exists() and all(f.origin == Origin.FOLLOW_UP for f in follow_ups)
    first = Inspection.objects.filter(number__startswith="LI2019-").order_by("number").first()
    assert first is not None and first.planned_on.year == 2019
    assert AuditEntry.objects.filter(object_type="inspection.inspection", object_id=str(first.pk)).exists()
    assert AuditEntry.objects.filter(object_type="inspection.penalty", actor__username__in=[
        demo.SUPERVISOR_OSH, demo.SUPERVISOR_LC]).exists()  # fmt: skip


def test_the_plan_is_the_same_on_every_run():
    first, second = demo.build_plan(), demo.build_plan()
    assert [(s.org, s.inspected_on, s.result, len(s.violations)) for s in first.inspections] == [
        (s.org, s.inspected_on, s.result, len(s.violations)) for s in second.inspections
    ]
    assert [o.name for o in first.employers] == [o.name for o in second.employers]
    assert first.visits == second.visits


def test_remove_deletes_only_the_demo_rows(loaded):
    other = Organization.objects.create(kind="employer", name="非示範事業單位有限公司", ubn="12345675")
    assert demo.is_loaded()
    counts = demo.remove()
    assert counts["inspections"] >= 500 and counts["partnerships"] == 3
    assert not demo.is_loaded()
    assert not Inspection.objects.exists() and not Penalty.objects.filter(source=Source.BUREAU).exists()
    assert not AuditEntry.objects.filter(object_type="inspection.penalty").exists()
    assert Organization.objects.filter(pk=other.pk).exists()
