"""Back-office screens of the job-matching app: review, posting for employers, verification,
seekers (audited), referrals, notes, the applications overview and the advice queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hopehome.core.choices import AuditAction
from hopehome.core.models import AuditEntry, District
from hopehome.jobs.choices import AdviceStatus, ApplicationSource, ApplicationStatus, VacancyStatus
from hopehome.jobs.models import AdviceRequest, Application, EmployerAccount, SeekerNote, Vacancy
from hopehome.jobs.screening import screen_vacancy

from .conftest import EMPLOYER_UBN, make_employer, make_seeker, make_vacancy

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    ("jobs_staff:review_queue", []),
    ("jobs_staff:vacancies", []),
    ("jobs_staff:applications", []),
    ("jobs_staff:advice_queue", []),
    ("jobs_staff:vacancy_new", []),
    ("jobs_staff:employers", []),
    ("jobs_staff:seekers", []),
]


def org_of(user):
    return user.employer_account.organization


def pending(org, **fields) -> Vacancy:
    vacancy = make_vacancy(
        org, status=VacancyStatus.PENDING, published_at=None, submitted_at=timezone.now(), **fields
    )
    vacancy.screen_findings = screen_vacancy(vacancy)
    vacancy.save()
    return vacancy


def profile_of(user):
    return user.seeker


def advice(seeker_user, *, due_in: int, question="請問履歷怎麼寫？", **fields) -> AdviceRequest:
    return AdviceRequest.objects.create(
        seeker=profile_of(seeker_user), topic="resume", question=question,
        due_on=timezone.localdate() + timedelta(days=due_in), **fields,
    )  # fmt: skip


# --- access -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_outsiders_and_inspectors_are_refused(client, outsider, inspector, name, args):
    for user in (outsider, inspector):
        client.force_login(user)
        assert client.get(reverse(name, args=args)).status_code == 403, (user, name)


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_employers_and_seekers_are_refused_on_staff_pages(client, employer, seeker, name, args):
    for user in (employer, seeker):
        client.force_login(user)
        assert client.get(reverse(name, args=args)).status_code == 403


def test_anonymous_visitors_are_sent_to_the_staff_login(client):
    response = client.get(reverse("jobs_staff:review_queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


def test_a_clerk_may_not_view_seekers(client, jobs_clerk, seeker):
    client.force_login(jobs_clerk)
    assert client.get(reverse("jobs_staff:seekers")).status_code == 403
    assert client.get(reverse("jobs_staff:seeker", args=[profile_of(seeker).pk])).status_code == 403
    response = client.post(
        reverse("jobs_staff:seeker_note", args=[profile_of(seeker).pk]), {"note-text": "x"}
    )
    assert response.status_code == 403
    assert not SeekerNote.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_a_case_manager_may_not_review_or_verify(client, jobs_case_manager, employer):
    vacancy = pending(org_of(employer))
    client.force_login(jobs_case_manager)
    assert (
        client.post(
            reverse("jobs_staff:vacancy_publish", args=[vacancy.pk]), {"publish-note": "ok"}
        ).status_code
        == 403
    )
    assert client.get(reverse("jobs_staff:employers")).status_code == 403
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING
    html = client.get(reverse("jobs_staff:vacancy", args=[vacancy.pk])).content.decode()
    assert "刊登職缺" not in html


def test_the_vtc_clerk_works_the_review_queue(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("jobs_staff:review_queue")).status_code == 200


def test_an_unknown_vacancy_is_a_404(client, jobs_clerk):
    client.force_login(jobs_clerk)
    assert client.get(reverse("jobs_staff:vacancy", args=[999999])).status_code == 404


# --- review -------------------------------------------------------------------------------------
def test_the_review_queue_shows_flagged_vacancies_first_with_their_sentences(
    client, jobs_clerk, employer
):
    org = org_of(employer)
    clean = pending(org, title="收銀員")
    flagged = pending(org, title="櫃台接待", requirements="限女性，年齡30歲以下。")
    make_vacancy(org, title="已刊登的職缺")
    client.force_login(jobs_clerk)
    response = client.get(reverse("jobs_staff:review_queue"))
    html = response.content.decode()
    assert [row["vacancy"].pk for row in response.context["rows"]] == [flagged.pk, clean.pk]
    assert "「限女性」可能違反就業服務法第5條（性別）：『限女性，年齡30歲以下』" in html
    assert "已刊登的職缺" not in html
    assert response.context["flagged_count"] == 1


def test_the_review_queue_query_count_is_constant(client, jobs_clerk, employer):
    org = org_of(employer)
    pending(org)
    client.force_login(jobs_clerk)
    url = reverse("jobs_staff:review_queue")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(5):
        pending(org, title=f"職缺{i}", requirements="五官端正。" if i % 2 else "")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_a_flagged_vacancy_needs_a_note_to_be_published(client, jobs_clerk, employer):
    vacancy = pending(org_of(employer), requirements="限女性。")
    client.force_login(jobs_clerk)
    url = reverse("jobs_staff:vacancy_publish", args=[vacancy.pk])
    response = client.post(url, {"publish-note": "  "})
    assert response.status_code == 400
    assert "請說明為何不構成就業歧視" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING
    response = client.post(
        url, {"publish-note": "已電話確認為女性宿舍管理員，依性別工作平等法第7條但書。"}
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED and vacancy.reviewed_by == jobs_clerk


def test_a_clean_vacancy_is_published_without_a_note(client, jobs_clerk, employer):
    vacancy = pending(org_of(employer))
    client.force_login(jobs_clerk)
    assert (
        client.post(reverse("jobs_staff:vacancy_publish", args=[vacancy.pk]), {}).status_code == 302
    )
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED


def test_an_unverified_employers_vacancy_is_not_published(client, jobs_clerk):
    account = make_employer("new@shop.example", "22099131", "新開張商行", verified=False)
    vacancy = pending(account.organization, created_by=account.user)
    client.force_login(jobs_clerk)
    response = client.post(reverse("jobs_staff:vacancy_publish", args=[vacancy.pk]), {})
    assert response.status_code == 400
    assert "尚未查核" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING


def test_a_rejection_needs_a_reason(client, jobs_clerk, employer):
    vacancy = pending(org_of(employer))
    client.force_login(jobs_clerk)
    url = reverse("jobs_staff:vacancy_reject", args=[vacancy.pk])
    response = client.post(url, {"reject-reason": ""})
    assert response.status_code == 400
    assert "請填寫退回原因" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING
    assert client.post(url, {"reject-reason": "請刪除年齡限制。"}).status_code == 302
    vacancy.refresh_from_db()
    assert (
        vacancy.status == VacancyStatus.REJECTED and vacancy.rejection_reason == "請刪除年齡限制。"
    )


def test_a_published_vacancy_cannot_be_published_again(client, jobs_clerk, vacancy):
    client.force_login(jobs_clerk)
    response = client.post(
        reverse("jobs_staff:vacancy_publish", args=[vacancy.pk]), {"publish-note": "x"}
    )
    assert response.status_code == 400
    assert "只有待審核的職缺可以刊登" in response.content.decode()


def test_staff_close_a_published_vacancy(client, jobs_clerk, vacancy):
    client.force_login(jobs_clerk)
    assert client.post(reverse("jobs_staff:vacancy_close", args=[vacancy.pk])).status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED


def test_the_vacancy_list_searches_by_employer_and_status(
    client, jobs_clerk, employer, other_employer
):
    make_vacancy(org_of(employer), title="門市人員")
    make_vacancy(org_of(other_employer), title="CNC 技術員")
    client.force_login(jobs_clerk)
    response = client.get(reverse("jobs_staff:vacancies"), {"q": "永康"})
    assert [v.title for v in response.context["page_obj"]] == ["CNC 技術員"]
    response = client.get(
        reverse("jobs_staff:vacancies"), {"q": EMPLOYER_UBN, "status": "published"}
    )
    assert [v.title for v in response.context["page_obj"]] == ["門市人員"]
    assert client.get(reverse("jobs_staff:vacancies"), {"status": "nonsense"}).status_code == 200


# --- posting for an employer --------------------------------------------------------------------
def staff_post(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "organization": EMPLOYER_UBN,
        "title": "清潔人員",
        "description": "辦公大樓清潔。",
        "occupation": "cleaning",
        "district": District.objects.get(postcode="700").pk,
        "employment_type": "full_time",
        "salary_type": "monthly",
        "salary_min": "30000",
        "working_hours": "08:00–17:00",
        "openings": "1",
        "contact_name": "林先生",
        "posted_on": today.isoformat(),
        "expires_on": (today + timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def test_staff_post_a_vacancy_for_an_employer_found_by_ubn(client, jobs_case_manager, employer):
    client.force_login(jobs_case_manager)
    response = client.post(reverse("jobs_staff:vacancy_new"), staff_post())
    vacancy = Vacancy.objects.get(title="清潔人員")
    assert response.status_code == 302
    assert vacancy.employer == org_of(employer)
    assert vacancy.posted_by_staff and vacancy.status == VacancyStatus.DRAFT
    assert client.post(reverse("jobs_staff:vacancy_submit", args=[vacancy.pk])).status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING


def test_staff_find_the_employer_by_name(client, jobs_clerk, employer):
    client.force_login(jobs_clerk)
    assert (
        client.post(
            reverse("jobs_staff:vacancy_new"), staff_post(organization="安平好食")
        ).status_code
        == 302
    )
    assert Vacancy.objects.get(title="清潔人員").employer == org_of(employer)


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"organization": "10458575"}, "organization", "查無統一編號"),
        ({"organization": "不存在的公司"}, "organization", "查無名稱"),
        ({"salary_min": "-5"}, "salary_min", ""),
        ({"expires_on": "明天"}, "expires_on", "不是可辨識的日期"),
    ],
)
def test_bad_staff_postings_change_nothing(client, jobs_clerk, employer, overrides, field, text):
    client.force_login(jobs_clerk)
    response = client.post(reverse("jobs_staff:vacancy_new"), staff_post(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors.get(field)
    assert text in response.content.decode()
    assert not Vacancy.objects.filter(title="清潔人員").exists()


def test_staff_submit_refuses_a_salary_below_the_minimum(client, jobs_clerk, employer):
    vacancy = make_vacancy(
        org_of(employer), status=VacancyStatus.DRAFT, published_at=None, salary_min=100
    )
    client.force_login(jobs_clerk)
    response = client.post(reverse("jobs_staff:vacancy_submit", args=[vacancy.pk]))
    assert response.status_code == 400
    assert "低於最低工資" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT


# --- employer verification ----------------------------------------------------------------------
def test_staff_verify_a_waiting_employer_account(client, jobs_clerk, employer):
    waiting = make_employer("new@shop.example", "22099131", "新開張商行", verified=False)
    client.force_login(jobs_clerk)
    html = client.get(reverse("jobs_staff:employers")).content.decode()
    assert "新開張商行" in html and "安平好食" not in html
    assert client.post(reverse("jobs_staff:employer_verify", args=[waiting.pk])).status_code == 302
    waiting.refresh_from_db()
    assert waiting.is_verified and waiting.verified_by == jobs_clerk
    assert client.get(reverse("jobs_staff:employer_verify", args=[waiting.pk])).status_code == 405


def test_a_case_manager_cannot_verify(client, jobs_case_manager):
    waiting = make_employer("new@shop.example", "22099131", "新開張商行", verified=False)
    client.force_login(jobs_case_manager)
    assert client.post(reverse("jobs_staff:employer_verify", args=[waiting.pk])).status_code == 403
    assert not EmployerAccount.objects.get(pk=waiting.pk).is_verified


# --- seekers ------------------------------------------------------------------------------------
def test_the_seeker_list_masks_contact_details_and_searches(
    client, jobs_case_manager, seeker, other_seeker
):
    client.force_login(jobs_case_manager)
    response = client.get(reverse("jobs_staff:seekers"), {"q": "林小"})
    html = response.content.decode()
    assert "林小青" in html and "陳大明" not in html
    assert "yo***@example.tw" in html and "young@example.tw" not in html
    response = client.get(reverse("jobs_staff:seekers"), {"q": "other@"})
    assert [s.display_name for s in response.context["page_obj"]] == ["陳大明"]
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_the_seeker_list_query_count_is_constant(client, jobs_case_manager, seeker):
    client.force_login(jobs_case_manager)
    url = reverse("jobs_staff:seekers")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(5):
        make_seeker(f"s{i}@example.tw", f"求職者{i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_opening_a_seeker_record_is_audited(client, jobs_case_manager, seeker, vacancy):
    profile = profile_of(seeker)
    Application.objects.create(vacancy=vacancy, seeker=profile)
    client.force_login(jobs_case_manager)
    response = client.get(reverse("jobs_staff:seeker", args=[profile.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "young@example.tw" in html and "門市人員" in html
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert entry.actor == jobs_case_manager and entry.object_id == str(profile.pk)


def test_a_case_manager_adds_a_note(client, jobs_case_manager, seeker):
    profile = profile_of(seeker)
    client.force_login(jobs_case_manager)
    url = reverse("jobs_staff:seeker_note", args=[profile.pk])
    response = client.post(url, {"note-text": "   "})
    assert response.status_code == 400
    assert "請填寫紀錄內容" in response.content.decode()
    assert not SeekerNote.objects.exists()
    assert client.post(url, {"note-text": "電話聯繫，想找南區的門市工作。"}).status_code == 302
    note = SeekerNote.objects.get()
    assert note.author == jobs_case_manager and note.seeker == profile
    assert (
        "電話聯繫" in client.get(reverse("jobs_staff:seeker", args=[profile.pk])).content.decode()
    )


def test_a_case_manager_refers_a_seeker_to_a_vacancy(client, jobs_case_manager, seeker, vacancy):
    profile = profile_of(seeker)
    client.force_login(jobs_case_manager)
    url = reverse("jobs_staff:seeker_refer", args=[profile.pk])
    response = client.post(url, {"refer-vacancy": "999999"})
    assert response.status_code == 400
    assert "查無編號 999999 的職缺" in response.content.decode()
    response = client.post(url, {"refer-vacancy": "abc"})
    assert response.status_code == 400
    assert not Application.objects.exists()
    assert (
        client.post(url, {"refer-vacancy": str(vacancy.pk), "refer-note": "有門市經驗"}).status_code
        == 302
    )
    application = Application.objects.get()
    assert (
        application.source == ApplicationSource.REFERRAL
        and application.referred_by == jobs_case_manager
    )
    response = client.post(url, {"refer-vacancy": str(vacancy.pk)})
    assert response.status_code == 400
    assert Application.objects.count() == 1


def test_a_referral_to_a_closed_vacancy_is_refused(client, jobs_case_manager, seeker, employer):
    closed = make_vacancy(org_of(employer), status=VacancyStatus.CLOSED)
    client.force_login(jobs_case_manager)
    response = client.post(
        reverse("jobs_staff:seeker_refer", args=[profile_of(seeker).pk]),
        {"refer-vacancy": closed.pk},
    )
    assert response.status_code == 400
    assert response.context["referral_form"].errors.get("vacancy")
    assert not Application.objects.exists()


def test_a_supervisor_without_refer_rights_sees_no_referral_form(client, director, seeker):
    client.force_login(director)
    html = client.get(reverse("jobs_staff:seeker", args=[profile_of(seeker).pk])).content.decode()
    assert "推介職缺" not in html
    response = client.post(
        reverse("jobs_staff:seeker_refer", args=[profile_of(seeker).pk]), {"refer-vacancy": "1"}
    )
    assert response.status_code == 403


# --- applications overview ----------------------------------------------------------------------
def test_the_applications_overview_filters_by_status(
    client, jobs_clerk, seeker, other_seeker, vacancy
):
    Application.objects.create(vacancy=vacancy, seeker=profile_of(seeker))
    Application.objects.create(
        vacancy=vacancy, seeker=profile_of(other_seeker), status=ApplicationStatus.HIRED
    )
    client.force_login(jobs_clerk)
    response = client.get(reverse("jobs_staff:applications"), {"status": "hired"})
    assert [a.seeker.display_name for a in response.context["page_obj"]] == ["陳大明"]
    assert dict(response.context["status_counts"])["錄取"] == 1
    assert "jobs/staff/seekers/" not in response.content.decode()  # the clerk may not open seekers
    assert client.get(reverse("jobs_staff:applications"), {"status": "bogus"}).status_code == 200


def test_the_applications_overview_query_count_is_constant(client, jobs_clerk, employer, vacancy):
    Application.objects.create(vacancy=vacancy, seeker=make_seeker("a@example.tw", "甲"))
    client.force_login(jobs_clerk)
    url = reverse("jobs_staff:applications")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(5):
        v = make_vacancy(org_of(employer), title=f"職缺{i}")
        Application.objects.create(vacancy=v, seeker=make_seeker(f"b{i}@example.tw", f"乙{i}"))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


# --- advice -------------------------------------------------------------------------------------
def test_the_advice_queue_sorts_by_due_date_and_shows_the_target(client, jobs_clerk, seeker):
    later = advice(seeker, due_in=3, question="later")
    overdue = advice(seeker, due_in=-2, question="overdue")
    advice(
        seeker, due_in=-5, status=AdviceStatus.ANSWERED, answer="done", answered_at=timezone.now()
    )
    client.force_login(jobs_clerk)
    response = client.get(reverse("jobs_staff:advice_queue"))
    html = response.content.decode()
    assert [a.pk for a in response.context["page_obj"]] == [overdue.pk, later.pk]
    assert "3 個工作天" in html and "逾期 2 天" in html
    assert response.context["counts"] == {"open": 2, "overdue": 1}
    response = client.get(reverse("jobs_staff:advice_queue"), {"view": "overdue"})
    assert [a.pk for a in response.context["page_obj"]] == [overdue.pk]


def test_the_advice_queue_query_count_is_constant(client, jobs_clerk, seeker):
    advice(seeker, due_in=1)
    client.force_login(jobs_clerk)
    url = reverse("jobs_staff:advice_queue")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(5):
        advice(make_seeker(f"q{i}@example.tw", f"問{i}").user, due_in=i - 2)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_staff_answer_advice_and_an_empty_answer_is_refused(client, jobs_clerk, seeker):
    request = advice(seeker, due_in=2)
    client.force_login(jobs_clerk)
    url = reverse("jobs_staff:advice_answer", args=[request.pk])
    page = client.get(url).content.decode()
    assert "請問履歷怎麼寫？" in page and "3 個工作天" in page
    response = client.post(url, {"answer": " "})
    assert response.status_code == 400
    assert "請填寫回覆內容" in response.content.decode()
    request.refresh_from_db()
    assert request.status == AdviceStatus.OPEN
    assert client.post(url, {"answer": "建議先列出工作經驗與證照。"}).status_code == 302
    request.refresh_from_db()
    assert request.status == AdviceStatus.ANSWERED and request.answered_within_target
    assert request.answered_by == jobs_clerk


def test_the_director_may_not_answer_advice(client, director, seeker):
    request = advice(seeker, due_in=2)
    client.force_login(director)
    assert (
        client.post(
            reverse("jobs_staff:advice_answer", args=[request.pk]), {"answer": "x"}
        ).status_code
        == 403
    )
    request.refresh_from_db()
    assert request.status == AdviceStatus.OPEN
