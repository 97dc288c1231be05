"""Personas of program 8: case managers and a supervisor of 勞安福利科, and their cases."""

from datetime import date

import pytest

from hopehome.casework import services
from hopehome.core.choices import Role
from hopehome.core.models import Person
from tests.conftest import make_staff


@pytest.fixture
def cm(db):
    """A case manager of 勞安福利科."""
    return make_staff("cm_lin", Role.CASE_MANAGER, "safety_welfare")


@pytest.fixture
def cm2(db):
    """Another case manager of the same division."""
    return make_staff("cm_chen", Role.CASE_MANAGER, "safety_welfare")


@pytest.fixture
def welfare_supervisor(db):
    return make_staff("sw_supervisor", Role.SUPERVISOR, "safety_welfare")


@pytest.fixture
def welfare_clerk(db):
    return make_staff("sw_clerk", Role.CLERK, "safety_welfare")


@pytest.fixture
def worker(db):
    return Person.objects.create(name="陳志明", id_number="D123456782", id_type="national", phone="0912345678")


@pytest.fixture
def injury_case(cm, worker):
    return services.open_case(
        cm, person=worker, injury_date=date(2026, 10, 2), kind="injury", severity="injury",
        source="hospital", employer_name="永康精密工業有限公司", opened_on=date(2026, 10, 5),
    )  # fmt: skip
