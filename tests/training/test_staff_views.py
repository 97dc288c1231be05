"""Back-office screens of program 1: courses, enrolments, follow-up, TTQS and figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hopehome.core.models import TargetGroup
from hopehome.training import services
from hopehome.training.choices import CourseStatus, EnrollmentStatus, TTQSGrade
from hopehome.training.models import Course, EmploymentFollowUp, Enrollment, TTQSEvaluation
from tests.conftest import VALID_IDS
from tests.training.test_portal_views import assert_sound_html

pytestmark = pytest.mark.django_db

PAST = {"starts_on": date(2024, 1, 8), "ends_on": date(2024, 6, 28), "status": CourseStatus.FINISHED}


def enrol(actor, course, id_number, name="學員") -> Enrollment:
    return services.apply(actor, course, services.Applicant(id_number=id_number, name=name), channel="counter")


def completed(actor, course, id_number, name="學員") -> Enrollment:
    enrollment = enrol(actor, course, id_number, name)
    services.start_attending(actor, enrollment)
    return services.record_outcome(actor, enrollment, EnrollmentStatus.COMPLETED, hours_attended=course.hours)


def ttqs_post(provider, **overrides) -> dict:
    data = {
        "organization": provider.pk,
        "year": 2024,
        "form_type": "provider",
        "assessor": "陳委員",
        "evaluated_on": "113/05/20",
        "note": "",
        **{f"score_{no}": 4 for no in range(1, 20)},
    }
    data.update(overrides)
    return data


# --- access ---------------------------------------------------------------------------------
def staff_urls(course, enrollment) -> list[str]:
    return [
        reverse("training_staff:courses"),
        reverse("training_staff:course_create"),
        reverse("training_staff:course_edit", args=[course.code]),
        reverse("training_staff:course_detail", args=[course.code]),
        reverse("training_staff:enrollment_outcome", args=[enrollment.pk]),
        reverse("training_staff:followup", args=[enrollment.pk]),
        reverse("training_staff:ttqs"),
        reverse("training_staff:ttqs_create"),
        reverse("training_staff:figures"),
    ]


def test_staff_pages_are_reachable_by_a_clerk(client, clerk, course):
    enrollment = enrol(clerk, course, VALID_IDS[0])
    client.force_login(clerk)
    for url in staff_urls(course, enrollment):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_sound_html(response.content.decode())


def test_staff_pages_are_forbidden_to_an_outsider(client, clerk, outsider, course):
    enrollment = enrol(clerk, course, VALID_IDS[0])
    client.force_login(outsider)
    for url in [*staff_urls(course, enrollment), reverse("training_staff:ttqs_bands")]:
        assert client.get(url).status_code == 403, url
    action = reverse("training_staff:enrollment_action", args=[enrollment.pk, "withdraw"])
    assert client.post(action).status_code == 403
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ADMITTED


def test_staff_pages_send_the_anonymous_to_login(client, clerk, course):
    enrollment = enrol(clerk, course, VALID_IDS[0])
    for url in staff_urls(course, enrollment):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("staff:login"))


def test_a_citizen_account_is_not_staff(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("training_staff:courses")).status_code == 403


def test_the_roster_upload_address_is_not_taken_for_a_course_code(client, clerk):
    from django.urls import resolve

    match = resolve("/staff/training/import/")
    assert match.namespace == "training_import"


# --- courses --------------------------------------------------------------------------------
def test_course_list_filters_and_counts_by_status(client, clerk, make_course, django_assert_max_num_queries):
    make_course(title="二〇二四年課程", **PAST)
    for n in range(30):
        course = make_course(title=f"開放課程 {n}")
    enrol(clerk, course, VALID_IDS[0])
    make_course(title="草稿課程", status=CourseStatus.DRAFT)
    client.force_login(clerk)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("training_staff:courses"))
    html = response.content.decode()
    assert "招生中：30 門" in html
    assert "已結訓：1 門" in html
    assert "草稿：1 門" in html
    assert "共 32 門課程" in html
    assert 'rel="next"' in html
    filtered = client.get(reverse("training_staff:courses"), {"year": "2024", "status": "finished"}).content.decode()
    assert "二〇二四年課程" in filtered
    assert "開放課程 1" not in filtered
    assert client.get(reverse("training_staff:courses"), {"year": "abc", "provider": "x"}).status_code == 200


def test_a_clerk_creates_a_course_with_target_groups(client, clerk, provider):
    client.force_login(clerk)
    groups = TargetGroup.objects.filter(code__in=["youth", "disabled"])
    response = client.post(reverse("training_staff:course_create"), {
        "code": "114-UN-01", "title": "網頁設計班", "category": "unemployed", "provider": provider.pk,
        "hours": 400, "capacity": 25, "starts_on": "114/03/03", "ends_on": "2025-07-31",
        "subsidy": 30000, "trainee_fee": 0, "admission_mode": "screening", "status": "open",
        "target_groups": [g.pk for g in groups],
    })  # fmt: skip
    assert response.status_code == 302
    course = Course.objects.get(code="114-UN-01")
    assert course.starts_on == date(2025, 3, 3)
    assert set(course.target_groups.values_list("code", flat=True)) == {"youth", "disabled"}
    assert response["Location"] == reverse("training_staff:course_detail", args=["114-UN-01"])


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [({"ends_on": "2025-01-01"}, "ends_on", "結訓日期不可早於開訓日期"),
     ({"code": "import"}, "code", "系統保留字"),
     ({"code": "a/b"}, "code", "只能使用英文字母"),
     ({"capacity": 0}, "capacity", "1"),
     ({"starts_on": "2025-02-30"}, "starts_on", "不是存在的日期")],
)  # fmt: skip
def test_course_form_rejects_bad_input_and_changes_nothing(client, clerk, provider, overrides, field, message):
    client.force_login(clerk)
    data = {"code": "X-1", "title": "班", "category": "unemployed", "provider": provider.pk, "hours": 10,
            "capacity": 5, "starts_on": "2025-03-01", "ends_on": "2025-04-01", "subsidy": 0,
            "trainee_fee": 0, "admission_mode": "first_come", "status": "open", **overrides}  # fmt: skip
    response = client.post(reverse("training_staff:course_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_{field}"' in html
    assert message in html
    assert Course.objects.count() == 0


def test_course_edit_refuses_a_capacity_below_the_seats_held(client, clerk, make_course):
    course = make_course(capacity=3)
    for id_number in VALID_IDS[:2]:
        enrol(clerk, course, id_number)
    client.force_login(clerk)
    form = client.get(reverse("training_staff:course_edit", args=[course.code])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "target_groups"}
    data.update(provider=course.provider_id, district=course.district_id, capacity=1)
    response = client.post(reverse("training_staff:course_edit", args=[course.code]), data)
    assert "名額不可少於已錄取人數" in response.content.decode()
    course.refresh_from_db()
    assert course.capacity == 3
    data["capacity"] = 5
    data["title"] = "改名後的班"
    response = client.post(reverse("training_staff:course_edit", args=[course.code]), data)
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.capacity, course.title) == (5, "改名後的班")


def test_course_detail_lists_enrolments_masked_with_few_queries(client, clerk, make_course,
                                                               django_assert_max_num_queries):  # fmt: skip
    course = make_course(capacity=5)
    for n, id_number in enumerate(VALID_IDS):
        enrol(clerk, course, id_number, name=f"學員{n}")
    client.force_login(clerk)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("training_staff:course_detail", args=[course.code]))
    html = response.content.decode()
    assert "A12****789" in html
    assert "A123456789" not in html
    assert html.count("備取</td>") == 2
    person = Enrollment.objects.filter(course=course).first().person
    assert reverse("staff:person", args=[person.pk]) in html
    assert "待追蹤" in html


def test_course_detail_shows_the_employment_rate_after_the_window(client, clerk, make_course):
    course = make_course(**PAST, hours=100)
    employed = completed(clerk, course, VALID_IDS[0])
    completed(clerk, course, VALID_IDS[1])
    services.record_followup(clerk, employed, insured_on=date(2024, 7, 15), source="insurance")
    client.force_login(clerk)
    html = client.get(reverse("training_staff:course_detail", args=[course.code])).content.decode()
    assert "50.0%" in html
    assert "1 ／ 2" in html
    assert "待追蹤" not in html


# --- enrolment actions ----------------------------------------------------------------------
def test_enrollment_actions_are_post_only_and_change_the_status(client, clerk, make_course):
    course = make_course(capacity=1)
    first = enrol(clerk, course, VALID_IDS[0])
    second = enrol(clerk, course, VALID_IDS[1])
    assert second.status == EnrollmentStatus.WAITLISTED
    client.force_login(clerk)
    url = reverse("training_staff:enrollment_action", args=[first.pk, "withdraw"])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "取消報名" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == EnrollmentStatus.WITHDRAWN
    assert second.status == EnrollmentStatus.ADMITTED


def test_an_impossible_action_is_reported_not_raised(client, clerk, course):
    enrollment = enrol(clerk, course, VALID_IDS[0])
    client.force_login(clerk)
    response = client.post(reverse("training_staff:enrollment_action", args=[enrollment.pk, "waitlist"]), follow=True)
    assert response.status_code == 200
    assert "不能改為" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ADMITTED


def test_an_unknown_action_or_enrollment_is_not_found(client, clerk, course):
    enrollment = enrol(clerk, course, VALID_IDS[0])
    client.force_login(clerk)
    assert client.post(f"/staff/training/enrollments/{enrollment.pk}/delete/").status_code == 404
    assert client.post(reverse("training_staff:enrollment_action", args=[99999, "admit"])).status_code == 404


# --- outcome and follow-up ------------------------------------------------------------------
def test_early_employment_with_less_than_half_the_hours_is_refused(client, clerk, make_course):
    course = make_course(**PAST, hours=300)
    enrollment = enrol(clerk, course, VALID_IDS[0])
    services.start_attending(clerk, enrollment)
    client.force_login(clerk)
    url = reverse("training_staff:enrollment_outcome", args=[enrollment.pk])
    response = client.post(url, {"outcome": "early_employed", "hours_attended": 149, "on": "2024-04-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "二分之一以上" in html
    assert 'href="#id_hours_attended"' in html
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ATTENDING
    response = client.post(url, {"outcome": "early_employed", "hours_attended": 150, "on": "113/04/01"})
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.EARLY_EMPLOYED
    assert enrollment.left_on == date(2024, 4, 1)


def test_a_completion_is_recorded(client, clerk, make_course):
    course = make_course(**PAST, hours=100)
    enrollment = enrol(clerk, course, VALID_IDS[0])
    services.start_attending(clerk, enrollment)
    client.force_login(clerk)
    response = client.post(reverse("training_staff:enrollment_outcome", args=[enrollment.pk]),
                           {"outcome": "completed", "hours_attended": 96, "on": ""})  # fmt: skip
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.hours_attended, enrollment.completed_on) == (
        EnrollmentStatus.COMPLETED, 96, course.ends_on,
    )  # fmt: skip


def test_a_follow_up_counts_the_trainee_as_employed(client, clerk, make_course):
    course = make_course(**PAST, hours=100)
    enrollment = completed(clerk, course, VALID_IDS[0])
    client.force_login(clerk)
    url = reverse("training_staff:followup", args=[enrollment.pk])
    response = client.post(url, {"insured_on": "2024-08-01", "employer_name": "府城精機",
                                 "source": "insurance", "insurance_channel": "regular"})  # fmt: skip
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.counts_as_employed is True
    assert enrollment.employed_on == date(2024, 8, 1)
    assert "府城精機" in client.get(url).content.decode()


def test_a_manual_follow_up_needs_a_confirmation_date(client, clerk, make_course):
    course = make_course(**PAST, hours=100)
    enrollment = completed(clerk, course, VALID_IDS[0])
    client.force_login(clerk)
    response = client.post(reverse("training_staff:followup", args=[enrollment.pk]),
                           {"insured_on": "2024-08-01", "source": "manual", "insurance_channel": "regular"})  # fmt: skip
    assert 'href="#id_confirmed_on"' in response.content.decode()
    assert EmploymentFollowUp.objects.count() == 0


def test_a_follow_up_before_the_trainee_finished_is_refused(client, clerk, course):
    enrollment = enrol(clerk, course, VALID_IDS[0])
    client.force_login(clerk)
    response = client.post(reverse("training_staff:followup", args=[enrollment.pk]),
                           {"insured_on": "2030-08-01", "source": "insurance", "insurance_channel": "regular"})  # fmt: skip
    assert "只有結訓、提前就業或退訓的學員" in response.content.decode()
    assert EmploymentFollowUp.objects.count() == 0


# --- TTQS -----------------------------------------------------------------------------------
def test_ttqs_evaluation_is_recorded_and_graded(client, clerk, provider):
    client.force_login(clerk)
    response = client.post(reverse("training_staff:ttqs_create"), ttqs_post(provider), follow=True)
    evaluation = TTQSEvaluation.objects.get()
    assert (evaluation.total, evaluation.grade) == (76, TTQSGrade.GOLD)
    assert evaluation.evaluated_on == date(2024, 5, 20)
    html = response.content.decode()
    assert "總分 76" in html
    assert "暫定的工作值" in html


def test_ttqs_refuses_a_zero_on_indicator_five(client, clerk, provider):
    client.force_login(clerk)
    response = client.post(reverse("training_staff:ttqs_create"), ttqs_post(provider, score_5=0))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_score_5"' in html
    assert TTQSEvaluation.objects.count() == 0


def test_ttqs_accepts_zero_on_an_outcome_indicator(client, clerk, provider):
    client.force_login(clerk)
    client.post(reverse("training_staff:ttqs_create"), ttqs_post(provider, score_17=0, score_18=0, score_19=0))
    assert TTQSEvaluation.objects.get().total == 64


def test_ttqs_refuses_a_second_evaluation_in_a_year(client, clerk, provider):
    client.force_login(clerk)
    client.post(reverse("training_staff:ttqs_create"), ttqs_post(provider))
    response = client.post(reverse("training_staff:ttqs_create"), ttqs_post(provider, assessor="林委員"))
    assert 'href="#id_year"' in response.content.decode()
    assert TTQSEvaluation.objects.count() == 1


def test_ttqs_list_shows_medals_and_gold_streaks(client, clerk, provider):
    for year in (2022, 2023, 2024):
        services.record_ttqs_evaluation(
            clerk, organization=provider, year=year, form_type="provider", scores=[4] * 19,
            assessor="陳委員", evaluated_on=date(year, 5, 1),
        )  # fmt: skip
    client.force_login(clerk)
    response = client.get(reverse("training_staff:ttqs"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "暫定的工作值" in html
    assert "累計至 2024 年" in html
    streak_row = html[html.index("連續年數"):]
    assert provider.name in streak_row
    assert '<td class="num">3</td><td class="num">2022</td>' in streak_row
    assert client.get(reverse("training_staff:ttqs"), {"year": "1900"}).status_code == 200


def test_bands_are_edited_by_a_supervisor_and_re_grade(client, clerk, supervisor, provider):
    services.record_ttqs_evaluation(
        clerk, organization=provider, year=2024, form_type="provider", scores=[4] * 19,
        assessor="陳委員", evaluated_on=date(2024, 5, 1),
    )  # fmt: skip
    client.force_login(clerk)
    assert client.get(reverse("training_staff:ttqs_bands")).status_code == 403
    client.force_login(supervisor)
    page = client.get(reverse("training_staff:ttqs_bands"))
    assert page.status_code == 200
    assert_sound_html(page.content.decode())
    data = {"form_type": "provider", "provider-pass": 50, "provider-bronze": 58, "provider-silver": 66,
            "provider-gold": 80, "provider-platinum": 88}  # fmt: skip
    response = client.post(reverse("training_staff:ttqs_bands"), data, follow=True)
    assert "重新評定了 1 筆評核" in response.content.decode()
    assert TTQSEvaluation.objects.get().grade == TTQSGrade.SILVER


def test_bands_out_of_order_are_refused(client, supervisor, provider):
    client.force_login(supervisor)
    data = {"form_type": "provider", "provider-pass": 60, "provider-bronze": 58, "provider-silver": 66,
            "provider-gold": 74, "provider-platinum": 84}  # fmt: skip
    response = client.post(reverse("training_staff:ttqs_bands"), data)
    assert "等級越高，最低總分必須越高" in response.content.decode()
    assert services.grade_bands()["provider"]["pass"] == 50


# --- figures --------------------------------------------------------------------------------
def test_figures_show_rates_by_year_category_provider_and_course(client, clerk, make_course):
    old = make_course(title="已屆滿課程", **PAST, hours=100)
    employed = completed(clerk, old, VALID_IDS[0])
    completed(clerk, old, VALID_IDS[1])
    services.record_followup(clerk, employed, insured_on=date(2024, 7, 20), source="insurance")
    today = timezone.localdate()
    recent = make_course(title="剛結訓課程", starts_on=today - timedelta(days=100), ends_on=today - timedelta(days=10),
                         status=CourseStatus.FINISHED, hours=100)  # fmt: skip
    completed(clerk, recent, VALID_IDS[2])
    client.force_login(clerk)
    response = client.get(reverse("training_staff:figures"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "50.0%" in html
    assert "待追蹤" in html
    assert "失業者職前訓練" in html
    assert old.provider.name in html
    assert "已屆滿課程" in html
    only_2024 = client.get(reverse("training_staff:figures"), {"year": "2024"}).content.decode()
    assert "已屆滿課程" in only_2024
    assert "剛結訓課程" not in only_2024
    assert client.get(reverse("training_staff:figures"), {"year": "abc"}).status_code == 200


def test_a_roster_course_code_with_a_slash_can_be_opened_and_edited(client, clerk, make_course):
    course = make_course(code="113/職前-01")
    client.force_login(clerk)
    assert client.get(reverse("training_staff:courses")).status_code == 200
    assert client.get(reverse("training_staff:course_detail", args=[course.code])).status_code == 200
    form = client.get(reverse("training_staff:course_edit", args=[course.code])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "target_groups"}
    data.update(provider=course.provider_id, district=course.district_id, title="改名")
    response = client.post(reverse("training_staff:course_edit", args=[course.code]), data)
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.code, course.title) == ("113/職前-01", "改名")
