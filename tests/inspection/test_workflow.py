"""The inspection workflow: each step by its permitted role, refused for others, bad input
refused with a clear message and nothing changed; penalties, their history and publication."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hopehome.core.models import AuditEntry, Organization
from hopehome.inspection import services
from hopehome.inspection.models import (
    Award,
    CounsellingVisit,
    Inspection,
    Penalty,
    PenaltyEvent,
    SafetyPartnership,
    Violation,
)
from tests.training.test_portal_views import assert_sound_html

from .conftest import TODAY, VIOLATION

pytestmark = pytest.mark.django_db


def decide(supervisor, inspection, amount=20_000, number="府勞條字第1080000001號", **kwargs):
    violation = inspection.violations.order_by("id").first()
    return services.decide_penalty(
        supervisor, inspection, disposition_number=number, decided_on=TODAY - timedelta(days=3),
        items=[{"violation": violation, "amount": amount}], **kwargs,
    )  # fmt: skip


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- planning ---------------------------------------------------------------------------------
def test_an_inspector_plans_an_inspection_numbered_by_year(plan, insp_a):
    inspection = plan()
    assert inspection.number == f"LI{inspection.planned_on.year}-00001"
    assert inspection.status == "planned"
    assert inspection.division.code == "osh"
    assert plan().number == f"LI{inspection.planned_on.year}-00002"
    assert AuditEntry.objects.filter(
        object_type="inspection.inspection", object_id=str(inspection.pk), action="create"
    ).exists()


def test_an_inspector_cannot_plan_an_inspection_for_someone_else(plan, insp_a, insp_b):
    with pytest.raises(PermissionDenied):
        plan(actor=insp_a, lead_inspector=insp_b)
    assert not Inspection.objects.exists()


def test_a_supervisor_assigns_inspections_only_within_the_division(
    plan, osh_supervisor, insp_b, lc_inspector
):
    inspection = plan(actor=osh_supervisor, lead_inspector=insp_b)
    assert inspection.lead_inspector == insp_b
    with pytest.raises(PermissionDenied):
        plan(actor=osh_supervisor, lead_inspector=lc_inspector)


@pytest.mark.parametrize("persona", ["osh_clerk", "director", "clerk", "outsider"])
def test_staff_without_the_inspect_permission_cannot_plan(plan, persona, request):
    with pytest.raises(PermissionDenied):
        plan(actor=request.getfixturevalue(persona))
    assert not Inspection.objects.exists()


def test_a_complaint_inspection_needs_the_complaint(plan):
    with pytest.raises(ValidationError) as excinfo:
        plan(origin="complaint")
    assert {"complainant_name", "content", "received_on"} <= set(excinfo.value.message_dict)
    assert not Inspection.objects.exists()


def test_complaint_data_on_another_origin_is_refused(plan):
    with pytest.raises(ValidationError) as excinfo:
        plan(complaint={"complainant_name": "某人", "content": "x", "received_on": TODAY})
    assert "origin" in excinfo.value.message_dict


def test_a_project_inspection_needs_its_project(plan):
    with pytest.raises(ValidationError) as excinfo:
        plan(type="project")
    assert "project" in excinfo.value.message_dict
    assert plan(type="project", project="delivery_platform").get_project_display() == "外送平台"


def test_a_lead_who_is_not_an_inspector_is_refused(plan, osh_supervisor, osh_clerk):
    with pytest.raises(ValidationError) as excinfo:
        plan(actor=osh_supervisor, lead_inspector=osh_clerk)
    assert "lead_inspector" in excinfo.value.message_dict


# --- visibility -------------------------------------------------------------------------------
def test_inspectors_see_only_their_own_inspections(
    plan, insp_a, insp_b, lc_inspector, osh_supervisor, director, osh_clerk
):
    own = plan()
    assert list(services.visible_inspections(insp_a)) == [own]
    assert not services.visible_inspections(insp_b).exists()
    assert not services.visible_inspections(lc_inspector).exists()
    assert list(services.visible_inspections(osh_supervisor)) == [own]
    assert list(services.visible_inspections(director)) == [own]
    assert not services.visible_inspections(osh_clerk).exists()


def test_an_assigned_inspector_sees_the_inspection_once(plan, insp_a, insp_b):
    shared = plan(inspectors=[insp_b])
    assert list(services.visible_inspections(insp_b)) == [shared]
    assert services.visible_inspections(insp_a).count() == 1


def test_a_labor_conditions_supervisor_does_not_see_osh_inspections(plan, db):
    from tests.conftest import make_staff

    lc_supervisor = make_staff("lc_supervisor", "supervisor", "labor_conditions")
    plan()
    assert not services.visible_inspections(lc_supervisor).exists()


def test_an_inspector_cannot_act_on_an_inspection_not_theirs(plan, insp_b, lc_inspector):
    inspection = plan()
    for user in (insp_b, lc_inspector):
        with pytest.raises(PermissionDenied):
            services.record_inspection(
                user, inspection, inspected_on=TODAY, findings="x", result="compliant"
            )
    inspection.refresh_from_db()
    assert inspection.status == "planned"


# --- recording --------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "normalised"), [
    ("24", "第24條"), ("第24條", "第24條"), ("§24", "第24條"), ("32條第2項", "第32條第2項"),
    ("第 32 條 第 2 項", "第32條第2項"), ("17-1", "第17條之1"), ("第十七條之一第七項", "第17條之1第7項"),
    ("勞動基準法第30條第5項", "第30條第5項"), ("第二十四條", "第24條"), ("第２４條", "第24條"),
])  # fmt: skip
def test_articles_are_normalised(typed, normalised):
    assert services.normalize_article(typed) == normalised


@pytest.mark.parametrize("typed", ["", "abc", "第0條", "第24項", "32條2項", "第1000條"])
def test_unreadable_articles_are_refused(typed):
    with pytest.raises(ValidationError) as excinfo:
        services.normalize_article(typed)
    assert "第24條" in messages_of(excinfo)


def test_recording_an_inspection_stores_normalised_violations(inspected):
    assert inspected.status == "inspected"
    assert inspected.result == "violations"
    assert list(inspected.violations.values_list("article", flat=True)) == ["第24條", "第32條第2項"]


@pytest.mark.parametrize(("fields", "field"), [
    ({"inspected_on": TODAY + timedelta(days=1)}, "inspected_on"),
    ({"result": "violations", "violations": []}, "violations"),
    ({"result": "compliant", "violations": [VIOLATION]}, "violations"),
    ({"violations": [{**VIOLATION, "article": "第X條"}]}, "violations"),
    ({"violations": [{**VIOLATION, "law": "tax"}]}, "violations"),
    ({"violations": [{**VIOLATION, "description": ""}]}, "violations"),
    ({"findings": "  "}, "findings"),
    ({"result": ""}, "result"),
])  # fmt: skip
def test_bad_inspection_results_are_refused_and_change_nothing(plan, insp_a, fields, field):
    inspection = plan()
    data = {
        "inspected_on": TODAY,
        "findings": "抽查",
        "result": "violations",
        "violations": [VIOLATION],
    } | fields
    with pytest.raises(ValidationError) as excinfo:
        services.record_inspection(insp_a, inspection, **data)
    assert field in excinfo.value.message_dict
    inspection.refresh_from_db()
    assert inspection.status == "planned" and inspection.result == ""
    assert not Violation.objects.exists()


def test_an_inspection_cannot_be_recorded_twice(inspected, insp_a):
    with pytest.raises(ValidationError):
        services.record_inspection(
            insp_a, inspected, inspected_on=TODAY, findings="x", result="compliant"
        )


# --- notice to improve ------------------------------------------------------------------------
def test_a_notice_sets_the_deadline(inspected, insp_a):
    inspection = services.issue_notice(insp_a, inspected, improve_by=TODAY + timedelta(days=30))
    assert inspection.status == "notice_issued"
    assert inspection.improve_by == TODAY + timedelta(days=30)


@pytest.mark.parametrize("days", [0, -3, 91])
def test_a_notice_deadline_must_be_within_ninety_days(inspected, insp_a, days):
    with pytest.raises(ValidationError) as excinfo:
        services.issue_notice(insp_a, inspected, improve_by=TODAY + timedelta(days=days))
    assert "improve_by" in excinfo.value.message_dict
    inspected.refresh_from_db()
    assert inspected.status == "inspected"


def test_a_compliant_inspection_gets_no_notice(plan, insp_a):
    inspection = services.record_inspection(
        insp_a, plan(), inspected_on=TODAY, findings="未發現違規", result="compliant"
    )
    with pytest.raises(ValidationError):
        services.issue_notice(insp_a, inspection, improve_by=TODAY + timedelta(days=10))


# --- penalty decision -------------------------------------------------------------------------
def test_an_inspector_cannot_decide_a_penalty(inspected, insp_a, osh_clerk):
    for user in (insp_a, osh_clerk):
        with pytest.raises(PermissionDenied):
            decide(user, inspected)
    assert not Penalty.objects.exists()


def test_a_supervisor_of_another_division_cannot_decide(inspected, db):
    from tests.conftest import make_staff

    with pytest.raises(PermissionDenied):
        decide(make_staff("lc_supervisor", "supervisor", "labor_conditions"), inspected)


def test_a_penalty_decision_records_the_published_fields(inspected, osh_supervisor, employer):
    penalty = decide(osh_supervisor, inspected, amount=50_000)
    assert penalty.authority == "臺南市"
    assert penalty.source == "bureau"
    assert penalty.unit_name == employer.name and penalty.responsible_person == "陳大同"
    assert penalty.initial_amount == penalty.current_amount == 50_000
    assert penalty.industry_code == "C" and penalty.district_postcode == "710"
    assert penalty.content == VIOLATION["description"]
    assert "將寶" in penalty.search_tokens and "04595252" in penalty.search_tokens
    assert penalty.status == "decided"
    assert list(penalty.events.values_list("kind", "amount_after")) == [("issued", 50_000)]
    assert list(penalty.items.values_list("article", "amount")) == [("第24條", 50_000)]
    inspected.refresh_from_db()
    assert inspected.status == "penalty_decided"


def test_a_decision_sums_several_items(inspected, osh_supervisor):
    v24, v32 = inspected.violations.order_by("id")
    penalty = services.decide_penalty(
        osh_supervisor, inspected, disposition_number="府勞條字第1080000002號", decided_on=TODAY,
        items=[{"violation": v24, "amount": 30_000}, {"violation": v32.pk, "amount": 20_000}],
    )  # fmt: skip
    assert penalty.initial_amount == 50_000
    assert penalty.items.count() == 2


def test_a_duplicate_disposition_number_is_refused(
    make_published_penalty, inspected, osh_supervisor
):
    make_published_penalty(number="府勞條字第1089999999號")
    with pytest.raises(ValidationError) as excinfo:
        decide(osh_supervisor, inspected, number=" 府勞條字第1089999999號 ")
    assert "府勞條字第1089999999號" in excinfo.value.message_dict["disposition_number"][0]
    assert "不可重複" in excinfo.value.message_dict["disposition_number"][0]
    assert Penalty.objects.count() == 1
    inspected.refresh_from_db()
    assert inspected.status == "inspected"


@pytest.mark.parametrize("amount", [19_999, 1_000_001])
def test_an_amount_outside_the_statutory_range_is_refused_with_the_range(
    inspected, osh_supervisor, amount
):
    violation = inspected.violations.order_by("id").first()
    with pytest.raises(ValidationError) as excinfo:
        decide(osh_supervisor, inspected, amount=amount)
    message = excinfo.value.message_dict[f"amount_{violation.pk}"][0]
    assert "勞動基準法第24條的罰鍰範圍為 20,000 至 1,000,000 元" in message
    assert not Penalty.objects.exists()


def test_aggravation_raises_the_maximum_by_half(inspected, osh_supervisor):
    with pytest.raises(ValidationError):
        decide(osh_supervisor, inspected, amount=1_200_000)
    with pytest.raises(ValidationError) as excinfo:
        decide(osh_supervisor, inspected, amount=1_500_001, aggravated=True)
    assert "1,500,000" in messages_of(excinfo)
    penalty = decide(osh_supervisor, inspected, amount=1_500_000, aggravated=True)
    assert penalty.current_amount == 1_500_000
    assert "第79條第4項" in penalty.events.get().note


def test_the_exact_article_range_takes_precedence(plan, insp_a, osh_supervisor):
    inspection = services.record_inspection(
        insp_a, plan(), inspected_on=TODAY - timedelta(days=5), findings="未置備出勤紀錄", result="violations",
        violations=[{"law": "lsa", "article": "第30條第5項", "description": "未置備出勤紀錄"}],
    )  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        decide(osh_supervisor, inspection, amount=50_000)
    assert "90,000 至 450,000" in messages_of(excinfo)
    assert decide(osh_supervisor, inspection, amount=90_000).current_amount == 90_000


def test_a_paragraph_falls_back_to_its_base_article(inspected, osh_supervisor):
    v32 = inspected.violations.get(article="第32條第2項")
    assert services.penalty_range("lsa", "第32條第2項", TODAY).article == "第32條"
    with pytest.raises(ValidationError) as excinfo:
        services.decide_penalty(osh_supervisor, inspected, disposition_number="A1", decided_on=TODAY,
                                items=[{"violation": v32, "amount": 10_000}])  # fmt: skip
    assert "20,000 至 1,000,000" in messages_of(excinfo)


def test_an_article_without_a_range_is_accepted(plan, insp_a, osh_supervisor):
    inspection = services.record_inspection(
        insp_a, plan(), inspected_on=TODAY - timedelta(days=5), findings="護欄缺損", result="violations",
        violations=[{"law": "osha", "article": "第6條第1項", "description": "未設置防止墜落設備"}],
    )  # fmt: skip
    assert services.penalty_range("osha", "第6條第1項") is None
    assert decide(osh_supervisor, inspection, amount=3_000).current_amount == 3_000


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"decided_on": TODAY + timedelta(days=1)}, "decided_on"),
    ({"decided_on": TODAY - timedelta(days=30)}, "decided_on"),
    ({"disposition_number": "  "}, "disposition_number"),
    ({"items": []}, "items"),
])  # fmt: skip
def test_bad_decisions_are_refused(inspected, osh_supervisor, kwargs, field):
    violation = inspected.violations.order_by("id").first()
    data = {
        "disposition_number": "府勞條字第1",
        "decided_on": TODAY,
        "items": [{"violation": violation, "amount": 20_000}],
    }
    with pytest.raises(ValidationError) as excinfo:
        services.decide_penalty(osh_supervisor, inspected, **(data | kwargs))
    assert field in excinfo.value.message_dict
    assert not Penalty.objects.exists()


def test_a_violation_is_penalised_only_once(inspected, osh_supervisor):
    decide(osh_supervisor, inspected)
    with pytest.raises(ValidationError) as excinfo:
        decide(osh_supervisor, inspected, number="府勞條字第2")
    assert "府勞條字第1080000001號" in messages_of(excinfo)


def test_a_violation_of_another_inspection_is_refused(inspected, plan, insp_a, osh_supervisor):
    other = services.record_inspection(insp_a, plan(), inspected_on=TODAY, findings="x", result="violations",
                                       violations=[VIOLATION])  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        services.decide_penalty(osh_supervisor, inspected, disposition_number="X1", decided_on=TODAY,
                                items=[{"violation": other.violations.get(), "amount": 20_000}])  # fmt: skip
    assert "items" in excinfo.value.message_dict


# --- publication ------------------------------------------------------------------------------
def test_a_supervisor_publishes_a_penalty(inspected, osh_supervisor):
    penalty = services.publish_penalty(
        osh_supervisor, decide(osh_supervisor, inspected), announced_on=TODAY
    )
    assert penalty.status == "published" and penalty.announced_on == TODAY
    inspected.refresh_from_db()
    assert inspected.status == "published"


def test_clerks_and_inspectors_cannot_publish(inspected, osh_supervisor, osh_clerk, insp_a):
    penalty = decide(osh_supervisor, inspected)
    for user in (osh_clerk, insp_a):
        with pytest.raises(PermissionDenied):
            services.publish_penalty(user, penalty, announced_on=TODAY)
    penalty.refresh_from_db()
    assert penalty.status == "decided"


def test_publication_needs_every_field_of_article_80_1(inspected, osh_supervisor, employer):
    employer.responsible_person = ""
    employer.save()
    penalty = decide(osh_supervisor, inspected)
    with pytest.raises(ValidationError) as excinfo:
        services.publish_penalty(osh_supervisor, penalty, announced_on=TODAY)
    assert "負責人姓名" in messages_of(excinfo)
    penalty.refresh_from_db()
    assert penalty.status == "decided"


def test_an_announcement_before_the_decision_is_refused(inspected, osh_supervisor):
    penalty = decide(osh_supervisor, inspected)
    with pytest.raises(ValidationError) as excinfo:
        services.publish_penalty(
            osh_supervisor, penalty, announced_on=penalty.decided_on - timedelta(days=1)
        )
    assert "announced_on" in excinfo.value.message_dict


def test_a_correction_withdraws_a_publication_with_a_public_note(
    make_published_penalty, osh_supervisor
):
    penalty = make_published_penalty()
    with pytest.raises(ValidationError):
        services.withdraw_publication(osh_supervisor, penalty, note="")
    penalty = services.withdraw_publication(
        osh_supervisor, penalty, note="處分對象有誤，更正後重新公布"
    )
    assert penalty.status == "withdrawn" and penalty.withdrawn_on == TODAY
    assert penalty.withdrawal_note == "處分對象有誤，更正後重新公布"
    assert AuditEntry.objects.filter(
        object_type="inspection.penalty", object_id=str(penalty.pk), context="withdraw publication"
    ).exists()


# --- penalty history --------------------------------------------------------------------------
def test_appeal_then_reduction_changes_the_current_amount(make_published_penalty, osh_clerk):
    penalty = make_published_penalty(amount=100_000)
    services.record_penalty_event(
        osh_clerk, penalty, kind="appeal_filed", occurred_on=TODAY, note="提起訴願"
    )
    penalty.refresh_from_db()
    assert penalty.appeal_status == "appeal_pending"
    services.record_penalty_event(
        osh_clerk, penalty, kind="reduced", occurred_on=TODAY, amount_after=60_000
    )
    penalty.refresh_from_db()
    assert penalty.appeal_status == "reduced"
    assert penalty.initial_amount == 100_000 and penalty.current_amount == 60_000
    assert penalty.status == "published"
    assert list(penalty.events.values_list("kind", flat=True)) == [
        "issued",
        "appeal_filed",
        "reduced",
    ]


def test_a_reduction_must_lower_the_amount(make_published_penalty, osh_clerk):
    penalty = make_published_penalty(amount=100_000)
    for amount in (100_000, 120_000, None, 0):
        with pytest.raises(ValidationError) as excinfo:
            services.record_penalty_event(
                osh_clerk, penalty, kind="reduced", occurred_on=TODAY, amount_after=amount
            )
        assert "amount_after" in excinfo.value.message_dict
    penalty.refresh_from_db()
    assert penalty.current_amount == 100_000 and penalty.events.count() == 1


def test_appeal_dismissed_upholds_the_decision(make_published_penalty, osh_clerk):
    penalty = make_published_penalty()
    with pytest.raises(ValidationError):
        services.record_penalty_event(
            osh_clerk, penalty, kind="appeal_dismissed", occurred_on=TODAY
        )
    services.record_penalty_event(osh_clerk, penalty, kind="appeal_filed", occurred_on=TODAY)
    services.record_penalty_event(osh_clerk, penalty, kind="appeal_dismissed", occurred_on=TODAY)
    penalty.refresh_from_db()
    assert penalty.appeal_status == "upheld"


def test_revocation_withdraws_the_entry_and_keeps_the_history(make_published_penalty, osh_clerk):
    penalty = make_published_penalty(amount=40_000)
    services.record_penalty_event(
        osh_clerk, penalty, kind="appeal_filed", occurred_on=TODAY - timedelta(days=1)
    )
    services.record_penalty_event(osh_clerk, penalty, kind="revoked", occurred_on=TODAY)
    penalty.refresh_from_db()
    assert penalty.appeal_status == "revoked"
    assert penalty.status == "withdrawn"
    assert penalty.withdrawn_on == TODAY
    assert penalty.withdrawal_note == "原處分經訴願撤銷"
    assert penalty.initial_amount == 40_000
    assert list(penalty.events.values_list("kind", flat=True)) == [
        "issued",
        "appeal_filed",
        "revoked",
    ]
    assert not Penalty.objects.filter(status="published").exists()
    with pytest.raises(ValidationError):
        services.record_penalty_event(osh_clerk, penalty, kind="paid", occurred_on=TODAY)


def test_a_revoked_decision_cannot_be_published_again(
    make_published_penalty, osh_clerk, osh_supervisor
):
    penalty = make_published_penalty()
    services.record_penalty_event(
        osh_clerk, penalty, kind="revoked", occurred_on=TODAY, note="原處分經行政法院判決撤銷"
    )
    penalty.refresh_from_db()
    assert penalty.withdrawal_note == "原處分經行政法院判決撤銷"
    with pytest.raises(ValidationError):
        services.publish_penalty(osh_supervisor, penalty, announced_on=TODAY)


def test_events_are_in_date_order_and_not_before_the_decision(make_published_penalty, osh_clerk):
    penalty = make_published_penalty()
    with pytest.raises(ValidationError) as excinfo:
        services.record_penalty_event(
            osh_clerk, penalty, kind="paid", occurred_on=penalty.decided_on - timedelta(days=1)
        )
    assert "occurred_on" in excinfo.value.message_dict
    services.record_penalty_event(osh_clerk, penalty, kind="appeal_filed", occurred_on=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.record_penalty_event(
            osh_clerk, penalty, kind="paid", occurred_on=TODAY - timedelta(days=1)
        )
    assert "occurred_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.record_penalty_event(osh_clerk, penalty, kind="issued", occurred_on=TODAY)
    assert penalty.events.count() == 2


def test_paid_and_enforcement_are_recorded(make_published_penalty, osh_clerk):
    penalty = make_published_penalty()
    services.record_penalty_event(
        osh_clerk, penalty, kind="enforcement", occurred_on=TODAY, note="移送行政執行分署"
    )
    services.record_penalty_event(osh_clerk, penalty, kind="paid", occurred_on=TODAY)
    with pytest.raises(ValidationError):
        services.record_penalty_event(osh_clerk, penalty, kind="paid", occurred_on=TODAY)
    assert list(penalty.events.values_list("kind", flat=True)) == ["issued", "enforcement", "paid"]


def test_an_inspector_cannot_record_penalty_events(make_published_penalty, insp_a, lc_inspector):
    penalty = make_published_penalty()
    for user in (insp_a, lc_inspector):
        with pytest.raises(PermissionDenied):
            services.record_penalty_event(user, penalty, kind="paid", occurred_on=TODAY)
    assert PenaltyEvent.objects.count() == 1


# --- follow-up and closing --------------------------------------------------------------------
def test_follow_up_then_close(inspected, insp_a):
    services.issue_notice(insp_a, inspected, improve_by=TODAY + timedelta(days=14))
    with pytest.raises(ValidationError):
        services.schedule_follow_up(insp_a, inspected, planned_on=TODAY + timedelta(days=7))
    follow_up = services.schedule_follow_up(
        insp_a, inspected, planned_on=TODAY + timedelta(days=15)
    )
    assert follow_up.origin == "follow_up" and follow_up.follow_up_of == inspected
    assert follow_up.status == "planned" and follow_up.lead_inspector == insp_a
    inspected.refresh_from_db()
    assert inspected.status == "follow_up"
    with pytest.raises(ValidationError) as excinfo:
        services.close_inspection(insp_a, inspected)
    assert "複查尚未完成" in messages_of(excinfo)
    services.record_inspection(
        insp_a, follow_up, inspected_on=TODAY, findings="已改善", result="compliant"
    )
    assert services.close_inspection(insp_a, follow_up).status == "closed"
    closed = services.close_inspection(insp_a, inspected)
    assert closed.status == "closed" and closed.closed_on == TODAY


def test_an_inspection_with_violations_is_not_closed_without_action(inspected, insp_a):
    with pytest.raises(ValidationError):
        services.close_inspection(insp_a, inspected)
    inspected.refresh_from_db()
    assert inspected.status == "inspected"


def test_the_whole_chain_with_a_penalty(make_published_penalty, insp_a):
    penalty = make_published_penalty()
    inspection = penalty.inspection
    inspection.refresh_from_db()
    assert inspection.status == "published"
    assert services.close_inspection(insp_a, inspection).status == "closed"


# --- outreach ---------------------------------------------------------------------------------
def test_outreach_is_recorded_by_division_staff(osh_clerk, employer, clerk):
    visit = services.record_counselling(osh_clerk, employer, TODAY, "職場安全衛生輔導")
    assert visit.division.code == "osh"
    partner = Organization.objects.create(kind="ngo", name="南區勞工健康服務中心")
    partnership = services.sign_partnership(
        osh_clerk, "職場健康促進伙伴", [partner, employer], TODAY, "健康服務"
    )
    assert set(partnership.partners.all()) == {partner, employer}
    award = services.record_award(osh_clerk, employer, "全國職業安全衛生五星獎", TODAY, "")
    assert award.name == "全國職業安全衛生五星獎"
    with pytest.raises(PermissionDenied):
        services.record_counselling(clerk, employer, TODAY, "x")


def test_bad_outreach_input_is_refused(osh_clerk, employer):
    with pytest.raises(ValidationError) as excinfo:
        services.record_counselling(osh_clerk, employer, TODAY + timedelta(days=1), "")
    assert {"visited_on", "topic"} <= set(excinfo.value.message_dict)
    with pytest.raises(ValidationError) as excinfo:
        services.sign_partnership(osh_clerk, "伙伴", [], TODAY)
    assert "partners" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.record_award(osh_clerk, None, "五星獎", TODAY)
    assert not (
        CounsellingVisit.objects.exists()
        or SafetyPartnership.objects.exists()
        or Award.objects.exists()
    )


# --- screens ----------------------------------------------------------------------------------
def test_the_list_shows_only_visible_inspections_in_constant_queries(
    client, plan, insp_a, insp_b, django_assert_max_num_queries
):
    for _i in range(3):
        plan()
    client.force_login(insp_a)
    with django_assert_max_num_queries(12) as few:
        response = client.get(reverse("inspection_staff:inspections"))
    assert response.status_code == 200
    for _i in range(25):
        plan()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(
            reverse("inspection_staff:inspections"), {"status": "planned", "year": TODAY.year}
        )
    assert response.context["page_obj"].paginator.count == 28
    assert_sound_html(response.content.decode())
    client.force_login(insp_b)
    response = client.get(reverse("inspection_staff:inspections"))
    assert response.context["page_obj"].paginator.count == 0


def test_a_non_assigned_inspector_is_refused_the_detail(client, plan, insp_b, lc_inspector):
    inspection = plan()
    for user in (insp_b, lc_inspector):
        client.force_login(user)
        assert (
            client.get(reverse("inspection_staff:detail", args=[inspection.pk])).status_code == 403
        )
        assert client.post(reverse("inspection_staff:close", args=[inspection.pk])).status_code in (
            302,
            403,
        )
    inspection.refresh_from_db()
    assert inspection.status == "planned"


def test_planning_through_the_form(client, insp_a, employer):
    client.force_login(insp_a)
    url = reverse("inspection_staff:plan")
    assert_sound_html(client.get(url).content.decode())
    data = {"organization": employer.pk, "type": "osh", "origin": "complaint", "planned_on": "115/01/05",
            "lead_inspector": insp_a.pk}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "申訴檢查須填寫申訴人姓名" in response.content.decode()
    assert not Inspection.objects.exists()
    response = client.post(
        url,
        data | {"complainant_name": "王申訴", "content": "未給加班費", "received_on": "2026-01-02"},
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "inspection_staff:detail", args=[inspection.pk]
    )
    assert inspection.planned_on.isoformat() == "2026-01-05"
    assert inspection.complaint.complainant_name == "王申訴"


def test_the_detail_offers_the_next_steps_of_each_role(client, inspected, insp_a, osh_supervisor):
    url = reverse("inspection_staff:detail", args=[inspected.pk])
    client.force_login(insp_a)
    html = client.get(url).content.decode()
    assert_sound_html(html)
    assert reverse("inspection_staff:notice", args=[inspected.pk]) in html
    assert reverse("inspection_staff:decide", args=[inspected.pk]) not in html
    client.force_login(osh_supervisor)
    html = client.get(url).content.decode()
    assert reverse("inspection_staff:decide", args=[inspected.pk]) in html


def test_recording_through_the_form_with_violations(client, plan, insp_a):
    inspection = plan()
    client.force_login(insp_a)
    url = reverse("inspection_staff:record", args=[inspection.pk])
    assert_sound_html(client.get(url).content.decode())
    data = {"inspected_on": TODAY.isoformat(), "findings": "抽查出勤", "result": "violations",
            "violations-TOTAL_FORMS": "3", "violations-INITIAL_FORMS": "0", "violations-MIN_NUM_FORMS": "0",
            "violations-MAX_NUM_FORMS": "50",
            "violations-0-law": "lsa", "violations-0-article": "第九九條", "violations-0-description": "x"}  # fmt: skip
    response = client.post(url, data | {"violations-0-article": "abc"})
    assert response.status_code == 200
    assert "格式無法辨識" in response.content.decode()
    assert_sound_html(response.content.decode())
    response = client.post(url, data | {"violations-0-article": "24", "violations-1-law": "osha",
                                        "violations-1-article": "6-1", "violations-1-description": "未設護欄"})  # fmt: skip
    assert response.status_code == 302
    assert list(inspection.violations.values_list("law", "article")) == [
        ("lsa", "第24條"),
        ("osha", "第6條之1"),
    ]


def test_the_decision_form_shows_ranges_and_refuses_out_of_range(client, inspected, osh_supervisor):
    client.force_login(osh_supervisor)
    url = reverse("inspection_staff:decide", args=[inspected.pk])
    html = client.get(url).content.decode()
    assert_sound_html(html)
    assert "勞動基準法第24條的罰鍰範圍為 20,000 至 1,000,000 元" in html
    v24 = inspected.violations.get(article="第24條")
    data = {
        "disposition_number": "府勞條字第1080000009號",
        "decided_on": TODAY.isoformat(),
        f"amount_{v24.pk}": "5,000",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "罰鍰金額 5,000 元不在法定範圍內" in response.content.decode()
    assert not Penalty.objects.exists()
    response = client.post(url, data | {f"amount_{v24.pk}": "20,000 元"})
    penalty = Penalty.objects.get()
    assert response["Location"] == reverse("inspection_staff:penalty", args=[penalty.pk])
    assert penalty.current_amount == 20_000


def test_an_inspector_is_refused_the_decision_form(client, inspected, insp_a):
    client.force_login(insp_a)
    assert client.get(reverse("inspection_staff:decide", args=[inspected.pk])).status_code == 403


def test_the_penalty_page_publishes_and_records_events(
    client, inspected, osh_supervisor, osh_clerk
):
    penalty = decide(osh_supervisor, inspected)
    client.force_login(osh_supervisor)
    penalty_url = reverse("inspection_staff:penalty", args=[penalty.pk])
    assert_sound_html(client.get(penalty_url).content.decode())
    response = client.post(
        reverse("inspection_staff:publish", args=[penalty.pk]), {"publish-announced_on": "bad"}
    )
    assert response.status_code == 200 and "不是可辨識的日期" in response.content.decode()
    response = client.post(
        reverse("inspection_staff:publish", args=[penalty.pk]),
        {"publish-announced_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    penalty.refresh_from_db()
    assert penalty.status == "published"
    client.force_login(osh_clerk)
    html = client.get(penalty_url).content.decode()
    assert_sound_html(html)
    assert reverse("inspection_staff:withdraw", args=[penalty.pk]) not in html
    response = client.post(reverse("inspection_staff:event", args=[penalty.pk]),
                           {"event-kind": "reduced", "event-occurred_on": TODAY.isoformat(), "event-amount_after": "30,000"})  # fmt: skip
    assert response.status_code == 200 and "減輕後的金額須低於目前金額" in response.content.decode()
    response = client.post(
        reverse("inspection_staff:event", args=[penalty.pk]),
        {"event-kind": "revoked", "event-occurred_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    penalty.refresh_from_db()
    assert penalty.status == "withdrawn" and penalty.withdrawal_note == "原處分經訴願撤銷"
    assert (
        client.post(
            reverse("inspection_staff:publish", args=[penalty.pk]),
            {"publish-announced_on": TODAY.isoformat()},
        ).status_code
        == 403
    )


def test_the_penalty_list_is_scoped(
    client, make_published_penalty, insp_b, osh_clerk, django_assert_max_num_queries
):
    make_published_penalty()
    client.force_login(osh_clerk)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("inspection_staff:penalties"), {"q": "將寶"})
    assert response.context["page_obj"].paginator.count == 1
    assert_sound_html(response.content.decode())
    client.force_login(insp_b)
    assert (
        client.get(reverse("inspection_staff:penalties")).context["page_obj"].paginator.count == 0
    )


def test_outreach_screens(client, osh_clerk, employer, insp_a):
    client.force_login(osh_clerk)
    for name in ("counselling_new", "partnership_new", "award_new"):
        assert_sound_html(client.get(reverse(f"inspection_staff:{name}")).content.decode())
    response = client.post(
        reverse("inspection_staff:counselling_new"),
        {"organization": employer.pk, "visited_on": "2026-13-01", "topic": "x"},
    )
    assert response.status_code == 200 and not CounsellingVisit.objects.exists()
    response = client.post(
        reverse("inspection_staff:counselling_new"),
        {"organization": employer.pk, "visited_on": TODAY.isoformat(), "topic": "墜落預防"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("inspection_staff:award_new"),
        {"organization": employer.pk, "name": "五星獎", "awarded_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("inspection_staff:partnership_new"),
        {"title": "安全伙伴", "partners": [employer.pk], "signed_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    for name in ("counselling", "partnerships", "awards"):
        response = client.get(reverse(f"inspection_staff:{name}"))
        assert employer.name in response.content.decode()
        assert_sound_html(response.content.decode())
    client.force_login(insp_a)
    assert client.get(reverse("inspection_staff:counselling")).status_code == 200


def test_published_entries_stay_published_unless_a_retention_is_set(
    make_published_penalty, settings
):
    penalty = make_published_penalty()
    assert services.expire_publications(today=TODAY + timedelta(days=3650)) == 0
    settings.HOPEHOME = {**settings.HOPEHOME, "PUBLICATION_RETENTION_DAYS": 365}
    assert services.expire_publications(today=TODAY + timedelta(days=300)) == 0
    assert services.expire_publications(today=TODAY + timedelta(days=400)) == 1
    penalty.refresh_from_db()
    assert penalty.status == "withdrawn" and penalty.withdrawal_note == "公布期間屆滿"
    assert penalty.events.count() == 1


def test_a_notice_entered_afterwards_counts_from_its_own_date(inspected, insp_a):
    issued = TODAY - timedelta(days=4)
    with pytest.raises(ValidationError) as excinfo:
        services.issue_notice(
            insp_a, inspected, issued_on=issued, improve_by=issued + timedelta(days=91)
        )
    assert "improve_by" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.issue_notice(
            insp_a,
            inspected,
            issued_on=TODAY - timedelta(days=30),
            improve_by=TODAY + timedelta(days=5),
        )
    assert "issued_on" in excinfo.value.message_dict
    notice = services.issue_notice(
        insp_a, inspected, issued_on=issued, improve_by=issued + timedelta(days=2)
    )
    assert notice.improve_by == issued + timedelta(days=2)
