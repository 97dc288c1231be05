"""GET /api/v1/training/courses and /courses/{code}: public courses only, filters, pagination."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hopehome.core.models import District, TargetGroup
from hopehome.training.choices import CourseCategory, CourseStatus, EnrollmentStatus
from tests.api.test_errors import assert_error_shape
from tests.outcomes.records import build_2019, enroll, person

pytestmark = pytest.mark.django_db
URL = "/api/v1/training/courses"
S = EnrollmentStatus


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_it_lists_only_public_courses(client, make_course):
    for status in CourseStatus.values:
        make_course(code=f"K-{status}", status=status)
    assert sorted(codes(client.get(URL))) == ["K-finished", "K-in_progress", "K-open"]


def test_an_item_describes_the_course_for_the_public(client, make_course):
    course = make_course(code="CARE01", title="照顧服務員訓練班", category=CourseCategory.CARE_WORKER,
                         application_deadline=date(2030, 2, 15), subsidy=24000, trainee_fee=0)  # fmt: skip
    course.target_groups.set(TargetGroup.objects.filter(code__in=["youth", "middle_aged"]))
    for n, status in enumerate([S.ADMITTED, S.ADMITTED, S.ATTENDING, S.WAITLISTED, S.WITHDRAWN]):
        enroll(course, person(n), status)
    item = client.get(URL).json()["items"][0]
    assert item["code"] == "CARE01"
    assert item["category"] == {"value": "care_worker", "label": "照顧服務員訓練"}
    assert item["provider"] == "臺南市職業訓練就業服務中心"
    assert item["capacity"] == 20
    assert item["seats_left"] == 17  # two admitted and one attending hold seats
    assert item["starts_on"] == "2030-03-01"
    assert item["application_deadline"] == "2030-02-15"
    assert item["district"] == {"postcode": "700", "name": "中西區"}
    assert sorted(item["target_groups"]) == ["middle_aged", "youth"]
    assert item["status"] == "open"
    assert item["accepting_applications"] is True
    assert item["subsidy"] == 24000
    assert item["url"] == "/training/CARE01/"


def test_it_paginates_with_a_total_count(client, make_course):
    for n in range(25):
        make_course(
            code=f"P{n:02d}",
            starts_on=date(2030, 1, 1) + timedelta(days=n),
            ends_on=date(2030, 12, 31),
        )
    first = client.get(URL, {"page_size": 10}).json()
    third = client.get(URL, {"page_size": 10, "page": 3}).json()
    beyond = client.get(URL, {"page_size": 10, "page": 9}).json()
    assert (first["count"], first["page"], first["page_size"], first["pages"]) == (25, 1, 10, 3)
    assert [i["code"] for i in first["items"]][:2] == ["P24", "P23"]  # newest start first
    assert [i["code"] for i in third["items"]] == ["P04", "P03", "P02", "P01", "P00"]
    assert beyond["items"] == [] and beyond["count"] == 25


def test_the_number_of_queries_does_not_grow_with_the_page_size(
    client, make_course, django_assert_max_num_queries
):
    groups = list(TargetGroup.objects.all()[:2])
    for n in range(30):
        course = make_course(code=f"Q{n:02d}")
        course.target_groups.set(groups)
    with django_assert_max_num_queries(3):
        small = client.get(URL, {"page_size": 2})
    with django_assert_max_num_queries(3):
        large = client.get(URL, {"page_size": 100})
    assert len(small.json()["items"]) == 2
    assert len(large.json()["items"]) == 30


def test_it_searches_the_folded_title(client, make_course):
    make_course(code="B1", title="臺南烘焙丙級班")
    make_course(code="B2", title="電腦輔助製圖班")
    assert codes(client.get(URL, {"q": "台南 烘焙"})) == ["B1"]
    assert codes(client.get(URL, {"q": "ｂ２"})) == ["B2"]  # full width folds to b2


def test_it_filters_by_category_district_target_group_and_year(client, make_course):
    make_course(code="F1", category=CourseCategory.LEISURE, district=District.objects.get(postcode="710"),
                starts_on=date(2019, 3, 1), ends_on=date(2019, 5, 1), status=CourseStatus.FINISHED)  # fmt: skip
    youth = make_course(code="F2")
    youth.target_groups.add(TargetGroup.objects.get(code="youth"))
    assert codes(client.get(URL, {"category": "leisure"})) == ["F1"]
    assert codes(client.get(URL, {"district": "710"})) == ["F1"]
    assert codes(client.get(URL, {"target_group": "youth"})) == ["F2"]
    assert codes(client.get(URL, {"year": 2019})) == ["F1"]
    assert codes(client.get(URL, {"year": 2030})) == ["F2"]


def test_it_filters_courses_accepting_applications(client, make_course):
    today = timezone.localdate()
    make_course(code="A-open", application_deadline=None)
    make_course(
        code="A-late",
        starts_on=today + timedelta(days=5),
        application_deadline=today - timedelta(days=1),
    )
    make_course(code="A-running", status=CourseStatus.IN_PROGRESS)
    assert codes(client.get(URL, {"accepting": "true"})) == ["A-open"]
    assert sorted(codes(client.get(URL, {"accepting": "false"}))) == ["A-late", "A-running"]


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"page": "abc"}, "page", "int_parsing"),
        ({"page": "-1"}, "page", "greater_than_equal"),
        ({"page_size": "100000"}, "page_size", "less_than_equal"),
        ({"page_size": "0"}, "page_size", "greater_than_equal"),
        ({"year": "abc"}, "year", "int_parsing"),
        ({"year": "99999"}, "year", "less_than_equal"),
        ({"category": "cooking"}, "category", "enum"),
        ({"district": "7OO"}, "district", "string_pattern_mismatch"),
        ({"district": "999"}, "district", "unknown_district"),
        ({"target_group": "astronauts"}, "target_group", "unknown_target_group"),
        ({"accepting": "maybe"}, "accepting", "bool_parsing"),
        ({"q": "字" * 101}, "q", "string_too_long"),
    ],
)
def test_a_bad_parameter_is_a_422_naming_it(client, params, field, code):
    response = client.get(URL, params)
    assert response.status_code == 422
    error = assert_error_shape(response.json(), "validation_error")
    assert [(d["field"], d["code"]) for d in error["details"]] == [(field, code)]
    assert error["details"][0]["location"] == "query"
    assert "「" in error["details"][0]["message"] or "找不到" in error["details"][0]["message"]


def test_every_bad_parameter_is_reported_at_once(client):
    response = client.get(URL, {"page": "abc", "page_size": "100000", "year": "1999"})
    fields = {d["field"] for d in response.json()["error"]["details"]}
    assert fields == {"page", "page_size", "year"}


def test_a_course_is_found_by_code(client, make_course):
    make_course(code="D1", description="學習 CAD 製圖。")
    response = client.get(f"{URL}/D1")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "D1"
    assert body["description"] == "學習 CAD 製圖。"
    assert body["admission_mode"]["value"] == "first_come"


@pytest.mark.parametrize("code", ["NOPE", "DRAFT1", "GONE1"])
def test_an_unknown_draft_or_cancelled_course_is_404_in_the_error_shape(client, make_course, code):
    make_course(code="DRAFT1", status=CourseStatus.DRAFT)
    make_course(code="GONE1", status=CourseStatus.CANCELLED)
    response = client.get(f"{URL}/{code}")
    assert response.status_code == 404
    assert_error_shape(response.json(), "not_found")


def test_no_personal_data_appears_in_any_response(client, make_course, provider):
    records = build_2019(make_course, provider)
    someone = records["people"][0]
    pages = [URL, f"{URL}/U2019A", f"{URL}?year=2019", "/api/v1/outcomes/2019", "/api/v1/outcomes"]
    for page in pages:
        content = client.get(page).content.decode()
        assert someone.name not in content, page
        assert someone.id_number not in content, page
        assert someone.masked_id not in content, page


def test_empty_filters_mean_no_filter(client, make_course):
    make_course(code="E1")
    params = {
        "q": "",
        "category": "",
        "district": "",
        "target_group": "",
        "accepting": "",
        "year": "",
    }
    assert codes(client.get(URL, params)) == ["E1"]
