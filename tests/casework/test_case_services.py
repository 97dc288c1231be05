"""Case lifecycle, confidentiality, optimistic locking and follow-up rules."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hopehome.casework import services
from hopehome.casework.choices import CaseStatus, ServiceKind
from hopehome.core.models import AuditEntry


def test_opening_numbers_cases_by_year_and_audits(injury_case, cm):
    assert injury_case.number == "OI2026-0001"
    assert injury_case.status == CaseStatus.INTAKE
    assert AuditEntry.objects.filter(object_type="casework.injurycase", action="create").count() == 1


def test_only_the_case_manager_their_supervisor_and_the_director_see_a_case(
    injury_case, cm, cm2, welfare_supervisor, welfare_clerk, director, administrator, supervisor, outsider
):
    for user in (cm, welfare_supervisor, director):
        assert services.view_case(user, injury_case.pk) == injury_case
    for user in (cm2, welfare_clerk, administrator, supervisor, outsider):
        with pytest.raises(PermissionDenied):
            services.view_case(user, injury_case.pk)
    views = AuditEntry.objects.filter(object_type="casework.injurycase", action="view")
    assert views.count() == 3
    assert set(views.values_list("actor_label", flat=True)) == {"cm_lin", "sw_supervisor", "director"}


def test_a_stale_version_is_refused_and_nothing_is_lost(injury_case, cm):
    v = injury_case.version
    services.update_case(cm, injury_case.pk, v, description="左手食指壓傷")
    with pytest.raises(services.EditConflict):
        services.update_case(cm, injury_case.pk, v, description="另一位同仁的版本")
    injury_case.refresh_from_db()
    assert injury_case.description == "左手食指壓傷"
    assert injury_case.version == v + 1


def test_the_lifecycle_needs_a_plan_and_supervisor_approved_closure(injury_case, cm, welfare_supervisor):
    c = services.advance(cm, injury_case.pk, injury_case.version)
    c = services.advance(cm, c.pk, c.version)
    assert c.status == CaseStatus.SERVICE_PLAN
    with pytest.raises(ValidationError):
        services.advance(cm, c.pk, c.version)  # no plan, no follow-up date
    c = services.update_case(cm, c.pk, c.version, service_plan="慰問金、法令諮詢、復工計畫", next_followup_on=timezone.localdate() + timedelta(days=7))
    c = services.advance(cm, c.pk, c.version)
    assert c.status == CaseStatus.IN_SERVICE
    c = services.request_closure(cm, c.pk, c.version, reason="returned_original")
    with pytest.raises(PermissionDenied):
        services.approve_closure(cm, c.pk, c.version)
    c = services.approve_closure(welfare_supervisor, c.pk, c.version)
    assert c.status == CaseStatus.CLOSED and c.closure_approved_by == welfare_supervisor and c.next_followup_on is None
    c = services.reopen(cm, c.pk, c.version, reason="復工後舊傷復發", next_followup_on=timezone.localdate() + timedelta(days=3))
    assert c.status == CaseStatus.ASSESSMENT and c.reopened_count == 1


def test_consolation_follows_the_rate_table_once_per_case(injury_case, cm):
    s = services.add_service(cm, injury_case.pk, kind=ServiceKind.CONSOLATION, provided_on=date(2026, 10, 6))
    assert s.amount == 20000
    with pytest.raises(ValidationError):
        services.add_service(cm, injury_case.pk, kind=ServiceKind.CONSOLATION, provided_on=date(2026, 10, 7))
    with pytest.raises(ValidationError):
        services.add_service(cm, injury_case.pk, kind=ServiceKind.GOODS, provided_on=date(2026, 10, 7))


def test_contacts_keep_the_next_follow_up_date(injury_case, cm):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.record_contact(cm, injury_case.pk, contacted_on=today, method="phone", note="電話關懷", next_followup_on=None)
    assert "next_followup_on" in exc.value.message_dict
    services.record_contact(cm, injury_case.pk, contacted_on=today, method="phone", note="電話關懷", next_followup_on=today + timedelta(days=14))
    injury_case.refresh_from_db()
    assert injury_case.next_followup_on == today + timedelta(days=14)
    assert injury_case.first_contact_on == today


def test_export_needs_a_reason_and_is_logged(injury_case, cm):
    with pytest.raises(ValidationError):
        services.export_case(cm, injury_case.pk, reason="")
    data = services.export_case(cm, injury_case.pk, reason="轉介職能復健機構")
    assert data["person"]["id_number"] == "D123456782"
    entry = AuditEntry.objects.get(action="export")
    assert "轉介職能復健機構" in entry.context and entry.person == injury_case.person


def test_queues_split_overdue_and_due(injury_case, cm, welfare_supervisor):
    from hopehome.casework.models import InjuryCase

    today = timezone.localdate()
    InjuryCase.objects.filter(pk=injury_case.pk).update(next_followup_on=today - timedelta(days=2))
    q = services.my_queue(cm)
    assert list(q["overdue"]) == [injury_case] and not q["due"].exists()
    overview = services.team_overview(welfare_supervisor)
    assert overview["per_manager"][0]["overdue"] == 1
    assert list(overview["overdue"]) == [injury_case]
