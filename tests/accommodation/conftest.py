"""Personas of program 3 (就業促進科) and builders of job-redesign applications."""

from __future__ import annotations

from datetime import date

import pytest

from hopehome.accommodation import services
from hopehome.core.choices import OrganizationKind, Role
from hopehome.core.models import Organization, Person
from tests.conftest import make_staff

EMPLOYER_UBN = "04595257"
NEW_UBN = "12345675"
WORKER_ID = "D123456782"


@pytest.fixture
def emp_clerk(db):
    """A clerk of 就業促進科 (takes applications in)."""
    return make_staff("emp_clerk", Role.CLERK, "employment")


@pytest.fixture
def emp_case_manager(db):
    return make_staff("emp_cm", Role.CASE_MANAGER, "employment")


@pytest.fixture
def emp_supervisor(db):
    """The head of 就業促進科 (decides, but may not pass the cap)."""
    return make_staff("emp_supervisor", Role.SUPERVISOR, "employment")


@pytest.fixture
def employer(db):
    return Organization.objects.create(
        kind=OrganizationKind.EMPLOYER, name="安平光學股份有限公司", ubn=EMPLOYER_UBN
    )


@pytest.fixture
def worker(db):
    return Person.objects.create(name="林雅婷", id_number=WORKER_ID, id_type="national")


def application_data(**overrides):
    data = {
        "applicant_kind": "employer", "employer_ubn": EMPLOYER_UBN, "id_number": WORKER_ID, "name": "林雅婷",
        "impairment": "visual", "certificate_number": "身障字第1150001234號", "job_title": "電話服務員",
        "workplace": "臺南市安平區", "needs": "低視力，閱讀紙本資料困難。", "submitted_on": date(2026, 3, 2),
    }  # fmt: skip
    data.update(overrides)
    return data


def item(name="擴視機", amount=40000, category="devices", description=""):
    return {
        "category": category,
        "name": name,
        "amount_requested": amount,
        "description": description,
    }


@pytest.fixture
def apply(emp_clerk, employer):
    """``apply(amounts=[...], **data)``: an application taken in by the clerk."""

    def build(amounts=(40000,), *, actor=None, **overrides):
        items = [item(f"項目{n}", a) for n, a in enumerate(amounts, start=1)]
        return services.create_application(actor or emp_clerk, application_data(**overrides), items)

    return build


@pytest.fixture
def approve(emp_clerk, emp_supervisor):
    """``approve(application, on=date)``: review and approve every item as requested."""

    def run(application, on=date(2026, 3, 20), actor=None, **kwargs):
        services.start_review(emp_clerk, application)
        decisions = {i.pk: ("approved", None, "") for i in application.items.all()}
        return services.decide(
            actor or emp_supervisor, application, decisions, "", decided_on=on, **kwargs
        )

    return run
