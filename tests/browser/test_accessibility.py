"""axe-core reports zero violations on every public page, in both languages."""

from __future__ import annotations

from datetime import date

import pytest

from hopehome.core.choices import OrganizationKind
from hopehome.core.models import District, Organization
from hopehome.training.choices import CourseCategory, CourseStatus
from hopehome.training.models import Course
from hopehome.training.services import Applicant, apply

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_course():
    provider = Organization.objects.create(kind=OrganizationKind.TRAINING_PROVIDER, name="臺南市職業訓練就業服務中心", is_bureau_unit=True)
    return Course.objects.create(
        code="B2030-01", title="照顧服務員訓練班", category=CourseCategory.CARE_WORKER, provider=provider,
        hours=90, capacity=2, starts_on=date(2030, 3, 1), ends_on=date(2030, 4, 30), status=CourseStatus.OPEN,
        district=District.objects.get(postcode="700"), venue="中西區民生路二段", subsidy=12000,
        description="長照 2.0 照顧服務員專業訓練，結訓後可參加照顧服務員單一級技術士技能檢定。",
    )  # fmt: skip


PUBLIC_PATHS = ["/", "/training/", "/training/?q=照顧", "/training/?q=zzzz", "/outcomes/2019/", "/accessibility/",
                "/privacy/", "/staff/login/", "/no-such-page/", "/casework/",
                "/violations/", "/violations/statistics/2019/", "/violations/data-dictionary/"]  # fmt: skip


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_public_pages_have_no_axe_violations(page, axe, open_course, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
    paths = [*PUBLIC_PATHS, f"/training/{open_course.code}/", f"/training/{open_course.code}/apply/"]
    for path in paths:
        page.goto(page.base + path)
        expected_lang = "zh-Hant-TW" if language == "zh-hant" else "en"
        assert page.get_attribute("html", "lang") == expected_lang, path
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(axe, page, f"{path} ({language})")


def test_application_errors_and_confirmation_have_no_axe_violations(page, axe, open_course):
    page.goto(f"{page.base}/training/{open_course.code}/apply/")
    page.locator("form.stack button[type=submit]").click()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(axe, page, "application form with errors")
    apply(None, open_course, Applicant(id_number="D123456782", name="甲"))
    apply(None, open_course, Applicant(id_number="D223456784", name="乙"))  # the course is now full
    page.get_by_label("姓名").fill("王小明")
    page.get_by_label("身分證字號", exact=False).first.fill("A123456789")
    page.get_by_label("出生日期").fill("1990-05-01")
    page.get_by_label("電話").fill("0912345678")
    consent = page.locator("input[type=checkbox][name*=consent]")
    if consent.count():
        consent.check()
    page.locator("form.stack button[type=submit]").click()
    assert "備取" in page.content()
    assert_no_axe_violations(axe, page, "waitlist confirmation")
