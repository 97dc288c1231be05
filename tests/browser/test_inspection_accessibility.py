"""The inspection back office passes axe-core, signed in as a supervisor of 職業安全健康處."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from hopehome.core.choices import OrganizationKind, Role
from hopehome.core.models import District, Industry, Organization
from hopehome.inspection import services
from tests.conftest import make_staff

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIOLATION = {"law": "lsa", "article": "第24條", "description": "延長工作時間未依規定加給工資", "workers_affected": 12}


def test_inspection_screens_have_no_axe_violations(page, axe):
    importlib.import_module("hopehome.inspection.migrations.0002_ranges_and_search").load(apps, None)
    today = timezone.localdate()
    supervisor = make_staff("osh_supervisor", Role.SUPERVISOR, "osh")
    inspector = make_staff("insp_a", Role.INSPECTOR, "osh")
    employer = Organization.objects.create(
        kind=OrganizationKind.EMPLOYER, name="將寶實業股份有限公司", ubn="04595252", responsible_person="陳大同",
        industry=Industry.objects.get(revision="11", code="C"), district=District.objects.get(postcode="710"),
    )  # fmt: skip

    def plan():
        return services.plan_inspection(
            inspector, organization=employer, type="osh", origin="planned", planned_on=today - timedelta(days=10),
            lead_inspector=inspector,
        )  # fmt: skip

    planned = plan()
    inspected = services.record_inspection(
        inspector, plan(), inspected_on=today - timedelta(days=5), findings="抽查出勤紀錄", result="violations",
        violations=[VIOLATION, {**VIOLATION, "law": "osha", "article": "第6條"}],
    )  # fmt: skip
    penalty = services.decide_penalty(
        supervisor, inspected, disposition_number="府勞條字第1", decided_on=today - timedelta(days=3),
        items=[{"violation": inspected.violations.order_by("id").first(), "amount": 20_000}],
    )  # fmt: skip
    supervisor.set_password("pw-osh-supervisor-1")
    supervisor.save()
    page.goto(page.base + "/staff/login/")
    page.fill("#id_username", "osh_supervisor")
    page.fill("#id_password", "pw-osh-supervisor-1")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/staff/")
    paths = [
        reverse("inspection_staff:inspections"), reverse("inspection_staff:plan"),
        reverse("inspection_staff:detail", args=[inspected.pk]), reverse("inspection_staff:record", args=[planned.pk]),
        reverse("inspection_staff:decide", args=[inspected.pk]), reverse("inspection_staff:notice", args=[inspected.pk]),
        reverse("inspection_staff:follow_up", args=[inspected.pk]), reverse("inspection_staff:penalties"),
        reverse("inspection_staff:penalty", args=[penalty.pk]), reverse("inspection_staff:counselling"),
        reverse("inspection_staff:counselling_new"), reverse("inspection_staff:partnerships"),
        reverse("inspection_staff:partnership_new"), reverse("inspection_staff:awards"),
        reverse("inspection_staff:award_new"),
    ]  # fmt: skip
    for path in paths:
        response = page.goto(page.base + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(axe, page, path)
    # a form with errors is accessible too
    page.goto(page.base + reverse("inspection_staff:decide", args=[inspected.pk]))
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").count() == 1
    assert_no_axe_violations(axe, page, "decision form with errors")
