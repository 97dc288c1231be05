"""Personas and records of the job-matching app."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from hopehome.core.models import District, Industry, Organization
from hopehome.jobs.choices import EmploymentType, Occupation, SalaryType, VacancyStatus
from hopehome.jobs.models import EmployerAccount, SeekerProfile, Vacancy
from tests.conftest import make_staff

EMPLOYER_UBN = "04595257"  # valid under the 2023 rule
OTHER_UBN = "10458575"


@pytest.fixture
def jobs_clerk(db):
    return make_staff("jobs_clerk", "clerk", "employment")


@pytest.fixture
def jobs_case_manager(db):
    return make_staff("jobs_case_manager", "case_manager", "employment")


@pytest.fixture
def jobs_supervisor(db):
    return make_staff("jobs_supervisor", "supervisor", "employment")


def make_employer(username: str, ubn: str, name: str, *, verified=True) -> EmployerAccount:
    user = get_user_model().objects.create_user(username=username, email=username, password="pw-" + username)
    org, _ = Organization.objects.get_or_create(ubn=ubn, defaults={"name": name, "kind": "employer"})
    return EmployerAccount.objects.create(
        user=user, organization=org, contact_name="王經理", phone="06-2000000", is_verified=verified
    )


@pytest.fixture
def employer(db):
    """An employer user (verified account of 安平好食股份有限公司)."""
    return make_employer("hr@anping.example", EMPLOYER_UBN, "安平好食股份有限公司").user


@pytest.fixture
def other_employer(db):
    return make_employer("hr@other.example", OTHER_UBN, "永康精密有限公司").user


def make_seeker(email: str, name: str, *, birth_date=date(2000, 5, 1)) -> SeekerProfile:
    user = get_user_model().objects.create_user(username=email, email=email, password="pw-" + email)
    return SeekerProfile.objects.create(user=user, display_name=name, birth_date=birth_date)


@pytest.fixture
def seeker(db):
    """A job seeker's user (SeekerProfile 林小青, born 2000)."""
    return make_seeker("young@example.tw", "林小青").user


@pytest.fixture
def other_seeker(db):
    return make_seeker("other@example.tw", "陳大明", birth_date=date(1975, 1, 1)).user


def vacancy_fields(**overrides) -> dict:
    """The fields an employer fills in for a vacancy (a valid full-time job in 南區)."""
    today = timezone.localdate()
    data = {
        "title": "門市人員",
        "description": "負責門市銷售、收銀與商品陳列。",
        "occupation": Occupation.SALES,
        "industry": Industry.objects.get(code="G"),
        "district": District.objects.get(postcode="702"),
        "address": "臺南市南區健康路一段1號",
        "employment_type": EmploymentType.FULL_TIME,
        "salary_type": SalaryType.MONTHLY,
        "salary_min": 32000,
        "salary_max": 36000,
        "working_hours": "早班 08:00–17:00",
        "openings": 2,
        "requirements": "具服務熱忱。",
        "contact_name": "王經理",
        "contact_phone": "06-2000000",
        "posted_on": today,
        "expires_on": today + timedelta(days=30),
    }
    data.update(overrides)
    return data


def make_vacancy(org: Organization, **fields) -> Vacancy:
    data = vacancy_fields(employer=org, status=VacancyStatus.PUBLISHED, published_at=timezone.now())
    data.update(fields)
    from hopehome.core.search import index_text

    vacancy = Vacancy(**data)
    vacancy.search_tokens = index_text(vacancy.title, vacancy.description, vacancy.requirements, org.name)
    vacancy.save()
    return vacancy


@pytest.fixture
def vacancy(employer):
    """A published vacancy of the ``employer`` fixture's organization."""
    return make_vacancy(employer.employer_account.organization)
