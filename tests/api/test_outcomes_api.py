"""GET /api/v1/outcomes and /api/v1/outcomes/{year}."""

import pytest

from hopehome.outcomes import registry
from tests.api.test_errors import assert_error_shape
from tests.outcomes.records import build_2019

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_every_registered_indicator(client):
    catalogue = client.get("/api/v1/outcomes").json()
    assert [m["key"] for m in catalogue] == [i.key for i in registry.all_indicators()]
    rate = next(m for m in catalogue if m["key"] == "training.employment_rate.unemployed")
    assert rate["unit"] == "%" and rate["pillar"] == "talent" and rate["program"] == 1
    assert rate["title_zh"] == "失業者職前訓練訓後就業率"
    assert rate["title_en"]


def test_a_year_gives_every_indicator_computed_from_the_records(client, make_course, provider):
    build_2019(make_course, provider)
    body = client.get("/api/v1/outcomes/2019").json()
    assert body["year"] == 2019
    assert set(body["indicators"]) == {i.key for i in registry.all_indicators()}
    rate = body["indicators"]["training.employment_rate.unemployed"]
    assert (rate["value"], rate["numerator"], rate["denominator"]) == (60.0, 3, 5)
    assert rate["title_zh"] == "失業者職前訓練訓後就業率" and rate["unit"] == "%"
    assert "by_unit" not in rate
    completers = body["indicators"]["training.completers"]
    assert (completers["value"], completers["denominator"]) == (4, 6)
    streak = body["indicators"]["ttqs.gold_streak"]
    assert streak["value"] == 2
    assert streak["by_unit"]["臺南市職業訓練就業服務中心"]["value"] == 2


def test_a_year_without_records_still_answers(client):
    body = client.get("/api/v1/outcomes/2005").json()
    rate = body["indicators"]["training.employment_rate.care_worker"]
    assert rate["value"] is None and rate["denominator"] == 0


@pytest.mark.parametrize(
    ("year", "code"),
    [("abc", "int_parsing"), ("1999", "greater_than_equal"), ("99999", "less_than_equal")],
)
def test_a_bad_year_is_422_in_the_error_shape(client, year, code):
    response = client.get(f"/api/v1/outcomes/{year}")
    assert response.status_code == 422
    detail = assert_error_shape(response.json(), "validation_error")["details"][0]
    assert (detail["field"], detail["location"], detail["code"]) == ("year", "path", code)
    assert "year" in detail["message"]
