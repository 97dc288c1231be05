"""A supervisor can see who viewed or changed a person; others cannot."""

import pytest

from hopehome.core.choices import AuditAction
from hopehome.core.models import AuditEntry
from hopehome.training.services import Applicant, apply


@pytest.fixture
def trainee(course):
    return apply(None, course, Applicant(id_number="D223456784", name="林美玲")).person


def test_staff_person_page_masks_the_id_for_clerks_and_logs_the_view(client, clerk, trainee):
    client.force_login(clerk)
    response = client.get(f"/staff/people/{trainee.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "D22****784" in html
    assert "D223456784" not in html
    assert AuditEntry.objects.filter(person=trainee, action=AuditAction.VIEW, actor=clerk).exists()


def test_case_managers_see_the_full_identifier(client, case_manager, trainee):
    client.force_login(case_manager)
    assert "D223456784" in client.get(f"/staff/people/{trainee.pk}/").content.decode()


def test_supervisor_sees_who_viewed_and_changed_the_person(client, clerk, supervisor, trainee):
    client.force_login(clerk)
    client.get(f"/staff/people/{trainee.pk}/")
    client.force_login(supervisor)
    response = client.get(f"/staff/people/{trainee.pk}/audit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "clerk" in html
    assert "檢視" in html and "新增" in html


def test_clerks_and_outsiders_cannot_open_the_audit_trail(client, clerk, outsider, trainee):
    client.force_login(clerk)
    assert client.get(f"/staff/people/{trainee.pk}/audit/").status_code == 403
    client.force_login(outsider)
    assert client.get(f"/staff/people/{trainee.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, trainee):
    response = client.get(f"/staff/people/{trainee.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_members_of_the_public_with_an_account_get_403(client, citizen, trainee):
    client.force_login(citizen)
    assert client.get("/staff/people/").status_code == 403


def test_people_search_page_lists_masked_results(client, clerk, trainee, django_assert_max_num_queries):
    client.force_login(clerk)
    with django_assert_max_num_queries(8):
        response = client.get("/staff/people/", {"q": "林"})
    html = response.content.decode()
    assert "D22****784" in html
    assert "D223456784" not in html


def test_staff_correct_a_persons_phone_and_the_change_is_audited(client, clerk, supervisor, trainee):
    client.force_login(clerk)
    response = client.post(f"/staff/people/{trainee.pk}/edit/", {"name": trainee.name, "phone": "06-2982334", "birth_date": "79/05/01"})
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.phone == "06-2982334"
    assert str(trainee.birth_date) == "1990-05-01"
    entry = AuditEntry.objects.filter(person=trainee, action=AuditAction.UPDATE).latest("at")
    assert entry.changes["phone"]["after"] == "06-2982334"
    client.force_login(supervisor)
    assert "06-2982334" in client.get(f"/staff/people/{trainee.pk}/audit/").content.decode()


def test_a_bad_phone_or_date_changes_nothing(client, clerk, trainee):
    client.force_login(clerk)
    response = client.post(f"/staff/people/{trainee.pk}/edit/", {"name": trainee.name, "phone": "call me", "birth_date": "108/02/30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "電話號碼格式不正確" in html and "不是存在的日期" in html
    trainee.refresh_from_db()
    assert trainee.phone == ""


def test_people_outside_the_scope_cannot_be_edited(client, outsider, inspector, trainee):
    client.force_login(outsider)
    assert client.get(f"/staff/people/{trainee.pk}/edit/").status_code == 404
    client.force_login(inspector)
    assert client.get(f"/staff/people/{trainee.pk}/edit/").status_code == 403
