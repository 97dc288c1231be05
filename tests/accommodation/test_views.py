"""Job-redesign back-office screens: permissions, forms that refuse bad input with 400 and change
nothing, the cap shown and enforced, and the access log."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hopehome.accommodation import services
from hopehome.accommodation.models import RedesignApplication, RedesignItem
from hopehome.core.models import AuditEntry, Person

from .conftest import EMPLOYER_UBN, WORKER_ID

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"accommodation_staff:{name}", args=args)


def intake_post(**overrides):
    data = {
        "applicant_kind": "employer", "employer_ubn": EMPLOYER_UBN, "employer_name": "", "employer": "",
        "id_number": WORKER_ID, "name": "林雅婷", "birth_date": "79/05/01", "sex": "F", "phone": "0912345678",
        "impairment": "visual", "certificate_number": "身障字第1150001234號", "certificate_valid_until": "",
        "job_title": "電話服務員", "workplace": "臺南市安平區", "needs": "低視力，閱讀紙本資料困難。",
        "submitted_on": "2026-03-02",
        "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "30",
        "items-0-category": "devices", "items-0-name": "擴視機", "items-0-description": "24 吋", "items-0-amount_requested": "48,000",
        "items-1-category": "conditions", "items-1-name": "視力協助員", "items-1-description": "", "items-1-amount_requested": "19200 元",
        "items-2-category": "", "items-2-name": "", "items-2-description": "", "items-2-amount_requested": "",
    }  # fmt: skip
    data.update(overrides)
    return data


# --- access -----------------------------------------------------------------------------------
def test_other_divisions_get_403_and_visitors_are_sent_to_sign_in(
    client, clerk, outsider, inspector, apply
):
    application = apply([40000])
    assert client.get(url("list")).status_code == 302
    for user in (clerk, outsider, inspector):
        client.force_login(user)
        for path in (url("list"), url("detail", application.pk), url("create"), url("follow_ups")):
            assert client.get(path).status_code == 403, (user, path)
    assert not AuditEntry.objects.filter(action="view").exists()


def test_the_director_reads_and_decides_but_does_not_take_in(client, director, apply):
    application = apply([40000])
    client.force_login(director)
    assert client.get(url("list")).status_code == 200
    assert client.get(url("detail", application.pk)).status_code == 200
    assert client.get(url("create")).status_code == 403
    assert (
        client.post(
            url("disburse", application.pk), {"amount": "1", "on": "2026-04-01"}
        ).status_code
        == 403
    )


# --- list -------------------------------------------------------------------------------------
def test_the_list_filters_by_status_year_and_category(
    client, emp_clerk, apply, approve, django_assert_max_num_queries
):
    approved = approve(apply([40000]), on=date(2026, 3, 20))
    pending = apply([5000], submitted_on=date(2025, 6, 1))
    services.add_item(
        emp_clerk, pending, {"category": "environment", "name": "斜坡道", "amount_requested": 60000}
    )
    for n in range(5):
        apply([1000 + n])
    client.force_login(emp_clerk)
    with django_assert_max_num_queries(12):
        response = client.get(url("list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 7
    assert [a.pk for a in client.get(url("list"), {"status": "approved"}).context["page_obj"]] == [
        approved.pk
    ]
    assert [a.pk for a in client.get(url("list"), {"year": "2025"}).context["page_obj"]] == [
        pending.pk
    ]
    rows = list(client.get(url("list"), {"category": "environment"}).context["page_obj"])
    assert [(a.pk, a.requested_total) for a in rows] == [(pending.pk, 65000)]
    content = client.get(url("list")).content.decode()
    assert WORKER_ID not in content and "D12****782" in content


def test_a_bad_filter_answers_400_with_the_error_on_its_field(client, emp_clerk, apply):
    apply([40000])
    client.force_login(emp_clerk)
    response = client.get(url("list"), {"year": "19"})
    assert response.status_code == 400
    assert 'id="id_year-error"' in response.content.decode()


# --- intake -----------------------------------------------------------------------------------
def test_the_intake_form_creates_the_application_with_its_items(client, emp_clerk, employer):
    client.force_login(emp_clerk)
    response = client.post(url("create"), intake_post())
    application = RedesignApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", application.pk)
    assert set(application.items.values_list("name", "amount_requested")) == {
        ("視力協助員", 19200),
        ("擴視機", 48000),
    }
    assert application.person.birth_date == date(1990, 5, 1)


@pytest.mark.parametrize(
    "overrides, field_id",
    [
        ({"id_number": "A123456788"}, "id_id_number"),
        ({"employer_ubn": "12345678"}, "id_employer_ubn"),
        ({"employer_ubn": ""}, "id_employer_ubn"),
        ({"submitted_on": "2019-02-30"}, "id_submitted_on"),
        ({"phone": "call me"}, "id_phone"),
        ({"items-0-amount_requested": "四萬"}, "id_items-0-amount_requested"),
        ({"items-0-category": "gadgets"}, "id_items-0-category"),
        ({"items-1-name": ""}, "id_items-1-name"),
    ],
)
def test_bad_intake_input_answers_400_links_the_error_and_changes_nothing(
    client, emp_clerk, employer, overrides, field_id
):
    client.force_login(emp_clerk)
    response = client.post(url("create"), intake_post(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#{field_id}"' in html
    assert f'id="{field_id}-error"' in html
    assert not RedesignApplication.objects.exists() and not Person.objects.exists()


def test_an_intake_with_no_items_is_refused(client, emp_clerk, employer):
    client.force_login(emp_clerk)
    blank = {
        f"items-{n}-{k}": ""
        for n in range(3)
        for k in ("category", "name", "description", "amount_requested")
    }
    response = client.post(url("create"), intake_post(**blank))
    assert response.status_code == 400
    assert "請至少填寫一個申請項目" in response.content.decode()
    assert not RedesignApplication.objects.exists()


def test_a_tampered_formset_is_refused_not_a_server_error(client, emp_clerk, employer):
    client.force_login(emp_clerk)
    response = client.post(url("create"), intake_post(**{"items-TOTAL_FORMS": "abc"}))
    assert response.status_code == 400
    assert not RedesignApplication.objects.exists()


# --- the application page ---------------------------------------------------------------------
def test_the_application_page_masks_the_person_groups_items_and_shows_the_cap_usage(
    client, emp_case_manager, apply, approve
):
    approve(apply([65000]), on=date(2026, 3, 20))
    application = apply([40000], submitted_on=date(2026, 5, 1))
    client.force_login(emp_case_manager)
    response = client.get(url("detail", application.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "D12****782" in html and WORKER_ID not in html
    assert "提供就業所需之輔具" in html
    assert "已核定 65,000／100,000 元（尚可核定 35,000 元）" in html
    assert (
        AuditEntry.objects.filter(
            action="view", person=application.person, actor=emp_case_manager
        ).count()
        == 1
    )


def test_a_missing_application_is_404(client, emp_clerk):
    client.force_login(emp_clerk)
    assert client.get(url("detail", 999)).status_code == 404


def test_items_are_added_edited_and_deleted_from_the_page(client, emp_clerk, apply):
    application = apply([40000])
    client.force_login(emp_clerk)
    response = client.post(
        url("item_add", application.pk),
        {"category": "devices", "name": "手機翻拍架", "amount_requested": "2,500"},
    )
    assert response.status_code == 302
    added = application.items.get(name="手機翻拍架")
    assert (
        client.post(
            url("item_add", application.pk),
            {"category": "devices", "name": "", "amount_requested": "0"},
        ).status_code
        == 400
    )
    assert application.items.count() == 2
    response = client.post(
        url("item_edit", application.pk, added.pk),
        {"category": "devices", "name": "手機翻拍架", "amount_requested": "-1"},
    )
    assert response.status_code == 400
    assert client.post(url("item_edit", application.pk, added.pk),
                       {"category": "devices", "name": "手機翻拍架", "amount_requested": "3000"}).status_code == 302  # fmt: skip
    added.refresh_from_db()
    assert added.amount_requested == 3000
    assert client.get(url("item_delete", application.pk, added.pk)).status_code == 405
    assert client.post(url("item_delete", application.pk, added.pk)).status_code == 302
    assert not RedesignItem.objects.filter(pk=added.pk).exists()


# --- review and decision ----------------------------------------------------------------------
def decision_post(application, decision="approved", **extra):
    data = {"decided_on": "2026-05-20", "reason": ""}
    for i in application.items.all():
        data |= {f"decision_{i.pk}": decision, f"amount_{i.pk}": "", f"reason_{i.pk}": ""}
    data.update(extra)
    return data


def test_the_decision_form_refuses_passing_the_cap_with_the_remaining_amount(
    client, emp_clerk, emp_supervisor, apply, approve
):
    approve(apply([65000]), on=date(2026, 3, 20))
    application = apply([40000], submitted_on=date(2026, 5, 1))
    client.force_login(emp_clerk)
    assert client.post(url("review", application.pk)).status_code == 302
    assert client.get(url("decide", application.pk)).status_code == 403  # clerks do not decide
    client.force_login(emp_supervisor)
    response = client.post(url("decide", application.pk), decision_post(application))
    assert response.status_code == 400
    assert "本年度尚可核定 35,000 元" in response.content.decode()
    application.refresh_from_db()
    assert (application.status, application.approved_total) == ("under_review", 0)
    assert "cap_exception_reason" not in response.context["form"].fields


def test_a_reduction_without_amount_or_reason_is_linked_to_its_fields(
    client, emp_clerk, emp_supervisor, apply
):
    application = apply([40000])
    services.start_review(emp_clerk, application)
    item = application.items.get()
    client.force_login(emp_supervisor)
    response = client.post(url("decide", application.pk), decision_post(application, "reduced"))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_amount_{item.pk}-error"' in html and f'id="id_reason_{item.pk}-error"' in html
    response = client.post(
        url("decide", application.pk),
        decision_post(
            application,
            "reduced",
            **{f"amount_{item.pk}": "30000", f"reason_{item.pk}": "依市價", "reason": "核減。"},
        ),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.approved_total) == ("partly_approved", 30000)


def test_the_director_may_approve_over_the_cap_with_a_reason(
    client, director, apply, approve, emp_clerk
):
    approve(apply([80000]), on=date(2026, 3, 20))
    application = apply([30000], submitted_on=date(2026, 5, 1))
    services.start_review(emp_clerk, application)
    client.force_login(director)
    assert client.post(url("decide", application.pk), decision_post(application)).status_code == 400
    response = client.post(
        url("decide", application.pk), decision_post(application, cap_exception_reason="專案核准。")
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.cap_exception_reason) == ("approved", "專案核准。")


# --- disbursement, start date, follow-up ------------------------------------------------------
def test_later_steps_refuse_bad_input_with_400_and_accept_good_input(
    client, emp_clerk, apply, approve
):
    application = approve(apply([40000]), on=date(2026, 3, 20))
    client.force_login(emp_clerk)
    for data in ({"amount": "40001", "on": "2026-04-01"}, {"amount": "abc", "on": "2026-04-01"},
                 {"amount": "40000", "on": "2026-03-01"}, {"amount": "40000", "on": ""}):  # fmt: skip
        assert client.post(url("disburse", application.pk), data).status_code == 400, data
    application.refresh_from_db()
    assert application.status == "approved" and application.disbursed_amount is None
    assert (
        client.post(
            url("disburse", application.pk), {"amount": "40,000", "on": "115/04/01"}
        ).status_code
        == 302
    )
    assert (
        client.post(url("start", application.pk), {"employment_start": "not a date"}).status_code
        == 400
    )
    assert (
        client.post(url("start", application.pk), {"employment_start": "2026-03-10"}).status_code
        == 302
    )
    response = client.post(
        url("follow_up", application.pk), {"on": "2026-06-09", "employed_after_3_months": "yes"}
    )
    assert response.status_code == 400
    assert "2026-06-10" in response.content.decode()
    assert (
        client.post(
            url("follow_up", application.pk),
            {"on": "2026-06-10", "employed_after_3_months": "maybe"},
        ).status_code
        == 400
    )
    application.refresh_from_db()
    assert application.status == "disbursed"
    assert (
        client.post(
            url("follow_up", application.pk), {"on": "2026-06-10", "employed_after_3_months": "yes"}
        ).status_code
        == 302
    )
    application.refresh_from_db()
    assert (application.status, application.employed_after_3_months) == ("closed", True)


def test_the_follow_up_queue_shows_cases_due(client, emp_clerk, apply, approve):
    application = approve(apply([40000]), on=date(2026, 3, 20))
    services.disburse(emp_clerk, application, 40000, date(2026, 4, 1))
    services.record_start(emp_clerk, application, date(2026, 3, 10))
    client.force_login(emp_clerk)
    response = client.get(url("follow_ups"))
    assert response.status_code == 200
    assert application.number in response.content.decode()
    assert "2026-06-10" in response.content.decode()
