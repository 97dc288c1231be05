"""Open vacancies over the API: GET /api/v1/vacancies and /api/v1/vacancies/{id}."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hopehome.core.models import District, Organization
from hopehome.jobs.choices import EmploymentType, SalaryType, VacancyStatus

from .conftest import make_vacancy

pytestmark = pytest.mark.django_db

LIST = "/api/v1/vacancies"


@pytest.fixture
def org(employer):
    return employer.employer_account.organization


def get(client, path=LIST, **params):
    response = client.get(path, params)
    return response, response.json()


def found(body) -> list[int]:
    return [item["id"] for item in body["items"]]


def test_search_answers_items_and_count(client, org):
    nurse = make_vacancy(
        org,
        title="護理師",
        description="病房照護。",
        salary_type=SalaryType.MONTHLY,
        salary_min=42000,
        salary_max=48000,
        friendly_disability=True,
        access_step_free=True,
        screen_findings=[{"category": "age", "phrase": "45歲以下", "sentence": "限45歲以下。"}],
        rejection_reason="內部說明",
    )
    make_vacancy(org, title="門市人員")
    response, body = get(client, q="護理")
    assert response.status_code == 200
    assert set(body) == {"items", "count", "count_capped", "page", "pages", "page_size", "sort"}
    assert body["count"] == 1 and body["count_capped"] is False
    assert body["page"] == 1 and body["pages"] == 1 and body["page_size"] == 20
    assert body["sort"] == "relevance"
    item = body["items"][0]
    assert item["id"] == nurse.pk and item["title"] == "護理師"
    assert item["employer"] == {"name": "安平好食股份有限公司", "ubn": "04595257"}
    assert item["district"] == {"postcode": "702", "name": "南區"}
    assert item["industry"]["code"] == "G"
    assert item["salary"] == {
        "type": {"value": "monthly", "label": "月薪"},
        "min": 42000,
        "max": 48000,
        "monthly_equivalent": 42000,
    }
    assert item["friendly"] == [{"value": "disability", "label": "身障友善"}]
    assert item["access"] == [{"value": "step_free", "label": "無障礙通行（無階梯）"}]
    assert item["url"] == f"/jobs/{nurse.pk}/"


def test_items_carry_public_fields_only(client, org):
    make_vacancy(
        org, screen_findings=[{"category": "sex", "phrase": "限女性", "sentence": "限女性。"}]
    )
    _, body = get(client)
    item = body["items"][0]
    for private in ("screen_findings", "rejection_reason", "created_by", "reviewed_by", "search_tokens",
                    "status", "submitted_at", "created_at"):  # fmt: skip
        assert private not in item
    assert "限女性" not in str(body)


def test_filters_as_parameters_and_repeated_lists(client, org):
    yongkang = District.objects.get(postcode="710")
    both = make_vacancy(org, district=yongkang, employment_type=EmploymentType.PART_TIME,
                        friendly_youth=True, friendly_disability=True, access_screen_reader=True)  # fmt: skip
    youth_only = make_vacancy(org, friendly_youth=True)
    _, body = get(client, friendly=["youth", "disability"])
    assert found(body) == [both.pk]
    _, body = get(client, friendly="youth")
    assert set(found(body)) == {both.pk, youth_only.pk}
    _, body = get(client, district="710", employment_type="part_time", access="screen_reader")
    assert found(body) == [both.pk]
    _, body = get(client, industry="g", occupation="sales", salary_min="30000")
    assert body["count"] == 2


def test_blank_parameters_mean_no_filter(client, org):
    make_vacancy(org)
    response, body = get(
        client, q="", district="", industry="", salary_min="", sort="", friendly=""
    )
    assert response.status_code == 200 and body["count"] == 1


def test_chinese_folding_through_the_api(client, org):
    v = make_vacancy(org, title="臺南ＰＹＴＨＯＮ工程師")
    for q in ("台南", "臺南", "python工程師", "Ｐｙｔｈｏｎ"):
        _, body = get(client, q=q)
        assert found(body) == [v.pk], q


def test_sorts_and_pages(client, org):
    today = timezone.localdate()
    made = [
        make_vacancy(
            org, title="作業員", posted_on=today - timedelta(days=i % 5), salary_min=30000 + i * 100
        )
        for i in range(25)
    ]
    _, first = get(client, sort="salary")
    assert found(first)[:3] == [made[24].pk, made[23].pk, made[22].pk]
    assert first["pages"] == 2 and first["count"] == 25
    _, second = get(client, sort="newest", page=2)
    newest = sorted(made, key=lambda v: (v.posted_on, v.pk), reverse=True)
    assert found(second) == [v.pk for v in newest[20:]]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"district": "999"}, "district"),
        ({"district": "abc"}, "district"),
        ({"industry": "Z"}, "industry"),
        ({"industry": "CC"}, "industry"),
        ({"occupation": "pilot"}, "occupation"),
        ({"employment_type": "forever"}, "employment_type"),
        ({"salary_min": "-1"}, "salary_min"),
        ({"salary_min": "很多"}, "salary_min"),
        ({"friendly": ["youth", "vip"]}, "friendly"),
        ({"access": "elevator"}, "access"),
        ({"sort": "random"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "501"}, "page"),
        ({"q": "門" * 101}, "q"),
    ],
)
def test_bad_parameters_answer_the_error_shape(client, org, params, field):
    make_vacancy(org)
    response, body = get(client, **params)
    assert response.status_code == 422
    assert body["error"]["code"] == "validation_error"
    assert body["error"]["message"]
    assert any(
        d["field"] == field and d["location"] == "query" and d["message"]
        for d in body["error"]["details"]
    )


def test_one_vacancy(client, org):
    v = make_vacancy(org, title="清潔人員")
    response, body = get(client, f"{LIST}/{v.pk}")
    assert response.status_code == 200
    assert body["id"] == v.pk and body["title"] == "清潔人員"
    assert body["contact"] == {"name": "王經理", "phone": "06-2000000", "email": ""}


@pytest.mark.parametrize(
    "changes",
    [
        {"status": VacancyStatus.DRAFT},
        {"status": VacancyStatus.PENDING},
        {"status": VacancyStatus.REJECTED},
        {"status": VacancyStatus.CLOSED},
        {"status": VacancyStatus.EXPIRED},
        {"past": True},
    ],
)
def test_vacancies_not_open_are_not_found(client, org, changes):
    if changes.pop("past", False):
        today = timezone.localdate()
        changes = {"posted_on": today - timedelta(days=30), "expires_on": today - timedelta(days=1)}
    v = make_vacancy(org, title="護理師", **changes)
    response, body = get(client, f"{LIST}/{v.pk}")
    assert response.status_code == 404 and body["error"]["code"] == "not_found"
    _, listing = get(client, q="護理")
    assert listing["count"] == 0 and listing["items"] == []
    response, body = get(client, f"{LIST}/0")
    assert response.status_code == 422
    response, body = get(client, f"{LIST}/abc")
    assert response.status_code in (404, 422) and "error" in body


def queries_of(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "門市"},
        {"q": "門"},
        {"q": "門市", "sort": "salary", "district": "702", "industry": "G", "friendly": ["youth"]},
        {"sort": "newest", "access": ["step_free", "flexible_hours"], "salary_min": "30000"},
    ],
)
def test_a_page_costs_the_same_number_of_queries_whatever_it_holds(client, org, params):
    other = Organization.objects.create(name="府城便利商店有限公司", kind="employer")
    flags = {"friendly_youth": True, "access_step_free": True, "access_flexible_hours": True}
    make_vacancy(org, **flags)
    few = queries_of(client, **params)
    for i in range(15):
        make_vacancy(other if i % 2 else org, **flags)
    many = queries_of(client, **params)
    assert few == many
    assert many <= 8
