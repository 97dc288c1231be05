"""Personas of program 5 and builders for inspections and penalties.

Personas: ``insp_a`` and ``insp_b`` (inspectors of 職業安全健康處 ``osh``), ``osh_supervisor``,
``lc_inspector`` (an inspector of 勞動條件科 ``labor_conditions``) and ``osh_clerk``; in addition
to those of tests/conftest.py (``director``, ``supervisor`` of vtc, ``outsider`` …).
``employer`` is an employer with a valid UBN, an industry and a district.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hopehome.core.choices import OrganizationKind, Role
from hopehome.core.models import District, Industry, Organization
from hopehome.inspection import services
from tests.conftest import make_staff

TODAY = timezone.localdate()
COMPLAINANT = "林秀鳳申訴人"


@pytest.fixture
def insp_a(db):
    return make_staff("insp_a", Role.INSPECTOR, "osh")


@pytest.fixture
def insp_b(db):
    return make_staff("insp_b", Role.INSPECTOR, "osh")


@pytest.fixture
def osh_supervisor(db):
    return make_staff("osh_supervisor", Role.SUPERVISOR, "osh")


@pytest.fixture
def lc_inspector(db):
    return make_staff("lc_inspector", Role.INSPECTOR, "labor_conditions")


@pytest.fixture
def osh_clerk(db):
    return make_staff("osh_clerk", Role.CLERK, "osh")


@pytest.fixture
def employer(db):
    return Organization.objects.create(
        kind=OrganizationKind.EMPLOYER, name="將寶實業股份有限公司", ubn="04595252", responsible_person="陳大同",
        industry=Industry.objects.get(revision="11", code="C"), district=District.objects.get(postcode="710"),
        address="臺南市永康區中正路 1 號",
    )  # fmt: skip


@pytest.fixture
def plan(insp_a, employer):
    """Plan an inspection led by ``insp_a`` (keyword overrides go to ``plan_inspection``)."""

    def build(actor=None, **overrides):
        fields = {
            "organization": employer, "site": "", "type": "labor_conditions", "project": "", "origin": "planned",
            "planned_on": TODAY - timedelta(days=10), "lead_inspector": insp_a, "inspectors": [],
        }  # fmt: skip
        fields.update(overrides)
        return services.plan_inspection(actor or fields["lead_inspector"], **fields)

    return build


VIOLATION = {
    "law": "lsa",
    "article": "第24條",
    "description": "延長工作時間未依規定加給工資",
    "workers_affected": 12,
}


@pytest.fixture
def inspected(plan, insp_a):
    """An inspection of ``employer`` recorded with one §24 violation (and a §32 one)."""
    inspection = plan()
    return services.record_inspection(
        insp_a, inspection, inspected_on=TODAY - timedelta(days=5), findings="抽查 12 名勞工出勤紀錄",
        result="violations",
        violations=[VIOLATION, {"law": "lsa", "article": "32條第2項", "description": "延長工時超過上限", "workers_affected": 3}],
    )  # fmt: skip


@pytest.fixture
def make_published_penalty(osh_supervisor, insp_a, plan):
    """Build a published penalty through the whole workflow; returns the Penalty."""
    counter = {"n": 0}

    def build(*, amount: int = 20_000, number: str | None = None, **plan_overrides):
        counter["n"] += 1
        inspection = plan(**plan_overrides)
        inspection = services.record_inspection(
            inspection.lead_inspector, inspection, inspected_on=TODAY - timedelta(days=5), findings="抽查出勤紀錄",
            result="violations", violations=[VIOLATION],
        )  # fmt: skip
        violation = inspection.violations.get()
        penalty = services.decide_penalty(
            osh_supervisor, inspection, disposition_number=number or f"府勞條字第10800{counter['n']:05d}號",
            decided_on=TODAY - timedelta(days=3), items=[{"violation": violation, "amount": amount}],
        )  # fmt: skip
        return services.publish_penalty(
            osh_supervisor, penalty, announced_on=TODAY - timedelta(days=1)
        )

    return build


@pytest.fixture
def complaint_inspection(plan, insp_a):
    """A complaint inspection with a distinctive complainant name, ``COMPLAINANT``."""
    return plan(
        origin="complaint",
        complaint={
            "complainant_name": COMPLAINANT, "complainant_phone": "0912-345-678",
            "complainant_email": "complainant@example.tw", "content": "公司未給付加班費",
            "received_on": TODAY - timedelta(days=20),
        },
    )  # fmt: skip
