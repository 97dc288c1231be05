"""Employer pages: sign-up, the dashboard, posting, submitting, closing, handling applications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hopehome.core.dates import roc
from hopehome.core.models import District, Organization
from hopehome.jobs.choices import ApplicationStatus, SalaryType, VacancyStatus
from hopehome.jobs.models import (
    Application,
    ApplicationEvent,
    EmployerAccount,
    SeekerProfile,
    Vacancy,
)

from .conftest import EMPLOYER_UBN, make_seeker, make_vacancy

pytestmark = pytest.mark.django_db

NEW_UBN = "22099131"  # checksum holds


def org_of(user) -> Organization:
    return user.employer_account.organization


def vacancy_post(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "title": "餐廳外場服務員",
        "description": "負責帶位、點餐與送餐。",
        "occupation": "food",
        "district": District.objects.get(postcode="702").pk,
        "address": "臺南市南區健康路一段1號",
        "employment_type": "part_time",
        "salary_type": "hourly",
        "salary_min": "200",
        "salary_max": "220",
        "working_hours": "晚班 17:00–21:00",
        "openings": "2",
        "requirements": "具服務熱忱。",
        "friendly_youth": "on",
        "access_step_free": "on",
        "contact_name": "王經理",
        "contact_phone": "06-2000000",
        "contact_email": "hr@anping.example",
        "posted_on": today.isoformat(),
        "expires_on": (today + timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def draft(employer, **fields) -> Vacancy:
    fields = {"status": VacancyStatus.DRAFT, "published_at": None, **fields}
    return make_vacancy(org_of(employer), **fields)


def apply_to(vacancy, email="young2@example.tw", name="張小華", **fields) -> Application:
    seeker = make_seeker(email, name)
    return Application.objects.create(
        vacancy=vacancy, seeker=seeker, message="我有門市經驗。", **fields
    )


# --- access -------------------------------------------------------------------------------------
EMPLOYER_PAGES = ["employer:dashboard", "employer:vacancy_new"]


@pytest.mark.parametrize("name", EMPLOYER_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("jobs:login"))


@pytest.mark.parametrize("name", EMPLOYER_PAGES)
def test_a_seeker_is_refused_on_employer_pages(client, seeker, name):
    client.force_login(seeker)
    assert client.get(reverse(name)).status_code == 403


def test_staff_without_an_employer_account_are_refused(client, jobs_clerk):
    client.force_login(jobs_clerk)
    assert client.get(reverse("employer:dashboard")).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "employer:vacancy_submit",
        "employer:vacancy_edit",
        "employer:vacancy_close",
        "employer:applications",
    ],
)
def test_another_employer_gets_404_on_a_vacancy(client, other_employer, vacancy, name):
    client.force_login(other_employer)
    assert client.get(reverse(name, args=[vacancy.pk])).status_code == 404
    assert client.post(reverse(name, args=[vacancy.pk]), {}).status_code == 404
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED


def test_another_employer_gets_404_on_an_application(client, other_employer, vacancy):
    application = apply_to(vacancy)
    client.force_login(other_employer)
    url = reverse("employer:application", args=[application.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "processing"}).status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEW


# --- sign-up ------------------------------------------------------------------------------------
def signup_post(**overrides) -> dict:
    data = {
        "ubn": NEW_UBN,
        "organization_name": "府城好物有限公司",
        "contact_name": "陳小姐",
        "phone": "06-2345678",
        "email": "Jobs@FuCheng.example",
        "district": "",
        "industry": "",
        "address": "",
        "password1": "Tainan-jobs-2019",
        "password2": "Tainan-jobs-2019",
    }
    data.update(overrides)
    return data


def test_an_employer_signs_up_with_a_ubn_and_is_signed_in(client):
    response = client.post(reverse("employer:signup"), signup_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("employer:dashboard")
    account = EmployerAccount.objects.get(organization__ubn=NEW_UBN)
    assert account.user.email == "jobs@fucheng.example"
    assert not account.is_verified
    page = client.get(reverse("employer:dashboard"))
    assert page.status_code == 200
    assert "府城好物有限公司" in page.content.decode()


def test_sign_up_reuses_the_organization_with_that_ubn(client, employer):
    client.post(
        reverse("employer:signup"), signup_post(ubn=EMPLOYER_UBN, email="second@anping.example")
    )
    assert Organization.objects.filter(ubn=EMPLOYER_UBN).count() == 1
    assert EmployerAccount.objects.filter(organization__ubn=EMPLOYER_UBN).count() == 2


def test_it_rejects_a_bad_ubn_and_creates_nothing(client):
    users = get_user_model().objects.count()
    response = client.post(reverse("employer:signup"), signup_post(ubn="12345678"))
    assert response.status_code == 400
    assert "檢查碼錯誤" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert get_user_model().objects.count() == users
    assert not Organization.objects.filter(ubn="12345678").exists()


def test_it_rejects_different_passwords_and_a_taken_email(client, employer):
    response = client.post(reverse("employer:signup"), signup_post(password2="Other-password-1"))
    assert response.status_code == 400
    assert "兩次輸入的密碼不一致" in response.content.decode()
    response = client.post(reverse("employer:signup"), signup_post(email=employer.email))
    assert response.status_code == 400
    assert "已註冊" in response.content.decode()
    assert not EmployerAccount.objects.filter(organization__ubn=NEW_UBN).exists()


# --- dashboard ----------------------------------------------------------------------------------
def test_the_dashboard_lists_own_vacancies_with_application_counts(
    client, employer, other_employer, vacancy
):
    apply_to(vacancy)
    apply_to(vacancy, "b@example.tw", "乙", status=ApplicationStatus.HIRED)
    make_vacancy(org_of(other_employer), title="別家的職缺")
    draft(employer, title="倉儲理貨員")
    client.force_login(employer)
    response = client.get(reverse("employer:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "門市人員" in html and "倉儲理貨員" in html
    assert "別家的職缺" not in html
    rows = {v.title: v for v in response.context["page_obj"]}
    assert rows["門市人員"].application_count == 2
    assert rows["門市人員"].open_application_count == 1
    counts = {item["value"]: item["count"] for item in response.context["status_counts"]}
    assert counts["published"] == 1 and counts["draft"] == 1
    filtered = client.get(reverse("employer:dashboard"), {"status": "draft"})
    assert [v.title for v in filtered.context["page_obj"]] == ["倉儲理貨員"]


def test_the_dashboard_query_count_does_not_grow_with_vacancies(client, employer):
    org = org_of(employer)
    make_vacancy(org)
    client.force_login(employer)
    client.get(reverse("employer:dashboard"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("employer:dashboard"))
    for i in range(6):
        v = make_vacancy(org, title=f"職缺{i}")
        apply_to(v, f"s{i}@example.tw", f"求職者{i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("employer:dashboard"))
    assert len(response.context["page_obj"]) == 7
    assert len(many) == len(one)


# --- posting ------------------------------------------------------------------------------------
def test_an_employer_posts_a_draft_with_flags_and_access_features(client, employer):
    client.force_login(employer)
    page = client.get(reverse("employer:vacancy_new"))
    html = page.content.decode()
    assert "<legend>友善職場標示</legend>" in html and "<legend>無障礙與職場調整</legend>" in html
    response = client.post(reverse("employer:vacancy_new"), vacancy_post())
    vacancy = Vacancy.objects.get(title="餐廳外場服務員")
    assert response.status_code == 302
    assert response["Location"] == reverse("employer:vacancy_submit", args=[vacancy.pk])
    assert vacancy.employer == org_of(employer)
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.friendly_youth and vacancy.access_step_free and not vacancy.friendly_indigenous
    assert vacancy.salary_type == SalaryType.HOURLY and vacancy.monthly_equivalent == 200 * 174
    assert not vacancy.posted_by_staff


def test_dates_may_be_typed_with_a_roc_year(client, employer):
    today = timezone.localdate()
    client.force_login(employer)
    data = vacancy_post(posted_on=roc(today), expires_on=roc(today + timedelta(days=20)))
    assert client.post(reverse("employer:vacancy_new"), data).status_code == 302
    vacancy = Vacancy.objects.get(title="餐廳外場服務員")
    assert vacancy.posted_on == today and vacancy.expires_on == today + timedelta(days=20)


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"salary_min": "300", "salary_max": "250"}, "salary_max", "不可低於薪資下限"),
        ({"title": ""}, "title", ""),
        ({"openings": "0"}, "openings", ""),
        ({"posted_on": "2019-02-30"}, "posted_on", "不是存在的日期"),
        ({"salary_min": "abc"}, "salary_min", ""),
        ({"district": "999999"}, "district", ""),
    ],
)
def test_bad_vacancy_input_is_refused_with_field_errors(client, employer, overrides, field, text):
    client.force_login(employer)
    response = client.post(reverse("employer:vacancy_new"), vacancy_post(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert text in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()
    assert not Vacancy.objects.filter(title__in=["餐廳外場服務員", ""]).exists()


def test_an_employer_edits_a_draft_but_not_a_published_vacancy(client, employer, vacancy):
    mine = draft(employer)
    client.force_login(employer)
    response = client.post(
        reverse("employer:vacancy_edit", args=[mine.pk]), vacancy_post(title="門市儲備幹部")
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "門市儲備幹部"
    response = client.post(
        reverse("employer:vacancy_edit", args=[vacancy.pk]), vacancy_post(title="改掉")
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.title == "門市人員"


def test_editing_with_bad_input_changes_nothing(client, employer):
    mine = draft(employer)
    client.force_login(employer)
    response = client.post(
        reverse("employer:vacancy_edit", args=[mine.pk]),
        vacancy_post(title="新職稱", salary_max="1"),
    )
    assert response.status_code == 400
    mine.refresh_from_db()
    assert mine.title == "門市人員"


# --- submitting ---------------------------------------------------------------------------------
def test_the_discrimination_warning_shows_the_sentence_before_and_after_submit(client, employer):
    mine = draft(employer, requirements="具服務熱忱。限女性，年齡30歲以下。")
    client.force_login(employer)
    before = client.get(reverse("employer:vacancy_submit", args=[mine.pk])).content.decode()
    assert "「限女性」可能違反就業服務法第5條（性別）：『限女性，年齡30歲以下』" in before
    assert "就業歧視檢查提示" in before
    response = client.post(reverse("employer:vacancy_submit", args=[mine.pk]), follow=True)
    mine.refresh_from_db()
    assert mine.status == VacancyStatus.PENDING
    assert {f["phrase"] for f in mine.screen_findings} >= {"限女性"}
    after = response.content.decode()
    assert "「限女性」可能違反就業服務法第5條（性別）：『限女性，年齡30歲以下』" in after
    assert "已送出審核" in after


def test_a_salary_below_the_minimum_wage_is_refused_with_the_minimum_shown(client, employer):
    mine = draft(employer, salary_min=20000, salary_max=None)
    client.force_login(employer)
    page = client.get(reverse("employer:vacancy_submit", args=[mine.pk])).content.decode()
    assert "低於最低工資" in page
    response = client.post(reverse("employer:vacancy_submit", args=[mine.pk]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "薪資下限：月薪 20,000 元低於最低工資" in html
    assert "最低月薪為" in html
    mine.refresh_from_db()
    assert mine.status == VacancyStatus.DRAFT


def test_a_posting_period_over_60_days_is_refused(client, employer):
    today = timezone.localdate()
    mine = draft(employer, posted_on=today, expires_on=today + timedelta(days=61))
    client.force_login(employer)
    response = client.post(reverse("employer:vacancy_submit", args=[mine.pk]))
    assert response.status_code == 400
    assert "最多刊登 60 天" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == VacancyStatus.DRAFT


def test_a_clean_vacancy_is_submitted_without_warnings(client, employer):
    mine = draft(employer)
    client.force_login(employer)
    response = client.post(reverse("employer:vacancy_submit", args=[mine.pk]), follow=True)
    mine.refresh_from_db()
    assert mine.status == VacancyStatus.PENDING and mine.screen_findings == []
    assert "就業歧視檢查提示" not in response.content.decode()


def test_a_rejected_vacancy_shows_the_reason(client, employer):
    mine = draft(employer, status=VacancyStatus.REJECTED, rejection_reason="請刪除性別限制。")
    client.force_login(employer)
    html = client.get(reverse("employer:vacancy_submit", args=[mine.pk])).content.decode()
    assert "請刪除性別限制。" in html and "送出審核" in html


# --- closing ------------------------------------------------------------------------------------
def test_an_employer_closes_a_published_vacancy(client, employer, vacancy):
    client.force_login(employer)
    assert client.get(reverse("employer:vacancy_close", args=[vacancy.pk])).status_code == 200
    response = client.post(reverse("employer:vacancy_close", args=[vacancy.pk]))
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED


def test_a_draft_cannot_be_closed(client, employer):
    mine = draft(employer)
    client.force_login(employer)
    response = client.post(reverse("employer:vacancy_close", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == VacancyStatus.DRAFT


# --- applications -------------------------------------------------------------------------------
def test_the_application_list_shows_only_this_vacancy_and_filters_by_status(
    client, employer, vacancy
):
    apply_to(vacancy)
    apply_to(vacancy, "b@example.tw", "李大同", status=ApplicationStatus.INTERVIEW)
    other = make_vacancy(org_of(employer), title="倉管")
    apply_to(other, "c@example.tw", "別的應徵者")
    client.force_login(employer)
    response = client.get(reverse("employer:applications", args=[vacancy.pk]))
    html = response.content.decode()
    assert "張小華" in html and "李大同" in html and "別的應徵者" not in html
    response = client.get(
        reverse("employer:applications", args=[vacancy.pk]), {"status": "interview"}
    )
    assert [a.seeker.display_name for a in response.context["page_obj"]] == ["李大同"]


def test_the_application_list_query_count_is_constant(client, employer, vacancy):
    apply_to(vacancy)
    client.force_login(employer)
    url = reverse("employer:applications", args=[vacancy.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(5):
        apply_to(vacancy, f"x{i}@example.tw", f"應徵者{i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_an_employer_invites_to_an_interview_then_refuses_with_a_coded_reason(
    client, employer, vacancy
):
    application = apply_to(vacancy)
    client.force_login(employer)
    url = reverse("employer:application", args=[application.pk])
    page = client.get(url).content.decode()
    assert "我有門市經驗。" in page and "young2@example.tw" in page
    response = client.post(url, {"status": "interview", "interview_at": "2030-03-01T14:30"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEW
    assert timezone.localtime(application.interview_at).hour == 14
    response = client.post(
        url, {"status": "refused", "refusal_reason": "experience", "show_reason_to_seeker": "on"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED
    assert application.refusal_reason == "experience" and application.show_reason_to_seeker
    assert ApplicationEvent.objects.filter(application=application).count() == 2
    assert "不能再變更狀態" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "refused"}, "refusal_reason"),
        ({"status": "refused", "refusal_reason": "other"}, "refusal_note"),
        ({"status": "cancelled"}, "status"),
        ({"status": "hired", "hired_on": "2019-13-01"}, "hired_on"),
        ({"status": "interview", "interview_at": "tomorrow"}, "interview_at"),
    ],
)
def test_a_bad_status_change_is_refused_and_changes_nothing(client, employer, vacancy, data, field):
    application = apply_to(vacancy)
    client.force_login(employer)
    response = client.post(reverse("employer:application", args=[application.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEW
    assert not ApplicationEvent.objects.filter(application=application).exists()


def test_an_employer_does_not_see_seeker_records_beyond_the_application(client, employer, vacancy):
    application = apply_to(vacancy)
    SeekerProfile.objects.filter(pk=application.seeker_id).update(accommodation_notes="需要擴視機")
    client.force_login(employer)
    html = client.get(reverse("employer:application", args=[application.pk])).content.decode()
    assert "需要擴視機" not in html
