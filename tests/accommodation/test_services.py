"""Job-redesign services: intake, items, review, the yearly cap, disbursement and follow-up."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hopehome.accommodation import services
from hopehome.accommodation.models import RedesignApplication, RedesignItem, SubsidyCap
from hopehome.core.models import AuditEntry, Organization, Person

from .conftest import EMPLOYER_UBN, NEW_UBN, WORKER_ID, application_data, item

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- intake -----------------------------------------------------------------------------------
def test_it_takes_in_an_application_with_a_numbered_case_a_new_person_and_audit(
    emp_clerk, employer
):
    application = services.create_application(
        emp_clerk,
        application_data(birth_date=date(1990, 5, 1)),
        [item("擴視機", 48000), item("螢幕報讀軟體", 18000)],
    )
    assert application.number == "JR-2026-0001"
    assert application.status == "submitted"
    assert application.employer == employer
    assert application.case_manager == emp_clerk
    person = application.person
    assert (person.id_number, person.name, person.disability_category) == (
        WORKER_ID,
        "林雅婷",
        "b2",
    )
    assert set(person.target_groups.values_list("code", flat=True)) == {
        "disabled",
        "visually_impaired",
    }
    assert sorted(application.items.values_list("amount_requested", flat=True)) == [18000, 48000]
    entries = AuditEntry.objects.filter(person=person, action="create")
    assert {e.object_type for e in entries} == {
        "core.person",
        "accommodation.redesignapplication",
        "accommodation.redesignitem",
    }
    second = services.create_application(emp_clerk, application_data(), [item()])
    assert second.number == "JR-2026-0002"
    assert second.person == person


def test_it_registers_a_new_employer_from_a_valid_ubn(emp_clerk):
    application = services.create_application(
        emp_clerk,
        application_data(employer_ubn=NEW_UBN, employer_name="仁德精密股份有限公司"),
        [item()],
    )
    assert application.employer.ubn == NEW_UBN
    assert Organization.objects.filter(ubn=NEW_UBN, name="仁德精密股份有限公司").exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"id_number": "A123456788"}, "id_number"),  # checksum
        ({"id_number": ""}, "id_number"),
        ({"employer_ubn": "12345678"}, "employer_ubn"),  # checksum
        ({"employer_ubn": ""}, "employer_ubn"),
        ({"employer_ubn": NEW_UBN}, "employer_name"),  # unknown UBN and no name
        ({"applicant_kind": "self_employed"}, "employer_ubn"),  # self-employed with an employer
        ({"applicant_kind": "someone"}, "applicant_kind"),
        ({"impairment": ""}, "impairment"),
        ({"certificate_number": " "}, "certificate_number"),
        ({"submitted_on": date(2099, 1, 1)}, "submitted_on"),
        ({"certificate_valid_until": date(2026, 1, 1)}, "certificate_valid_until"),  # expired
        ({"needs": ""}, "needs"),
    ],
)
def test_it_refuses_bad_intake_data_and_creates_nothing(emp_clerk, employer, overrides, field):
    with pytest.raises(ValidationError) as e:
        services.create_application(emp_clerk, application_data(**overrides), [item()])
    assert field in e.value.message_dict
    assert not RedesignApplication.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize("items", [[], [item(amount=0)], [item(category="gadgets")], [item(name="")],
                                   [item(amount="abc")]])  # fmt: skip
def test_it_refuses_missing_or_bad_items(emp_clerk, employer, items):
    with pytest.raises(ValidationError) as e:
        services.create_application(emp_clerk, application_data(), items)
    assert "items" in e.value.message_dict
    assert not RedesignApplication.objects.exists()


def test_a_known_identifier_with_another_name_is_refused(emp_clerk, employer, worker):
    with pytest.raises(ValidationError) as e:
        services.create_application(emp_clerk, application_data(name="王小明"), [item()])
    assert "name" in e.value.message_dict


def test_a_self_employed_worker_applies_without_an_employer(emp_clerk):
    application = services.create_application(
        emp_clerk, application_data(applicant_kind="self_employed", employer_ubn=""), [item()]
    )
    assert application.employer is None


def test_a_public_body_without_ubn_may_be_the_employer(emp_clerk):
    school = Organization.objects.create(kind="school", name="臺南市立海佃國民中學")
    application = services.create_application(
        emp_clerk, application_data(employer_ubn="", employer=school), [item()]
    )
    assert application.employer == school
    shop = Organization.objects.create(kind="employer", name="無統編商行")
    with pytest.raises(ValidationError) as e:
        services.create_application(
            emp_clerk, application_data(employer_ubn="", employer=shop), [item()]
        )
    assert "employer" in e.value.message_dict


# --- items ------------------------------------------------------------------------------------
def test_items_change_until_the_decision_and_not_after(apply, approve, emp_clerk):
    application = apply([40000])
    added = services.add_item(emp_clerk, application, item("手機翻拍架", 2500))
    services.edit_item(emp_clerk, added, {"amount_requested": 3000})
    added.refresh_from_db()
    assert added.amount_requested == 3000
    first = application.items.exclude(pk=added.pk).get()
    services.remove_item(emp_clerk, first)
    with pytest.raises(ValidationError):
        services.remove_item(emp_clerk, added)  # the last one stays
    with pytest.raises(ValidationError) as e:
        services.edit_item(emp_clerk, added, {"amount_requested": -5})
    assert "amount_requested" in e.value.message_dict
    approve(application)
    with pytest.raises(ValidationError):
        services.add_item(emp_clerk, application, item())
    with pytest.raises(ValidationError):
        services.edit_item(emp_clerk, added, {"amount_requested": 1})
    assert RedesignItem.objects.get(pk=added.pk).amount_requested == 3000


# --- decisions --------------------------------------------------------------------------------
def test_a_decision_needs_a_review_first(apply, emp_supervisor):
    application = apply([40000])
    decisions = {i.pk: ("approved", None, "") for i in application.items.all()}
    with pytest.raises(ValidationError):
        services.decide(emp_supervisor, application, decisions, "")
    application.refresh_from_db()
    assert application.status == "submitted"


def test_all_items_approved_makes_an_approved_application_counted_in_the_decision_year(
    apply, approve
):
    application = approve(apply([40000, 18000]), on=date(2026, 3, 20))
    assert (application.status, application.approved_total, application.year) == (
        "approved",
        58000,
        2026,
    )
    assert set(application.items.values_list("decision", "amount_approved")) == {
        ("approved", 40000),
        ("approved", 18000),
    }


def test_reduced_or_rejected_items_make_it_partly_approved_with_reasons(
    apply, emp_clerk, emp_supervisor
):
    application = apply([40000, 18000])
    services.start_review(emp_clerk, application)
    first, second = application.items.order_by("id")
    with pytest.raises(ValidationError) as e:  # a reduction needs a lower amount and a reason
        services.decide(
            emp_supervisor,
            application,
            {first.pk: ("reduced", 45000, ""), second.pk: ("approved", None, "")},
            "x",
        )
    assert "decisions" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # the application's own reason
        services.decide(
            emp_supervisor,
            application,
            {first.pk: ("reduced", 30000, "依市價"), second.pk: ("rejected", None, "非必要")},
            "",
        )
    assert "reason" in e.value.message_dict
    decided = services.decide(
        emp_supervisor, application, {first.pk: ("reduced", 30000, "依市價"), second.pk: ("rejected", None, "非必要")},
        "擴視機依市價核減，軟體不予補助。", decided_on=date(2026, 3, 20),
    )  # fmt: skip
    assert (decided.status, decided.approved_total) == ("partly_approved", 30000)


def test_rejecting_every_item_rejects_the_application_with_reasons_required(
    apply, emp_clerk, emp_supervisor
):
    application = apply([40000])
    services.start_review(emp_clerk, application)
    only = application.items.get()
    with pytest.raises(ValidationError):
        services.decide(emp_supervisor, application, {only.pk: ("rejected", None, "")}, "一般設備")
    decided = services.decide(emp_supervisor, application, {only.pk: ("rejected", None, "一般設備")}, "非因應障礙所需。",
                              decided_on=date(2026, 4, 1))  # fmt: skip
    assert (decided.status, decided.approved_total) == ("rejected", 0)


def test_every_item_needs_a_decision(apply, emp_clerk, emp_supervisor):
    application = apply([40000, 10000])
    services.start_review(emp_clerk, application)
    first = application.items.order_by("id").first()
    with pytest.raises(ValidationError) as e:
        services.decide(emp_supervisor, application, {first.pk: ("approved", None, "")}, "")
    assert "尚未填寫審查結果" in messages_of(e.value)


# --- the yearly cap ---------------------------------------------------------------------------
def test_an_application_passing_the_cap_is_refused_with_the_remaining_amount(
    apply, approve, emp_clerk, emp_supervisor
):
    approve(apply([65000]), on=date(2026, 3, 20))
    second = apply([40000], submitted_on=date(2026, 5, 4))
    with pytest.raises(ValidationError) as e:
        approve(second, on=date(2026, 5, 20))
    assert "本年度尚可核定 35,000 元" in messages_of(e.value)
    second.refresh_from_db()
    assert (second.status, second.approved_total, second.year) == ("under_review", 0, None)
    assert set(second.items.values_list("decision", flat=True)) == {"pending"}
    usage = services.cap_usage(second.person, 2026)
    assert (usage["approved"], usage["cap"], usage["remaining"]) == (65000, 100000, 35000)
    # Reduced to what remains, it passes.
    item_ = second.items.get()
    decided = services.decide(emp_supervisor, second, {item_.pk: ("reduced", 35000, "本年度額度僅餘 35,000 元")},
                              "依每人每年上限核減。", decided_on=date(2026, 5, 20))  # fmt: skip
    assert decided.approved_total == 35000


def test_the_cap_counts_per_calendar_year_of_the_decision(apply, approve):
    approve(apply([90000], submitted_on=date(2025, 11, 3)), on=date(2025, 12, 10))
    decided = approve(apply([90000], submitted_on=date(2025, 12, 15)), on=date(2026, 1, 5))
    assert decided.year == 2026


def test_the_cap_in_force_on_the_decision_date_applies(apply, approve):
    SubsidyCap.objects.create(effective_from=date(2026, 1, 1), amount=120000)
    decided = approve(apply([110000]), on=date(2026, 3, 20))
    assert decided.status == "approved"


def test_only_the_director_may_approve_over_the_cap_and_must_say_why(
    apply, approve, director, emp_supervisor
):
    approve(apply([80000]), on=date(2026, 3, 20))
    second = apply([30000], submitted_on=date(2026, 4, 1))
    with pytest.raises(ValidationError):  # the head of division, even with a reason
        approve(second, on=date(2026, 4, 10), cap_exception_reason="重度視障，需第二台擴視機。")
    second.refresh_from_db()
    decisions = {i.pk: ("approved", None, "") for i in second.items.all()}
    with pytest.raises(ValidationError) as e:
        services.decide(director, second, decisions, "", decided_on=date(2026, 4, 10))
    assert "cap_exception_reason" in e.value.message_dict
    decided = services.decide(director, second, decisions, "", decided_on=date(2026, 4, 10),
                              cap_exception_reason="經局務會議專案核准：工作地點分散，需第二台擴視機。")  # fmt: skip
    assert (decided.status, decided.approved_total) == ("approved", 30000)
    assert decided.cap_exception_reason.startswith("經局務會議專案核准")
    entry = AuditEntry.objects.get(object_type="accommodation.redesignapplication", object_id=str(decided.pk),
                                   context="approved over the yearly cap")  # fmt: skip
    assert entry.person == decided.person
    assert entry.changes["cap_exception"]["approved_before"] == 80000
    assert services.cap_usage(decided.person, 2026)["approved"] == 110000


# --- after the decision -----------------------------------------------------------------------
def test_disbursement_is_at_most_the_approved_total_and_not_before_the_decision(
    apply, approve, emp_clerk
):
    application = approve(apply([40000]), on=date(2026, 3, 20))
    with pytest.raises(ValidationError) as e:
        services.disburse(emp_clerk, application, 40001, date(2026, 4, 1))
    assert "amount" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.disburse(emp_clerk, application, 40000, date(2026, 3, 1))
    assert "on" in e.value.message_dict
    application = services.disburse(emp_clerk, application, 40000, date(2026, 4, 1))
    assert (application.status, application.disbursed_amount) == ("disbursed", 40000)
    with pytest.raises(ValidationError):
        services.disburse(emp_clerk, application, 1, date(2026, 4, 2))


def test_a_rejected_application_cannot_be_disbursed(apply, emp_clerk, emp_supervisor):
    application = apply([40000])
    services.start_review(emp_clerk, application)
    only = application.items.get()
    services.decide(emp_supervisor, application, {only.pk: ("rejected", None, "一般設備")}, "不予核定。",
                    decided_on=date(2026, 4, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        services.disburse(emp_clerk, application, 1, date(2026, 4, 2))


def test_the_follow_up_comes_three_months_after_the_start_and_closes_the_case(
    apply, approve, emp_clerk
):
    application = approve(apply([40000]), on=date(2026, 3, 20))
    services.disburse(emp_clerk, application, 40000, date(2026, 4, 1))
    with pytest.raises(ValidationError):  # no start date yet
        services.follow_up(emp_clerk, application, date(2026, 7, 1), True)
    with pytest.raises(ValidationError):
        services.record_start(emp_clerk, application, date(2099, 1, 1))
    services.record_start(emp_clerk, application, date(2026, 3, 10))
    with pytest.raises(ValidationError) as e:
        services.follow_up(emp_clerk, application, date(2026, 6, 9), True)
    assert "2026-06-10" in messages_of(e.value)
    with pytest.raises(ValidationError) as e:  # left: a note is required
        services.follow_up(emp_clerk, application, date(2026, 6, 10), False)
    assert "note" in e.value.message_dict
    application = services.follow_up(emp_clerk, application, date(2026, 6, 10), True, "工作穩定")
    assert (application.status, application.employed_after_3_months) == ("closed", True)
    with pytest.raises(ValidationError):
        services.follow_up(emp_clerk, application, date(2026, 6, 11), True)


def test_the_follow_up_needs_the_disbursement(apply, approve, emp_clerk):
    application = approve(apply([40000]), on=date(2026, 3, 20))
    services.record_start(emp_clerk, application, date(2026, 3, 10))
    with pytest.raises(ValidationError):
        services.follow_up(emp_clerk, application, date(2026, 7, 1), True)


def test_the_follow_up_queue_lists_cases_due(apply, approve, emp_clerk):
    application = approve(apply([40000]), on=date(2026, 3, 20))
    services.disburse(emp_clerk, application, 40000, date(2026, 4, 1))
    assert list(services.follow_ups_due(emp_clerk, date(2026, 7, 1))["no_start"]) == [application]
    services.record_start(emp_clerk, application, date(2026, 3, 10))
    assert list(services.follow_ups_due(emp_clerk, date(2026, 7, 1))["no_start"]) == []
    assert list(services.follow_ups_due(emp_clerk, date(2026, 6, 9))["due"]) == []
    assert list(services.follow_ups_due(emp_clerk, date(2026, 6, 9))["upcoming"]) == [application]
    assert list(services.follow_ups_due(emp_clerk, date(2026, 6, 10))["due"]) == [application]


@pytest.mark.parametrize("start, expected", [(date(2025, 11, 30), date(2026, 2, 28)), (date(2023, 11, 30), date(2024, 2, 29)),
                                             (date(2026, 10, 15), date(2027, 1, 15))])  # fmt: skip
def test_three_months_after_a_month_end_is_the_shorter_months_last_day(start, expected):
    assert services.follow_up_from(start) == expected


# --- permissions and the access log -----------------------------------------------------------
def test_other_divisions_may_not_take_in_or_list_applications(clerk, outsider, inspector, employer):
    for user in (clerk, outsider, inspector):  # 職訓就服中心, 勞資關係科, 職安健康處
        with pytest.raises(PermissionDenied):
            services.create_application(user, application_data(), [item()])
        with pytest.raises(PermissionDenied):
            services.applications(user)
    assert not RedesignApplication.objects.exists()


def test_decisions_belong_to_supervisors_and_the_director(
    apply, emp_clerk, emp_case_manager, director
):
    application = apply([40000])
    services.start_review(emp_clerk, application)
    decisions = {i.pk: ("approved", None, "") for i in application.items.all()}
    for user in (emp_clerk, emp_case_manager):
        with pytest.raises(PermissionDenied):
            services.decide(user, application, decisions, "")
    with pytest.raises(PermissionDenied):  # the director decides but does not take applications in
        services.create_application(director, application_data(), [item()])
    assert (
        services.decide(director, application, decisions, "", decided_on=date(2026, 3, 20)).status
        == "approved"
    )


def test_opening_an_application_writes_an_access_entry(apply, emp_case_manager):
    application = apply([40000])
    services.view_application(emp_case_manager, application.pk)
    entry = AuditEntry.objects.filter(action="view", person=application.person).get()
    assert entry.actor == emp_case_manager
    assert application.number in entry.context


def test_every_step_is_audited_with_the_person(apply, approve, emp_clerk):
    application = approve(apply([40000]), on=date(2026, 3, 20))
    services.disburse(emp_clerk, application, 40000, date(2026, 4, 1))
    updates = AuditEntry.objects.filter(object_type="accommodation.redesignapplication", action="update",
                                        object_id=str(application.pk))  # fmt: skip
    assert {e.context for e in updates} >= {
        "job redesign review started",
        "job redesign decision",
        "job redesign disbursement",
    }
    assert all(e.person_id == application.person_id for e in updates)


def test_the_employer_ubn_is_reused_not_duplicated(apply):
    apply([1000])
    apply([1000])
    assert Organization.objects.filter(ubn=EMPLOYER_UBN).count() == 1
