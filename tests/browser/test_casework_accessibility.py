"""Program 8's back office passes axe-core: a case manager's and a supervisor's screens."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from hopehome.casework import housing, services
from hopehome.core.choices import Role
from hopehome.core.models import Division, Person, StaffProfile

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def staff(username: str, role: str):
    user = get_user_model().objects.create_user(username=username, password=f"pw-{username}-12345", first_name=username)
    StaffProfile.objects.create(user=user, role=role, division=Division.objects.get(code="safety_welfare"))
    return user


def sign_in(page, username: str) -> None:
    page.goto(page.base + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}-12345")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/staff/")


def test_case_and_housing_screens_have_no_axe_violations(page, axe):
    cm = staff("cm_axe", Role.CASE_MANAGER)
    sup = staff("sup_axe", Role.SUPERVISOR)
    worker = Person.objects.create(name="陳志明", id_number="D123456782", id_type="national")
    case = services.open_case(cm, person=worker, injury_date=date(2026, 10, 2), kind="injury", severity="injury",
                              source="hospital", opened_on=date(2026, 10, 5))  # fmt: skip
    repair = housing.apply_for_repair(cm, applicant=worker, category="injured", address="臺南市永康區中正路 1 號")
    sign_in(page, "cm_axe")
    for path in ["/staff/cases/", "/staff/cases/new/", f"/staff/cases/{case.pk}/", f"/staff/cases/{case.pk}/edit/",
                 f"/staff/cases/{case.pk}/services/new/", f"/staff/cases/{case.pk}/contacts/new/",
                 f"/staff/cases/{case.pk}/export/", "/staff/housing/", "/staff/housing/new/", "/staff/housing/teams/",
                 f"/staff/housing/{repair.pk}/", f"/staff/housing/{repair.pk}/survey/"]:  # fmt: skip
        response = page.goto(page.base + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(axe, page, path)
    page.goto(f"{page.base}/staff/cases/{case.pk}/contacts/new/")
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_no_axe_violations(axe, page, "contact form with errors")
    page.context.clear_cookies()
    sign_in(page, "sup_axe")
    for path in ["/staff/cases/team/", f"/staff/cases/{case.pk}/log/", "/staff/cases/rates/"]:
        response = page.goto(page.base + path)
        assert response.status == 200, path
        assert_no_axe_violations(axe, page, path)
    assert sup.pk
