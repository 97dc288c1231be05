"""The register over the API: /api/v1/inspection/penalties and /statistics/{year}."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.cache import cache

from hopehome.inspection.choices import AppealStatus, Law, PenaltyEventKind, PenaltyStatus
from hopehome.inspection.models import Penalty, PenaltyEvent

from .test_register import build_inspections, build_register_data, make_org, make_penalty

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_statistics_cache():
    cache.clear()


@pytest.fixture
def register_data(db):
    return build_register_data()


@pytest.fixture
def inspections_2019(register_data, inspector):
    return build_inspections(register_data, inspector)


LIST = "/api/v1/inspection/penalties"


def api(client, path, **params):
    response = client.get(path, params)
    return response, response.json()


def numbers(body) -> set[str]:
    return {item["disposition_number"] for item in body["items"]}


def test_the_list_returns_published_entries_with_items_and_count(client, register_data):
    response, body = api(client, LIST)
    assert response.status_code == 200
    assert body["count"] == 5 and len(body["items"]) == 5 and body["count_capped"] is False
    assert body["page"] == 1 and body["page_size"] == 20 and body["pages"] == 1
    assert register_data["decided"].disposition_number not in numbers(body)
    assert register_data["withdrawn"].disposition_number not in numbers(body)
    item = next(
        i
        for i in body["items"]
        if i["disposition_number"] == register_data["acme_2020"].disposition_number
    )
    assert (
        item["unit_name"] == "臺南精密工業股份有限公司" and item["responsible_person"] == "王小明"
    )
    assert item["decided_on"] == "2020-03-02" and item["authority"] == "臺南市政府"
    assert [(i["law"]["value"], i["article"]) for i in item["items"]] == [
        ("lsa", "第32條第2項"),
        ("lsa", "第24條"),
    ]
    assert (
        item["items"][0]["law"]["label"] == "勞動基準法"
        and item["items"][0]["description"] == "延長工時超過上限"
    )
    assert item["amount"] == 30000 and item["under_appeal"] is True
    assert item["appeal_status"] == {"value": "appeal_pending", "label": "訴願中"}
    assert item["source"]["value"] == "bureau" and item["ubn"] == "12345675"
    assert item["url"] == f"/violations/units/{register_data['acme'].pk}/"


def test_the_list_exposes_only_public_fields(client, register_data):
    _, body = api(client, LIST)
    keys = set(body["items"][0])
    for private in ("search_tokens", "raw_name", "row_hash", "inspection", "organization", "status", "parse_confidence",
                    "withdrawal_note", "complainant_name", "recorded_by"):  # fmt: skip
        assert private not in keys


def test_an_unpublished_amount_is_null_not_zero(client, register_data):
    _, body = api(client, LIST, q="麵店")
    assert body["count"] == 1 and body["items"][0]["amount"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "麵店"}, {"noodle_2019"}),
        ({"q": "臺南汽車"}, {"imported"}),
        ({"q": "王小明"}, {"acme_2019", "acme_2020"}),
        ({"q": "12345675"}, {"acme_2019", "acme_2020"}),
        ({"law": "gender"}, {"noodle_2019"}),
        ({"article": "第32條"}, {"acme_2020"}),
        ({"year": "2020"}, {"acme_2020"}),
        ({"industry": "i"}, {"noodle_2019"}),
        ({"district": "704"}, {"noodle_2019"}),
        ({"under_appeal": "true"}, {"acme_2020"}),
        ({"source": "mol_import"}, {"imported", "person_only"}),
        ({"year": ""}, {"acme_2019", "acme_2020", "noodle_2019", "imported", "person_only"}),
    ],
)
def test_the_list_filters_like_the_register(client, register_data, params, expected):
    response, body = api(client, LIST, **params)
    assert response.status_code == 200, body
    assert numbers(body) == {register_data[k].disposition_number for k in expected}
    assert body["count"] == len(expected)


def test_the_list_paginates(client, register_data):
    _, first = api(client, LIST, page_size=2)
    _, third = api(client, LIST, page_size=2, page=3)
    _, beyond = api(client, LIST, page_size=2, page=9)
    assert first["count"] == 5 and first["pages"] == 3 and len(first["items"]) == 2
    assert len(third["items"]) == 1
    assert beyond["items"] == [] and beyond["count"] == 5
    _, by_amount = api(client, LIST, sort="amount")
    assert by_amount["items"][0]["amount"] == 50000 and by_amount["items"][-1]["amount"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"year": "1800"}, "year"),
        ({"year": "9999"}, "year"),
        ({"year": "2019x"}, "year"),
        ({"law": "nonsense"}, "law"),
        ({"article": "twenty"}, "article"),
        ({"industry": "Z"}, "industry"),
        ({"district": "999"}, "district"),
        ({"district": "abc"}, "district"),
        ({"under_appeal": "maybe"}, "under_appeal"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_bad_parameters_answer_in_the_error_shape(client, register_data, params, field):
    response, body = api(client, LIST, **params)
    assert response.status_code == 422
    assert body["error"]["code"] == "validation_error"
    assert [d["field"] for d in body["error"]["details"]] == [field]
    assert body["error"]["details"][0]["message"]


def test_one_penalty_with_its_history(client, register_data):
    p = register_data["acme_2019"]
    PenaltyEvent.objects.create(
        penalty=p, kind=PenaltyEventKind.ISSUED, occurred_on=date(2019, 6, 10), amount_after=80000
    )
    PenaltyEvent.objects.create(penalty=p, kind=PenaltyEventKind.REDUCED, occurred_on=date(2019, 10, 1),
                                amount_after=50000, note="內部備註")  # fmt: skip
    response, body = api(client, f"{LIST}/{p.pk}")
    assert response.status_code == 200
    assert body["initial_amount"] == 80000 and body["amount"] == 50000
    assert [(e["kind"]["value"], e["amount_after"]) for e in body["events"]] == [
        ("issued", 80000),
        ("reduced", 50000),
    ]
    assert "內部備註" not in json.dumps(body, ensure_ascii=False)


def test_unpublished_or_missing_penalties_are_not_found(client, register_data):
    for key in ("decided", "withdrawn"):
        response, body = api(client, f"{LIST}/{register_data[key].pk}")
        assert response.status_code == 404 and body["error"]["code"] == "not_found"
    assert api(client, f"{LIST}/999999")[0].status_code == 404
    assert api(client, f"{LIST}/abc")[0].status_code == 422


def test_a_penalty_withdrawn_after_publication_disappears(client, register_data):
    p = register_data["acme_2020"]
    assert api(client, f"{LIST}/{p.pk}")[0].status_code == 200
    Penalty.objects.filter(pk=p.pk).update(
        status=PenaltyStatus.WITHDRAWN, appeal_status=AppealStatus.REVOKED
    )
    assert api(client, f"{LIST}/{p.pk}")[0].status_code == 404
    assert p.disposition_number not in numbers(api(client, LIST)[1])


def test_the_list_uses_a_constant_number_of_queries(client, django_assert_max_num_queries, db):
    org = make_org("計數測試股份有限公司", person="周杰")
    for _ in range(5):
        make_penalty(org=org, items=((Law.LSA, "第24條", "a"), (Law.LSA, "第30條", "b")))
    with django_assert_max_num_queries(4):
        assert api(client, LIST, q="計數", page_size=100)[1]["count"] == 5
    for _ in range(45):
        make_penalty(org=org, items=((Law.LSA, "第24條", "a"), (Law.LSA, "第30條", "b")))
    with django_assert_max_num_queries(4):
        body = api(client, LIST, q="計數", page_size=100)[1]
    assert body["count"] == 50 and len(body["items"]) == 50


def test_statistics_of_a_year(client, inspections_2019):
    response, body = api(client, "/api/v1/inspection/statistics/2019")
    assert response.status_code == 200
    assert body["year"] == 2019 and body["inspections_total"] == 3
    assert body["inspections_by_month"][3] == {"month": 4, "count": 2}
    assert {t["value"]: t["count"] for t in body["inspections_by_type"]} == {
        "labor_conditions": 2,
        "osh": 1,
        "project": 0,
    }
    assert {i["value"]: i["count"] for i in body["inspections_by_industry"]} == {"C": 2, "I": 1}
    assert {v["value"]: v["count"] for v in body["violations_by_law"]} == {
        "lsa": 2,
        "gender": 1,
        "esa": 1,
    }
    assert body["penalty_totals"] == {"count": 4, "amount": 70000, "amount_unpublished": 2, "under_appeal": 0,
                                      "bureau": 2, "mol_import": 2}  # fmt: skip
    assert body["counselled_units"] == [{"name": "阿明麵店", "industry_code": "I", "industry": "住宿及餐飲業",
                                         "visited_on": "2019-08-08"}]  # fmt: skip
    assert "檢舉人甲乙" not in response.content.decode()


@pytest.mark.parametrize("year", ["1999", "9999", "abc"])
def test_statistics_of_a_bad_year_answer_in_the_error_shape(client, db, year):
    response, body = api(client, f"/api/v1/inspection/statistics/{year}")
    assert response.status_code == 422
    assert body["error"]["details"][0]["field"] == "year"


def test_no_api_answer_reveals_the_complainant(client, inspections_2019):
    for path in (
        LIST,
        f"{LIST}/{Penalty.objects.filter(status='published').first().pk}",
        "/api/v1/inspection/statistics/2019",
    ):
        text = client.get(path).content.decode()
        assert "檢舉人甲乙" not in text and "0912000111" not in text and "長期加班" not in text


def test_a_total_over_the_cap_is_reported_as_capped(client, register_data, monkeypatch):
    from hopehome.inspection import queries

    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    response, body = api(client, LIST)
    assert response.status_code == 200
    assert body["count_capped"] is True and body["count"] == 3
    assert len(body["items"]) == 5  # the page itself is complete
