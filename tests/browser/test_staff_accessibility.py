"""The back office passes axe-core too, signed in as a supervisor of 職訓就服中心."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from hopehome.core.choices import Role
from hopehome.core.models import Division, StaffProfile
from hopehome.training import services
from hopehome.training.choices import EmploymentSource, EnrollmentStatus
from hopehome.training.models import Course, Enrollment

from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def supervisor_login(page):
    user = get_user_model().objects.create_user(username="sup", password="pw-sup-12345", first_name="林淑芬")
    StaffProfile.objects.create(user=user, role=Role.SUPERVISOR, division=Division.objects.get(code="vtc"))
    page.goto(page.base + "/staff/login/")
    page.fill("#id_username", "sup")
    page.fill("#id_password", "pw-sup-12345")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/staff/")
    return user


@pytest.fixture
def finished_course(supervisor_login, make_course):
    course = make_course(starts_on=date(2019, 3, 1), ends_on=date(2019, 6, 30), status="in_progress")
    enrollment = services.apply(supervisor_login, course, services.Applicant(id_number="D223456784", name="林美玲"), channel="staff")
    services.start_attending(supervisor_login, enrollment)
    services.record_outcome(supervisor_login, enrollment, EnrollmentStatus.COMPLETED, hours_attended=300)
    services.record_followup(supervisor_login, enrollment, insured_on=date(2019, 7, 1), source=EmploymentSource.INSURANCE)
    return course


def test_staff_pages_have_no_axe_violations(page, axe, finished_course):
    enrollment = Enrollment.objects.get()
    person = enrollment.person
    code = Course.objects.get().code
    paths = [
        "/staff/?year=2019", "/staff/people/?q=林", f"/staff/people/{person.pk}/", f"/staff/people/{person.pk}/edit/", f"/staff/people/{person.pk}/audit/",
        "/staff/organizations/", "/staff/organizations/new/", "/staff/training/", "/staff/training/new/",
        f"/staff/training/{code}/", f"/staff/training/{code}/edit/", f"/staff/training/enrollments/{enrollment.pk}/outcome/",
        f"/staff/training/enrollments/{enrollment.pk}/followup/", "/staff/training/ttqs/", "/staff/training/ttqs/new/",
        "/staff/training/ttqs/bands/", "/staff/training/figures/?year=2019", "/staff/training/import/",
        "/staff/outcomes/training.employment_rate.unemployed/2019/",
    ]  # fmt: skip
    for path in paths:
        response = page.goto(page.base + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(axe, page, path)


def test_a_form_with_errors_in_the_back_office_has_no_axe_violations(page, axe, supervisor_login):
    page.goto(page.base + "/staff/organizations/new/")
    page.select_option("#id_kind", "employer")
    page.fill("#id_name", "測試公司")
    page.fill("#id_ubn", "12345678")
    with page.expect_navigation():
        page.locator("main form.stack button[type=submit]").click()
    assert page.locator("#id_ubn[aria-invalid=true]").count() == 1
    assert_no_axe_violations(axe, page, "organization form with a bad UBN")
