"""The course application works by keyboard alone, with accessible names and linked errors."""

from __future__ import annotations

from datetime import date

import pytest

from hopehome.core.choices import OrganizationKind
from hopehome.core.models import Organization
from hopehome.training.choices import CourseCategory, CourseStatus
from hopehome.training.models import Course, Enrollment

from .conftest import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_course():
    provider = Organization.objects.create(kind=OrganizationKind.TRAINING_PROVIDER, name="臺南市職業訓練就業服務中心", is_bureau_unit=True)
    return Course.objects.create(
        code="K2030-01", title="門市服務人員養成班", category=CourseCategory.UNEMPLOYED, provider=provider,
        hours=300, capacity=20, starts_on=date(2030, 3, 1), ends_on=date(2030, 6, 30), status=CourseStatus.OPEN,
    )  # fmt: skip


def focused_label(page) -> str:
    return page.evaluate("(() => { const el = document.activeElement; return el && el.labels && el.labels[0] ? el.labels[0].textContent : ''; })()")


def type_into(page, label_fragment: str, text: str) -> None:
    tab_to(page, f"el.labels && el.labels[0] && el.labels[0].textContent.includes({label_fragment!r})")
    page.keyboard.type(text)


def test_the_first_tab_reaches_the_skip_link(page):
    page.goto(page.base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_search_detail_and_apply_by_keyboard_only(page, open_course):
    page.goto(page.base + "/training/")
    # search the catalogue
    tab_to(page, "el.tagName === 'INPUT' && el.name === 'q'")
    page.keyboard.type("門市")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    status = page.locator("[role=status]").first.inner_text()
    assert "1" in status
    # open the course detail from the results
    tab_to(page, f"el.tagName === 'A' && el.getAttribute('href') && el.getAttribute('href').includes('/training/{open_course.code}/')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/training/{open_course.code}/")
    assert "門市服務人員養成班" in page.locator("h1").inner_text()
    # go to the application form
    tab_to(page, "el.tagName === 'A' && el.getAttribute('href') && el.getAttribute('href').endsWith('/apply/')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/apply/")
    # submit a bad identifier first: the error is announced and linked to the field
    type_into(page, "姓名", "王小明")
    type_into(page, "身分證字號", "A123456788")
    type_into(page, "出生日期", "79/05/01")
    type_into(page, "電話", "0912345678")
    tab_to(page, "el.type === 'checkbox'")
    page.keyboard.press("Space")
    tab_to(page, "el.type === 'submit' && el.closest('form.stack')")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    id_input = page.locator("input[aria-invalid=true]").first
    described = id_input.get_attribute("aria-describedby") or ""
    error_ids = [d for d in described.split() if d.endswith("-error")]
    assert error_ids, "the invalid field must point at its error message"
    assert "檢查碼" in page.locator(f"#{error_ids[0]}").inner_text()
    assert Enrollment.objects.count() == 0
    # correct it by keyboard and submit again
    tab_to(page, "el.getAttribute('aria-invalid') === 'true'")
    page.keyboard.press("Control+A")
    page.keyboard.type("A123456789")
    consent_checked = page.evaluate("(() => { const c = document.querySelector('form.stack input[type=checkbox]'); return c ? c.checked : true; })()")
    if not consent_checked:
        tab_to(page, "el.type === 'checkbox'")
        page.keyboard.press("Space")
    tab_to(page, "el.type === 'submit' && el.closest('form.stack')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/applied/**")
    assert Enrollment.objects.filter(course=open_course, person__id_number="A123456789").count() == 1
    number = Enrollment.objects.get().confirmation_number
    assert number in page.content()
    assert "A123456789" not in page.content()


def test_controls_on_the_application_form_have_accessible_names(page, open_course):
    page.goto(f"{page.base}/training/{open_course.code}/apply/")
    unnamed = page.evaluate(
        """(() => Array.from(document.querySelectorAll('main input:not([type=hidden]), main select, main textarea, main button'))
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !(el.textContent || '').trim())
              .map(el => el.name || el.id))()"""
    )
    assert unnamed == []
