"""Fixed personas and small builders shared by the whole suite.

Personas: ``citizen`` (a member of the public with an account but no staff role),
``clerk``, ``case_manager`` and ``supervisor`` of 職訓就服中心 (division ``vtc``), ``inspector``
of 職業安全健康處, ``director``, ``administrator``, and ``outsider`` — a clerk of 勞資關係科 who
has no business with training records.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from hopehome.core.choices import OrganizationKind, Role
from hopehome.core.models import District, Division, Organization, StaffProfile
from hopehome.training.choices import AdmissionMode, CourseCategory, CourseStatus
from hopehome.training.models import Course

# Valid identifiers from the reference test vectors and computed ones (checksums hold).
VALID_IDS = ["A123456789", "D123456782", "D223456784", "R123456783", "A180000005", "A800000014", "D900000019"]
BAD_CHECKSUM_ID = "A123456788"


def load_reference_rows() -> None:
    """(Re)load the rows the data migrations ship; idempotent.

    Transactional tests (live server, concurrency) end with a flush that empties every table,
    including these, so each such test gets them back first.
    """
    import importlib

    from django.apps import apps

    for module in (
        "hopehome.core.migrations.0002_reference_data",
        "hopehome.core.migrations.0004_minimum_wage_and_holidays",
        "hopehome.training.migrations.0002_ttqs_bands",
        "hopehome.accommodation.migrations.0002_subsidy_cap",
    ):
        importlib.import_module(module).load(apps, None)


@pytest.fixture(autouse=True)
def _reference_rows_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("_django_db_helper")
        load_reference_rows()


def make_staff(username: str, role: str, division: str):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username, first_name=username)
    StaffProfile.objects.create(user=user, role=role, division=Division.objects.get(code=division))
    return user


@pytest.fixture
def citizen(db):
    return get_user_model().objects.create_user(username="citizen", password="pw-citizen")


@pytest.fixture
def clerk(db):
    return make_staff("clerk", Role.CLERK, "vtc")


@pytest.fixture
def case_manager(db):
    return make_staff("case_manager", Role.CASE_MANAGER, "vtc")


@pytest.fixture
def supervisor(db):
    return make_staff("supervisor", Role.SUPERVISOR, "vtc")


@pytest.fixture
def inspector(db):
    return make_staff("inspector", Role.INSPECTOR, "osh")


@pytest.fixture
def director(db):
    return make_staff("director", Role.DIRECTOR, "director_office")


@pytest.fixture
def administrator(db):
    return make_staff("administrator", Role.ADMINISTRATOR, "director_office")


@pytest.fixture
def outsider(db):
    return make_staff("outsider", Role.CLERK, "labor_relations")


@pytest.fixture
def provider(db):
    return Organization.objects.create(
        kind=OrganizationKind.TRAINING_PROVIDER, name="臺南市職業訓練就業服務中心", is_bureau_unit=True,
        district=District.objects.get(postcode="700"),
    )  # fmt: skip


@pytest.fixture
def make_course(db, provider):
    counter = {"n": 0}

    def build(**overrides) -> Course:
        counter["n"] += 1
        fields = {
            "code": f"C{counter['n']:04d}",
            "title": "電腦輔助機械製圖班",
            "category": CourseCategory.UNEMPLOYED,
            "provider": provider,
            "hours": 300,
            "capacity": 20,
            "starts_on": date(2030, 3, 1),
            "ends_on": date(2030, 6, 30),
            "status": CourseStatus.OPEN,
            "admission_mode": AdmissionMode.FIRST_COME,
            "district": District.objects.get(postcode="700"),
            "venue": "臺南市中西區民生路",
        }
        fields.update(overrides)
        return Course.objects.create(**fields)

    return build


@pytest.fixture
def course(make_course):
    return make_course()
