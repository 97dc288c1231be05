"""axe-core reports zero violations on the employer pages (/employer/) and the jobs back office."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from hopehome.jobs.choices import AdviceStatus, VacancyStatus
from hopehome.jobs.models import AdviceRequest, Application
from hopehome.jobs.screening import screen_vacancy
from tests.conftest import make_staff
from tests.jobs.conftest import EMPLOYER_UBN, make_employer, make_seeker, make_vacancy

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user) -> None:
    """Give the browser the session of ``user`` (the login page itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": page.base}]
    )


def check(page, axe, path: str, status: int = 200) -> None:
    response = page.goto(page.base + path)
    assert response.status == status, path
    assert page.locator("h1").count() == 1, path
    assert page.get_attribute("html", "lang") == "zh-Hant-TW", path
    assert_no_axe_violations(axe, page, path)


@pytest.fixture
def records():
    account = make_employer("hr@anping.example", EMPLOYER_UBN, "安平好食股份有限公司")
    org = account.organization
    published = make_vacancy(org)
    flagged = make_vacancy(
        org, title="櫃台接待", status=VacancyStatus.DRAFT, published_at=None,
        requirements="限女性，年齡30歲以下。", salary_min=20000, salary_max=None,
    )  # fmt: skip
    seeker = make_seeker("young@example.tw", "林小青")
    application = Application.objects.create(
        vacancy=published, seeker=seeker, message="我有門市經驗。"
    )
    return {
        "account": account,
        "published": published,
        "flagged": flagged,
        "seeker": seeker,
        "application": application,
    }


def test_employer_sign_up_has_no_axe_violations(page, axe):
    check(page, axe, "/employer/signup/")
    page.get_by_label("統一編號").fill("12345678")
    page.locator("form.stack button[type=submit]").click()
    assert page.locator(".error-summary").count() == 1
    assert page.get_by_label("統一編號").get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(axe, page, "sign-up with errors")


def test_employer_pages_have_no_axe_violations(page, axe, records):
    sign_in(page, records["account"].user)
    published, flagged, application = (
        records["published"],
        records["flagged"],
        records["application"],
    )
    for path in [
        "/employer/", "/employer/?status=draft", "/employer/vacancies/new/",
        f"/employer/vacancies/{published.pk}/", f"/employer/vacancies/{flagged.pk}/",
        f"/employer/vacancies/{flagged.pk}/edit/", f"/employer/vacancies/{published.pk}/close/",
        f"/employer/vacancies/{published.pk}/applications/", f"/employer/applications/{application.pk}/",
    ]:  # fmt: skip
        check(page, axe, path)
    # The discrimination screen's warning and the minimum-wage refusal after a submit attempt.
    page.goto(f"{page.base}/employer/vacancies/{flagged.pk}/")
    assert "『限女性，年齡30歲以下』" in page.content()
    page.get_by_role("button", name="送出審核").click()
    assert "低於最低工資" in page.locator("#error-summary").inner_text()
    assert_no_axe_violations(axe, page, "submit refused")
    # A vacancy form and a status change sent with errors.
    page.goto(page.base + "/employer/vacancies/new/")
    page.get_by_label("職稱", exact=False).first.fill("")
    page.get_by_role("button", name="儲存職缺").click()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(axe, page, "vacancy form with errors")
    page.goto(f"{page.base}/employer/applications/{application.pk}/")
    page.get_by_label("未錄取", exact=True).check()
    page.get_by_role("button", name="更新狀態").click()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(axe, page, "status change with errors")


def test_jobs_back_office_pages_have_no_axe_violations(page, axe, records):
    supervisor = make_staff("jobs_sup", "supervisor", "employment")
    make_employer("new@shop.example", "22099131", "新開張商行", verified=False)
    pending = make_vacancy(
        records["account"].organization, title="洗碗員", status=VacancyStatus.PENDING, published_at=None,
        submitted_at=timezone.now(), requirements="徵洗碗歐巴桑。",
    )  # fmt: skip
    pending.screen_findings = screen_vacancy(pending)
    pending.save()
    today = timezone.localdate()
    open_advice = AdviceRequest.objects.create(
        seeker=records["seeker"],
        topic="resume",
        question="請問履歷怎麼寫？",
        due_on=today - timedelta(days=1),
    )
    AdviceRequest.objects.create(
        seeker=records["seeker"], topic="rights", question="加班費怎麼算？", due_on=today, status=AdviceStatus.ANSWERED,
        answer="請參考勞動基準法第24條。", answered_at=timezone.now(), answered_by=supervisor, answered_within_target=True,
    )  # fmt: skip
    sign_in(page, supervisor)
    for path in [
        "/staff/jobs/", "/staff/jobs/vacancies/", f"/staff/jobs/vacancies/{pending.pk}/",
        f"/staff/jobs/vacancies/{records['flagged'].pk}/", "/staff/jobs/vacancies/new/",
        f"/staff/jobs/vacancies/{pending.pk}/edit/", "/staff/jobs/employers/", "/staff/jobs/seekers/?q=林",
        f"/staff/jobs/seekers/{records['seeker'].pk}/", "/staff/jobs/applications/", "/staff/jobs/advice/",
        "/staff/jobs/advice/?view=overdue", "/staff/jobs/advice/?view=answered", f"/staff/jobs/advice/{open_advice.pk}/",
    ]:  # fmt: skip
        check(page, axe, path)
    page.goto(f"{page.base}/staff/jobs/vacancies/{pending.pk}/")
    page.get_by_role("button", name="刊登職缺").click()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(axe, page, "publish refused without a note")
