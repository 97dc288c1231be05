"""The job seeker app at /jobs/: search, detail, applying, the seeker's own records, the
installable app. A seeker sees only their own records; bad input is a 400, never a 500."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from hopehome.core.models import District, TargetGroup
from hopehome.jobs import queries, services
from hopehome.jobs.choices import (
    AdviceStatus,
    ApplicationStatus,
    EmploymentType,
    Occupation,
    RefusalReason,
    SalaryType,
    VacancyStatus,
)
from hopehome.jobs.models import AdviceRequest, Application, SavedJob, SavedSearch, SeekerProfile

from .conftest import make_vacancy

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def seeker_client(client, seeker):
    client.force_login(seeker)
    return client


@pytest.fixture
def org(employer):
    return employer.employer_account.organization


# --- search -----------------------------------------------------------------------------------
def test_the_search_lists_open_vacancies_with_the_count_in_a_live_region(client, vacancy):
    response = client.get("/jobs/")
    html = html_of(response)
    assert response.status_code == 200
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "共 1 筆職缺" in html
    assert f'href="{reverse("jobs:detail", args=[vacancy.pk])}"' in html
    assert "月薪 32,000–36,000 元" in html


def test_the_search_groups_thousands_in_the_count(client, org, monkeypatch):
    result = queries.SearchResult(items=[], count=1234, count_capped=False, page=1, pages=62, page_size=20,
                                  sort="newest", has_next=True, has_previous=False)  # fmt: skip
    monkeypatch.setattr(queries, "search_vacancies", lambda cleaned, page_size=20: result)
    assert "共 1,234 筆職缺" in html_of(client.get("/jobs/"))


def test_a_capped_count_says_more_than(client, monkeypatch):
    result = queries.SearchResult(items=[], count=10_000, count_capped=True, page=1, pages=500, page_size=20,
                                  sort="newest", has_next=True, has_previous=False)  # fmt: skip
    monkeypatch.setattr(queries, "search_vacancies", lambda cleaned, page_size=20: result)
    assert "超過 10,000 筆職缺" in html_of(client.get("/jobs/"))


def test_matches_are_highlighted_and_an_hourly_wage_reads_per_hour(client, org):
    make_vacancy(org, title="護理師", description="病房護理工作。", salary_type=SalaryType.HOURLY,
                 salary_min=196, salary_max=None)  # fmt: skip
    make_vacancy(org, title="倉儲人員")
    html = html_of(client.get("/jobs/", {"q": "護理"}))
    assert "共 1 筆職缺" in html
    assert "<mark>護理</mark>師" in html
    assert "時薪 196 元" in html
    assert "倉儲人員" not in html


def test_every_search_control_has_a_label_and_the_flags_are_fieldsets(client):
    html = html_of(client.get("/jobs/"))
    for name in (
        "q",
        "sort",
        "district",
        "industry",
        "occupation",
        "employment_type",
        "salary_min",
    ):
        assert f'<label for="id_{name}">' in html, name
    assert "<legend>友善職場" in html
    assert "<legend>無障礙與職場調整" in html
    assert 'role="search"' in html


def test_results_are_articles_with_a_heading_each(client, org):
    first = make_vacancy(org, title="門市人員")
    second = make_vacancy(org, title="門市店長")
    html = html_of(client.get("/jobs/", {"q": "門市"}))
    assert html.count('<article class="card job-card"') == 2
    assert f'<h3 id="job-{first.pk}">' in html and f'<h3 id="job-{second.pk}">' in html


def test_filters_narrow_the_results(client, org):
    make_vacancy(org, title="友善門市", friendly_disability=True, access_screen_reader=True)
    make_vacancy(org, title="一般門市")
    html = html_of(client.get("/jobs/", {"friendly": "disability", "access": "screen_reader"}))
    assert "友善門市" in html and "一般門市" not in html
    assert "共 1 筆職缺" in html


@pytest.mark.parametrize(
    "params, field",
    [({"salary_min": "很多"}, "salary_min"), ({"district": "999"}, "district"),
     ({"friendly": "cats"}, "friendly"), ({"sort": "random"}, "sort")],
)  # fmt: skip
def test_bad_parameters_show_errors_linked_to_fields_with_status_400(
    client, vacancy, params, field
):
    response = client.get("/jobs/", params)
    html = html_of(response)
    assert response.status_code == 400
    assert 'class="error-summary"' in html
    assert f'id="id_{field}-error"' in html
    assert "搜尋條件有誤" in html
    assert vacancy.title not in html


def test_a_bad_page_number_is_a_400_with_the_message_on_top(client, vacancy):
    response = client.get("/jobs/", {"page": "abc"})
    assert response.status_code == 400
    assert "頁次必須是整數" in html_of(response)


def test_pagination_keeps_every_parameter_including_repeated_ones(client, org):
    for i in range(25):
        make_vacancy(org, title=f"門市人員{i}", friendly_youth=True, friendly_disability=True)
    html = html_of(client.get("/jobs/", {"q": "門市", "friendly": ["youth", "disability"]}))
    assert "第 1 頁，共 2 頁" in html
    assert 'rel="next"' in html
    next_link = html.split('rel="next"')[0].rsplit('href="', 1)[1]
    assert (
        "friendly=youth" in next_link
        and "friendly=disability" in next_link
        and "page=2" in next_link
    )


def test_drafts_pending_and_expired_vacancies_are_not_listed(client, org):
    today = timezone.localdate()
    make_vacancy(org, title="草稿職缺", status=VacancyStatus.DRAFT)
    make_vacancy(org, title="待審職缺", status=VacancyStatus.PENDING)
    make_vacancy(
        org,
        title="過期職缺",
        posted_on=today - timedelta(days=40),
        expires_on=today - timedelta(days=1),
    )
    html = html_of(client.get("/jobs/"))
    assert "共 0 筆職缺" in html
    assert "草稿職缺" not in html and "待審職缺" not in html and "過期職缺" not in html


def test_the_search_runs_a_bounded_number_of_queries(client, org, django_assert_max_num_queries):
    for i in range(20):
        make_vacancy(org, title=f"門市人員{i}", friendly_youth=True)
    with django_assert_max_num_queries(12):
        client.get("/jobs/", {"q": "門市"})


# --- saved searches ---------------------------------------------------------------------------
def test_anonymous_visitors_are_invited_to_sign_in_to_save_a_search(client, vacancy):
    html = html_of(client.get("/jobs/", {"q": "門市"}))
    assert "登入後可儲存這個搜尋" in html
    assert 'action="/jobs/searches/save/"' not in html


def test_a_seeker_saves_a_search_with_its_parameters(seeker_client, seeker, vacancy):
    html = html_of(
        seeker_client.get(
            "/jobs/", {"q": "門市", "friendly": ["youth", "disability"], "district": "702"}
        )
    )
    assert 'action="/jobs/searches/save/"' in html
    response = seeker_client.post(
        "/jobs/searches/save/",
        {"name": "南區門市", "query": "q=門市&friendly=youth&friendly=disability&district=702"},
    )
    assert response["Location"] == reverse("jobs:saved_searches")
    saved = SavedSearch.objects.get(seeker=seeker.seeker)
    assert saved.name == "南區門市"
    assert saved.params == {"q": "門市", "friendly": ["youth", "disability"], "district": "702"}
    listing = html_of(seeker_client.get("/jobs/me/searches/"))
    assert (
        "南區門市" in listing
        and "關鍵字：門市" in listing
        and "友善職場：青年友善、身障友善" in listing
    )
    assert "工作地點行政區：南區" in listing


def test_saving_a_search_without_a_name_is_refused(seeker_client, seeker):
    response = seeker_client.post("/jobs/searches/save/", {"name": "", "query": "q=門市"})
    assert response.status_code == 400
    assert 'id="id_name-error"' in html_of(response)
    assert not SavedSearch.objects.exists()


def test_saving_a_search_with_bad_conditions_is_refused(seeker_client, seeker):
    response = seeker_client.post("/jobs/searches/save/", {"name": "x", "query": "salary_min=abc"})
    assert response.status_code == 400
    assert not SavedSearch.objects.exists()


def test_a_seeker_deletes_their_saved_search_but_not_someone_elses(
    seeker_client, seeker, other_seeker
):
    mine = services.save_search(seeker.seeker, "我的", {"q": "門市"})
    theirs = services.save_search(other_seeker.seeker, "別人的", {"q": "護理"})
    assert "別人的" not in html_of(seeker_client.get("/jobs/me/searches/"))
    assert seeker_client.post(f"/jobs/me/searches/{theirs.pk}/delete/").status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()
    seeker_client.post(f"/jobs/me/searches/{mine.pk}/delete/")
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()


# --- detail -----------------------------------------------------------------------------------
def test_the_detail_shows_every_public_field(client, org):
    vacancy = make_vacancy(
        org, title="電話客服人員", friendly_disability=True, access_screen_reader=True, access_assistive_devices=True,
        contact_email="hr@anping.example", requirements="能使用電腦。",
    )  # fmt: skip
    html = html_of(client.get(f"/jobs/{vacancy.pk}/"))
    for text in ("電話客服人員", "安平好食股份有限公司", "月薪 32,000–36,000 元", "早班 08:00–17:00", "南區",
                 "臺南市南區健康路一段1號", "負責門市銷售", "能使用電腦。", "身障友善", "工作工具支援螢幕報讀",
                 "提供輔具", "王經理", 'href="tel:062000000"', 'href="mailto:hr@anping.example"', "全職"):  # fmt: skip
        assert text in html, text
    assert f'href="{reverse("jobs:apply", args=[vacancy.pk])}"' in html
    assert f'action="{reverse("jobs:save", args=[vacancy.pk])}"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    "status", [VacancyStatus.DRAFT, VacancyStatus.PENDING, VacancyStatus.REJECTED]
)
def test_an_unpublished_vacancy_is_not_found(client, org, status):
    vacancy = make_vacancy(org, status=status)
    assert client.get(f"/jobs/{vacancy.pk}/").status_code == 404
    assert client.get(f"/jobs/{vacancy.pk}/apply/").status_code in (302, 404)


def test_a_missing_vacancy_is_not_found(client):
    assert client.get("/jobs/999999/").status_code == 404


def test_a_closed_vacancy_says_so_and_offers_no_apply_button(client, org):
    vacancy = make_vacancy(org, status=VacancyStatus.CLOSED)
    html = html_of(client.get(f"/jobs/{vacancy.pk}/"))
    assert "已關閉，不再接受應徵" in html
    assert reverse("jobs:apply", args=[vacancy.pk]) not in html


# --- saving jobs ------------------------------------------------------------------------------
def test_a_seeker_saves_and_unsaves_a_job_with_forms(seeker_client, seeker, vacancy):
    response = seeker_client.post(f"/jobs/{vacancy.pk}/save/")
    assert response["Location"] == reverse("jobs:detail", args=[vacancy.pk])
    assert SavedJob.objects.filter(seeker=seeker.seeker, vacancy=vacancy).exists()
    html = html_of(seeker_client.get(f"/jobs/{vacancy.pk}/"))
    assert "取消收藏" in html
    saved_page = html_of(seeker_client.get("/jobs/me/saved/"))
    assert f'data-offline-url="{reverse("jobs:detail", args=[vacancy.pk])}"' in saved_page
    seeker_client.post(f"/jobs/{vacancy.pk}/unsave/", {"next": "/jobs/me/saved/"})
    assert not SavedJob.objects.exists()


def test_saving_asks_an_anonymous_visitor_to_sign_in_and_come_back(client, vacancy):
    response = client.post(f"/jobs/{vacancy.pk}/save/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("jobs:login"))
    assert f"next=/jobs/{vacancy.pk}/" in response["Location"].replace("%2F", "/")
    assert not SavedJob.objects.exists()


def test_an_employer_cannot_save_jobs(client, employer, vacancy):
    client.force_login(employer)
    assert client.post(f"/jobs/{vacancy.pk}/save/").status_code == 403


def test_saved_jobs_show_only_the_seekers_own(seeker_client, seeker, other_seeker, org):
    mine = make_vacancy(org, title="我收藏的職缺")
    theirs = make_vacancy(org, title="別人收藏的職缺")
    services.save_job(seeker.seeker, mine)
    services.save_job(other_seeker.seeker, theirs)
    html = html_of(seeker_client.get("/jobs/me/saved/"))
    assert "我收藏的職缺" in html and "別人收藏的職缺" not in html


# --- applying ---------------------------------------------------------------------------------
def test_applying_asks_an_anonymous_visitor_to_sign_in(client, vacancy):
    response = client.get(f"/jobs/{vacancy.pk}/apply/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("jobs:login"))


def test_a_seeker_applies_with_a_message_and_sees_the_confirmation(seeker_client, seeker, vacancy):
    form = html_of(seeker_client.get(f"/jobs/{vacancy.pk}/apply/"))
    assert '<label for="id_message">給雇主的訊息' in form
    response = seeker_client.post(f"/jobs/{vacancy.pk}/apply/", {"message": "我有兩年門市經驗。"})
    application = Application.objects.get(seeker=seeker.seeker, vacancy=vacancy)
    assert application.message == "我有兩年門市經驗。"
    assert response["Location"] == reverse("jobs:applied", args=[application.pk])
    html = html_of(seeker_client.get(response["Location"]))
    assert "已送出應徵" in html and vacancy.title in html and str(application.pk) in html


def test_applying_twice_is_refused_clearly(seeker_client, seeker, vacancy):
    services.apply(seeker.seeker, vacancy)
    page = html_of(seeker_client.get(f"/jobs/{vacancy.pk}/apply/"))
    assert "同一個職缺不能重複應徵" in page
    response = seeker_client.post(f"/jobs/{vacancy.pk}/apply/", {"message": "再一次"})
    assert response.status_code == 400
    assert "不能重複應徵" in html_of(response)
    assert Application.objects.count() == 1


def test_applying_to_a_closed_vacancy_is_refused_clearly(seeker_client, org):
    vacancy = make_vacancy(org, status=VacancyStatus.CLOSED)
    response = seeker_client.post(f"/jobs/{vacancy.pk}/apply/", {"message": ""})
    assert response.status_code == 400
    assert "已不再開放應徵" in html_of(response)
    assert not Application.objects.exists()


def test_a_message_too_long_is_refused_at_the_field(seeker_client, vacancy):
    response = seeker_client.post(f"/jobs/{vacancy.pk}/apply/", {"message": "字" * 2001})
    assert response.status_code == 400
    assert 'id="id_message-error"' in html_of(response)
    assert not Application.objects.exists()


def test_an_employer_cannot_apply(client, employer, vacancy):
    client.force_login(employer)
    assert client.get(f"/jobs/{vacancy.pk}/apply/").status_code == 403


def test_another_seekers_confirmation_is_not_found(seeker_client, other_seeker, vacancy):
    theirs = services.apply(other_seeker.seeker, vacancy)
    assert seeker_client.get(f"/jobs/me/applications/{theirs.pk}/sent/").status_code == 404


# --- my applications --------------------------------------------------------------------------
def test_my_applications_show_status_and_only_my_own(seeker_client, seeker, other_seeker, org):
    mine = services.apply(seeker.seeker, make_vacancy(org, title="我的職缺"))
    services.apply(other_seeker.seeker, make_vacancy(org, title="別人的職缺"))
    html = html_of(seeker_client.get("/jobs/me/applications/"))
    assert "我的職缺" in html and "別人的職缺" not in html
    assert "新應徵" in html
    assert f'action="{reverse("jobs:cancel_application", args=[mine.pk])}"' in html


def test_the_refusal_reason_shows_only_when_the_employer_allows_it(
    seeker_client, seeker, employer, org
):
    hidden = services.apply(seeker.seeker, make_vacancy(org, title="甲職缺"))
    shown = services.apply(seeker.seeker, make_vacancy(org, title="乙職缺"))
    services.set_application_status(
        employer, hidden, ApplicationStatus.REFUSED, refusal_reason=RefusalReason.EXPERIENCE
    )
    services.set_application_status(
        employer,
        shown,
        ApplicationStatus.REFUSED,
        refusal_reason=RefusalReason.SCHEDULE,
        show_reason_to_seeker=True,
    )
    html = html_of(seeker_client.get("/jobs/me/applications/"))
    assert "工作時間無法配合" in html
    assert "經驗不足" not in html
    assert "經驗不足" not in html_of(seeker_client.get(f"/jobs/me/applications/{hidden.pk}/"))


def test_a_seeker_cancels_an_open_application(seeker_client, seeker, vacancy):
    application = services.apply(seeker.seeker, vacancy)
    response = seeker_client.post(f"/jobs/me/applications/{application.pk}/cancel/")
    assert response["Location"] == reverse("jobs:applications")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CANCELLED
    again = seeker_client.post(f"/jobs/me/applications/{application.pk}/cancel/", follow=True)
    assert "不能取消" in html_of(again)


def test_another_seekers_application_is_not_found(seeker_client, other_seeker, vacancy):
    theirs = services.apply(other_seeker.seeker, vacancy)
    assert seeker_client.get(f"/jobs/me/applications/{theirs.pk}/").status_code == 404
    assert seeker_client.post(f"/jobs/me/applications/{theirs.pk}/cancel/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.NEW


def test_the_application_page_shows_its_history(seeker_client, seeker, employer, vacancy):
    application = services.apply(seeker.seeker, vacancy)
    services.set_application_status(
        employer, application, ApplicationStatus.PROCESSING, note="內部備註：先打電話"
    )
    html = html_of(seeker_client.get(f"/jobs/me/applications/{application.pk}/"))
    assert "<caption>" in html and "處理中" in html
    assert "內部備註" not in html


def test_my_applications_take_a_fixed_number_of_queries(
    seeker_client, seeker, org, django_assert_max_num_queries
):
    for i in range(8):
        services.apply(seeker.seeker, make_vacancy(org, title=f"職缺{i}"))
    with django_assert_max_num_queries(8):
        seeker_client.get("/jobs/me/applications/")


def test_seeker_pages_send_anonymous_visitors_to_sign_in(client):
    for name in ("profile", "recommendations", "applications", "saved", "saved_searches", "advice"):
        response = client.get(reverse(f"jobs:{name}"))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("jobs:login")), name


def test_seeker_pages_refuse_staff_accounts(client, jobs_clerk):
    client.force_login(jobs_clerk)
    assert client.get(reverse("jobs:applications")).status_code == 403


# --- advice -----------------------------------------------------------------------------------
def test_a_seeker_asks_a_question_and_sees_the_due_date(seeker_client, seeker):
    response = seeker_client.post(
        "/jobs/me/advice/", {"topic": "resume", "question": "履歷要怎麼寫？"}
    )
    assert response["Location"] == reverse("jobs:advice")
    advice = AdviceRequest.objects.get(seeker=seeker.seeker)
    html = html_of(seeker_client.get("/jobs/me/advice/"))
    assert "履歷要怎麼寫？" in html and advice.due_on.isoformat() in html and "待回覆" in html


def test_a_question_without_a_topic_is_refused_at_the_field(seeker_client):
    response = seeker_client.post("/jobs/me/advice/", {"topic": "", "question": "?"})
    assert response.status_code == 400
    assert 'id="id_topic-error"' in html_of(response)
    assert not AdviceRequest.objects.exists()


def test_an_answer_shows_once_answered(seeker_client, seeker, jobs_clerk):
    advice = services.ask_advice(seeker.seeker, topic="interview", question="面試要穿什麼？")
    assert "就業服務人員的回覆" not in html_of(seeker_client.get("/jobs/me/advice/"))
    services.answer_advice(jobs_clerk, advice, "整潔大方即可。")
    html = html_of(seeker_client.get("/jobs/me/advice/"))
    assert "整潔大方即可。" in html and "已回覆" in html
    assert "整潔大方即可。" in html_of(seeker_client.get(f"/jobs/me/advice/{advice.pk}/"))


def test_a_seeker_withdraws_an_open_question(seeker_client, seeker):
    advice = services.ask_advice(seeker.seeker, topic="other", question="想撤回")
    seeker_client.post(f"/jobs/me/advice/{advice.pk}/withdraw/")
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.WITHDRAWN


def test_another_seekers_advice_is_not_found(seeker_client, seeker, other_seeker):
    theirs = services.ask_advice(other_seeker.seeker, topic="rights", question="別人的問題")
    assert "別人的問題" not in html_of(seeker_client.get("/jobs/me/advice/"))
    assert seeker_client.get(f"/jobs/me/advice/{theirs.pk}/").status_code == 404
    assert seeker_client.post(f"/jobs/me/advice/{theirs.pk}/withdraw/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == AdviceStatus.OPEN


# --- profile and recommendations --------------------------------------------------------------
def test_a_seeker_edits_the_profile(seeker_client, seeker):
    east = District.objects.get(postcode="701")
    group = TargetGroup.objects.first()
    page = html_of(seeker_client.get("/jobs/me/profile/"))
    assert "<legend>希望職類" in page and "<legend>我需要的職場調整</legend>" in page
    response = seeker_client.post("/jobs/me/profile/", {
        "display_name": "林小青", "phone": "0912-000-111", "birth_date": "2000-05-01",
        "desired_occupations": [Occupation.CUSTOMER_SERVICE, Occupation.ADMIN],
        "desired_districts": [east.pk], "desired_types": [EmploymentType.PART_TIME],
        "desired_salary": "30000", "skills": "中文打字 60 字", "target_groups": [group.pk],
        "needs_screen_reader": "on", "accommodation_notes": "需要螢幕報讀軟體", "digest_enabled": "",
    })  # fmt: skip
    assert response["Location"] == reverse("jobs:profile")
    profile = SeekerProfile.objects.get(pk=seeker.seeker.pk)
    assert profile.desired_occupations == [Occupation.CUSTOMER_SERVICE, Occupation.ADMIN]
    assert list(profile.desired_districts.all()) == [east]
    assert profile.desired_types == [EmploymentType.PART_TIME]
    assert profile.desired_salary == 30000
    assert list(profile.target_groups.all()) == [group]
    assert profile.needs_screen_reader and not profile.needs_step_free
    assert profile.digest_enabled is False


def test_a_bad_salary_wish_is_refused_and_nothing_changes(seeker_client, seeker):
    response = seeker_client.post(
        "/jobs/me/profile/", {"display_name": "改名", "desired_salary": "-5"}
    )
    assert response.status_code == 400
    assert 'id="id_desired_salary-error"' in html_of(response)
    assert SeekerProfile.objects.get(pk=seeker.seeker.pk).display_name == "林小青"


def test_recommendations_explain_why(seeker_client, seeker, org):
    profile = seeker.seeker
    services.update_seeker_profile(
        profile, {"desired_occupations": [Occupation.SALES], "needs_screen_reader": True}
    )
    make_vacancy(org, title="無障礙門市", access_screen_reader=True)
    html = html_of(seeker_client.get("/jobs/me/recommendations/"))
    assert "無障礙門市" in html
    assert "為什麼推薦這個工作" in html
    assert "職類符合" in html and "符合您的職場需求" in html


def test_recommendations_ask_for_a_profile_first(seeker_client):
    assert "還沒有填寫求職條件" in html_of(seeker_client.get("/jobs/me/recommendations/"))


# --- the installable app ----------------------------------------------------------------------
def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/jobs/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "台南工作好找"
    assert data["start_url"] == "/jobs/" and data["scope"] == "/jobs/"
    assert data["display"] == "standalone"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        name = icon["src"].split("/static/", 1)[1]
        path = finders.find(name)
        assert path, name
        width = int(icon["sizes"].split("x")[0])
        from PIL import Image

        with Image.open(Path(path)) as image:
            assert image.size == (width, width)


def test_the_service_worker_is_served_for_the_jobs_scope(client):
    response = client.get("/jobs/sw.js")
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/jobs/"
    body = response.content.decode()
    assert '"/jobs/me/saved/"' in body and '"/jobs/offline/"' in body
    assert "data-offline-url" in body


def test_the_offline_page_points_to_saved_jobs(client):
    html = html_of(client.get("/jobs/offline/"))
    assert "目前沒有網路連線" in html and reverse("jobs:saved") in html


def test_jobs_pages_link_the_manifest_and_their_own_nav_but_the_home_page_does_not(client):
    html = html_of(client.get("/jobs/"))
    assert 'rel="manifest"' in html and 'name="theme-color"' in html
    assert "jobs/app.js" in html
    for label in (
        "找工作",
        "推薦職缺",
        "收藏",
        "我的應徵",
        "求職諮詢",
        "個人資料",
        "登入",
        "雇主專區",
    ):
        assert f">{label}</a>" in html, label
    assert 'aria-current="page">找工作' in html
    home = html_of(client.get("/"))
    assert 'rel="manifest"' not in home
