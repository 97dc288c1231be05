"""Program 3's pages pass axe-core: the public page, by keyboard too, and the staff screens."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from hopehome.accommodation import services
from hopehome.core.choices import Role
from hopehome.core.models import Division, Organization, StaffProfile
from tests.browser.conftest import assert_no_axe_violations, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def staff(username: str, role: str):
    user = get_user_model().objects.create_user(
        username=username, password=f"pw-{username}-12345", first_name=username
    )
    StaffProfile.objects.create(
        user=user, role=role, division=Division.objects.get(code="employment")
    )
    return user


def sign_in(page, username: str) -> None:
    page.goto(page.base + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}-12345")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/staff/")


def test_the_public_page_has_no_axe_violations_and_works_by_keyboard(page, axe):
    response = page.goto(page.base + "/accommodation/")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(axe, page, "/accommodation/")
    tab_to(page, "el.getAttribute('href') === 'tel:+88666377337'")


def test_the_staff_screens_have_no_axe_violations(page, axe):
    clerk = staff("emp_axe", Role.CLERK)
    supervisor = staff("sup_axe", Role.SUPERVISOR)
    Organization.objects.create(kind="employer", name="安平光學股份有限公司", ubn="04595257")
    data = {"applicant_kind": "employer", "employer_ubn": "04595257", "id_number": "D123456782", "name": "林雅婷",
            "impairment": "visual", "certificate_number": "身障字第1150001234號", "job_title": "電話服務員",
            "workplace": "臺南市安平區", "needs": "低視力。", "submitted_on": date(2026, 3, 2)}  # fmt: skip
    items = [{"category": "devices", "name": "擴視機", "amount_requested": 48000},
             {"category": "conditions", "name": "視力協助員", "amount_requested": 19200}]  # fmt: skip
    approved = services.create_application(clerk, data, items)
    services.start_review(clerk, approved)
    services.decide(supervisor, approved, {i.pk: ("approved", None, "") for i in approved.items.all()}, "",
                    decided_on=date(2026, 3, 20))  # fmt: skip
    services.disburse(clerk, approved, 67200, date(2026, 4, 1))
    services.record_start(clerk, approved, date(2026, 3, 10))
    pending = services.create_application(clerk, data, items[:1])
    sign_in(page, "emp_axe")
    for path in ["/staff/accommodation/", "/staff/accommodation/new/", "/staff/accommodation/follow-ups/",
                 f"/staff/accommodation/{approved.pk}/", f"/staff/accommodation/{pending.pk}/",
                 f"/staff/accommodation/{pending.pk}/items/new/", f"/staff/accommodation/{approved.pk}/disburse/",
                 f"/staff/accommodation/{approved.pk}/start/", f"/staff/accommodation/{approved.pk}/follow-up/"]:  # fmt: skip
        response = page.goto(page.base + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(axe, page, path)
    page.goto(page.base + "/staff/accommodation/new/")
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_no_axe_violations(axe, page, "intake form with errors")
    services.start_review(clerk, pending)
    page.context.clear_cookies()
    sign_in(page, "sup_axe")
    response = page.goto(f"{page.base}/staff/accommodation/{pending.pk}/decide/")
    assert response.status == 200
    assert_no_axe_violations(axe, page, "decision form")
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_load_state()
    assert_no_axe_violations(axe, page, "decision form with errors")
