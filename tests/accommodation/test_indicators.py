"""Program 3's figures, computed from the records: on small cases and on the 2019 demo dataset."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from hopehome.accommodation import demo, services
from hopehome.accommodation.models import RedesignApplication, RedesignItem
from hopehome.core import demo as core_demo
from hopehome.core.models import AuditEntry, Organization, Person
from hopehome.core.permissions import scope_people, scope_records
from hopehome.outcomes.registry import Period, all_indicators, get

pytestmark = pytest.mark.django_db
SEED_NAMES = ("吳玄慈", "張佳琪", "林紹婕", "周如婉", "紀承男")


def figure(key: str, year: int = 2019):
    return get(key).compute(Period(year))


@pytest.fixture
def loaded(db):
    users = core_demo.ensure_staff_accounts()
    counts = demo.load(users)
    return users, counts


def test_the_indicators_are_registered_for_program_3():
    keys = {i.key for i in all_indicators() if i.program == 3}
    assert {"accommodation.cases", "accommodation.amount_approved", "accommodation.people_served",
            "accommodation.visually_impaired_employed", "accommodation.retention_3_months"} <= keys  # fmt: skip


def test_visually_impaired_employed_counts_distinct_people_who_started_in_the_year(
    apply, approve, emp_clerk, emp_supervisor
):
    first = approve(apply([30000], submitted_on=date(2025, 1, 6)), on=date(2025, 1, 20))
    services.record_start(emp_clerk, first, date(2025, 2, 3))
    second = approve(apply([30000], submitted_on=date(2025, 8, 4)), on=date(2025, 8, 20))
    services.record_start(emp_clerk, second, date(2025, 9, 1))  # the same person: counted once
    hearing = approve(apply([20000], id_number="A123456789", name="陳大文", impairment="hearing",
                            submitted_on=date(2025, 3, 3)), on=date(2025, 3, 20))  # fmt: skip
    services.record_start(emp_clerk, hearing, date(2025, 4, 1))
    rejected = apply([20000], id_number="R123456783", name="王美玲", submitted_on=date(2025, 3, 3))
    services.start_review(emp_clerk, rejected)
    only = rejected.items.get()
    services.decide(emp_supervisor, rejected, {only.pk: ("rejected", None, "一般設備")}, "不予核定。",
                    decided_on=date(2025, 3, 20))  # fmt: skip
    assert figure("accommodation.visually_impaired_employed", 2025).value == 1
    assert figure("accommodation.visually_impaired_employed", 2026).value == 0
    assert figure("accommodation.people_served", 2025).value == 2
    assert figure("accommodation.cases", 2025).value == 3
    assert figure("accommodation.amount_approved", 2025).value == 80000


def test_the_demo_2019_shows_five_visually_impaired_people_employed(loaded):
    result = figure("accommodation.visually_impaired_employed")
    assert result.value == 5
    assert figure("accommodation.visually_impaired_employed", 2018).value == 0
    cases = figure("accommodation.cases")
    assert cases.value == 8
    assert cases.breakdown["提供就業所需之輔具"].value == 7
    assert cases.breakdown["改善職場工作環境"].value == 1
    amount = figure("accommodation.amount_approved")
    assert amount.value == sum(
        RedesignApplication.objects.filter(year=2019).values_list("approved_total", flat=True)
    )
    assert amount.value == sum(r.value for r in amount.breakdown.values())
    retention = figure("accommodation.retention_3_months")
    assert (retention.numerator, retention.denominator, retention.value) == (7, 8, Decimal("87.5"))
    assert figure("accommodation.people_served").value == 7


def test_the_demo_tells_the_reports_story_with_synthetic_people(loaded):
    visual = RedesignApplication.objects.filter(impairment="visual").select_related(
        "employer", "person"
    )
    assert visual.count() == 6 and visual.values("person").distinct().count() == 5
    assert not Person.objects.filter(name__in=SEED_NAMES).exists()
    places = sorted((a.employer.name, a.job_title) for a in visual)
    assert places == sorted([
        ("臺南市政府勞工局", "電話服務員"), ("臺南市政府勞工局", "電話服務員"), ("臺南市政府勞工局", "電話服務員"),
        ("臺南市立海佃國民中學", "文書"), ("臺南市立民德國民中學", "財產管理"), ("臺南市職業訓練就業服務中心", "文書"),
    ])  # fmt: skip
    assert Organization.objects.get(name="臺南市政府勞工局").is_bureau_unit
    names = set(
        RedesignItem.objects.filter(application__impairment="visual").values_list("name", flat=True)
    )
    assert {
        "擴視機",
        "新式點字觸摸顯示器",
        "手機翻拍架",
        "螢幕報讀軟體",
        "支持性就業服務員",
        "視力協助員",
    } <= names
    # The worker who passed the city's exam: two applications in 2019, together under the cap.
    mover = RedesignApplication.objects.get(employer__name="臺南市職業訓練就業服務中心").person
    assert mover.redesign_applications.count() == 2
    usage = services.cap_usage(mover, 2019)
    assert usage["approved"] <= usage["cap"] == 100000
    for person in Person.objects.filter(redesign_applications__isnull=False).distinct():
        assert services.cap_usage(person, 2019)["approved"] <= 100000
    assert RedesignApplication.objects.filter(status="rejected").count() == 1
    assert set(RedesignApplication.objects.values_list("impairment", flat=True)) >= {
        "visual",
        "hearing",
        "mobility",
    }


def test_the_demo_is_recognised_and_removed_without_leftovers(loaded):
    assert demo.is_loaded()
    counts = demo.remove()
    assert counts["applications"] == 9 and counts["people"] == 8
    assert not demo.is_loaded()
    assert not RedesignApplication.objects.exists() and not RedesignItem.objects.exists()
    assert not AuditEntry.objects.filter(object_type__startswith="accommodation.").exists()
    assert not Organization.objects.filter(name="臺南市立海佃國民中學").exists()
    users = core_demo.demo_users()
    demo.load(users)  # loads again after removal
    assert figure("accommodation.visually_impaired_employed").value == 5


def test_outcomes_cli_reports_the_demo_figure(loaded):
    out = StringIO()
    call_command("outcomes", "--year", "2019", "--format", "json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["accommodation.visually_impaired_employed"]["value"] == 5


def test_the_drilldown_and_people_are_scoped_to_the_division(loaded):
    users, _counts = loaded
    emp_clerk = users["clerk_emp"]
    drilldown = figure("accommodation.visually_impaired_employed").drilldown
    assert scope_records(emp_clerk, drilldown).count() == 6
    for user in (users["inspector"], users["outsider"], users["clerk"]):
        with pytest.raises(PermissionDenied):
            scope_records(user, drilldown)
    assert scope_people(emp_clerk, Person.objects.all()).count() == 8


def test_the_demo_reuses_an_existing_training_centre_and_leaves_it_on_removal(provider):
    users = core_demo.ensure_staff_accounts()
    demo.load(users)
    assert RedesignApplication.objects.filter(employer=provider).count() == 1
    demo.remove()
    assert Organization.objects.filter(pk=provider.pk).exists()
    assert not Organization.objects.filter(name="臺南市政府勞工局").exists()
