"""Reference data endpoints and the OpenAPI schema."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_the_37_districts_with_postcode_and_both_names(client):
    response = client.get("/api/v1/districts")
    assert response.status_code == 200
    districts = response.json()
    assert len(districts) == 37
    first = districts[0]
    assert first["postcode"] == "700"
    assert first["name_zh"] == "中西區"
    assert first["name_en"] == "West Central District"


def test_it_answers_in_english_when_asked(client):
    response = client.get("/api/v1/districts", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()[0]["name"] == "West Central District"


def test_it_lists_industry_sections_a_to_s_with_their_revision(client):
    industries = client.get("/api/v1/industries").json()
    assert [i["code"] for i in industries] == [chr(c) for c in range(ord("A"), ord("S") + 1)]
    assert {i["revision"] for i in industries} == {"11"}
    assert industries[2]["name_zh"] == "製造業"


def test_it_lists_target_groups_by_code(client):
    groups = client.get("/api/v1/target-groups").json()
    codes = [g["code"] for g in groups]
    assert "youth" in codes and "migrant_worker" in codes
    assert all(g["name_zh"] and g["name_en"] for g in groups)


def test_the_openapi_schema_is_valid_json_with_every_path(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/districts", "/api/v1/industries", "/api/v1/target-groups",
        "/api/v1/training/courses", "/api/v1/training/courses/{code}",
        "/api/v1/outcomes", "/api/v1/outcomes/{year}",
    ):  # fmt: skip
        assert path in schema["paths"], path
    assert "ErrorOut" in schema["components"]["schemas"]


def test_the_docs_page_is_served(client):
    assert client.get("/api/v1/docs").status_code == 200
