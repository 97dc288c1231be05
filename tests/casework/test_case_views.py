"""Staff screens of occupational-injury cases: queues, intake, the record, workflow, export."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hopehome.casework import services
from hopehome.casework.choices import CaseStatus, ServiceKind
from hopehome.casework.models import (
    Attachment,
    CaseContact,
    CaseService,
    ConsolationRate,
    InjuryCase,
)
from hopehome.core.models import AuditEntry, Person
from tests.conftest import BAD_CHECKSUM_ID, VALID_IDS
from tests.training.test_portal_views import assert_sound_html

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def case_urls(case) -> list[str]:
    return [
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:edit", args=[case.pk]),
        reverse("cases:export", args=[case.pk]),
        reverse("cases:access_log", args=[case.pk]),
    ]


def in_service(cm, case) -> InjuryCase:
    """Walk a case to 服務中 with a plan and a follow-up date."""
    c = services.advance(cm, case.pk, case.version)
    c = services.advance(cm, c.pk, c.version)
    c = services.update_case(cm, c.pk, c.version, service_plan="慰問金、法令諮詢", next_followup_on=TODAY + timedelta(days=7))
    return services.advance(cm, c.pk, c.version)


def bulk_cases(owner_counts: dict, worker_ids=None) -> list[InjuryCase]:
    """Many open cases quickly: each owner gets ``n`` cases, a third overdue, some due, some later."""
    cases = []
    seq = 0
    for owner, n in owner_counts.items():
        for i in range(n):
            seq += 1
            person = Person.objects.create(name=f"勞工{seq}", id_number=f"Z{seq:09d}", id_type="national")
            followup = [TODAY - timedelta(days=3 + i), TODAY + timedelta(days=2), TODAY + timedelta(days=30)][i % 3]
            status = CaseStatus.CLOSURE_REQUESTED if i % 5 == 4 else CaseStatus.IN_SERVICE
            cases.append(InjuryCase(
                number=f"OI2026-9{seq:03d}", person=person, case_manager=owner, injury_date=date(2026, 9, 1),
                kind="injury", severity="injury", source="hospital", employer_name="某公司", status=status,
                next_followup_on=followup, service_plan="" if i % 4 == 0 else "計畫",
                closure_requested_at=timezone.now() if status == CaseStatus.CLOSURE_REQUESTED else None,
            ))  # fmt: skip
    return InjuryCase.objects.bulk_create(cases)


# --- access ---------------------------------------------------------------------------------
def test_anonymous_visitors_are_sent_to_sign_in(client, injury_case):
    for url in [reverse("cases:queue"), reverse("cases:team"), reverse("cases:create"), *case_urls(injury_case)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("staff:login")), url


@pytest.mark.parametrize("persona", ["cm2", "welfare_clerk", "inspector", "outsider", "administrator", "citizen", "supervisor"])
def test_anyone_but_the_case_team_is_refused_a_case(client, injury_case, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = AuditEntry.objects.filter(action="view", object_type="casework.injurycase").count()
    for url in case_urls(injury_case):
        assert client.get(url).status_code == 403, (persona, url)
    for url in [reverse("cases:service", args=[injury_case.pk]), reverse("cases:contact", args=[injury_case.pk])]:
        assert client.get(url).status_code == 403, (persona, url)
    response = client.post(reverse("cases:export", args=[injury_case.pk]), {"reason": "想看看這個個案"})
    assert response.status_code == 403
    response = client.post(reverse("cases:action", args=[injury_case.pk, "advance"]), {"version": injury_case.version})
    assert response.status_code == 403
    injury_case.refresh_from_db()
    assert injury_case.status == CaseStatus.INTAKE
    assert AuditEntry.objects.filter(action="view", object_type="casework.injurycase").count() == before
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_case_manager_supervisor_and_director_open_the_record_and_are_logged(
    client, injury_case, cm, welfare_supervisor, director
):
    for user in (cm, welfare_supervisor, director):
        client.force_login(user)
        response = client.get(reverse("cases:detail", args=[injury_case.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert_sound_html(html)
        assert injury_case.number in html and "陳志明" in html
    views = AuditEntry.objects.filter(action="view", object_type="casework.injurycase", object_id=str(injury_case.pk))
    assert set(views.values_list("actor_label", flat=True)) == {"cm_lin", "sw_supervisor", "director"}


def test_the_record_shows_next_actions_by_role(client, injury_case, cm, welfare_supervisor, director):
    client.force_login(cm)
    html = client.get(reverse("cases:detail", args=[injury_case.pk])).content.decode()
    assert reverse("cases:action", args=[injury_case.pk, "advance"]) in html
    assert reverse("cases:access_log", args=[injury_case.pk]) not in html
    client.force_login(director)
    html = client.get(reverse("cases:detail", args=[injury_case.pk])).content.decode()
    assert reverse("cases:action", args=[injury_case.pk, "advance"]) not in html
    assert reverse("cases:edit", args=[injury_case.pk]) not in html
    assert reverse("cases:access_log", args=[injury_case.pk]) in html


def test_the_record_lists_services_contacts_and_documents(client, injury_case, cm):
    services.add_service(cm, injury_case.pk, kind=ServiceKind.CONSOLATION, provided_on=date(2026, 10, 6))
    services.add_service(cm, injury_case.pk, kind=ServiceKind.GOODS, provided_on=date(2026, 10, 7), items="電鍋", amount=1500)
    services.record_contact(cm, injury_case.pk, contacted_on=TODAY, method="phone", note="電話關懷，復原良好",
                            next_followup_on=TODAY + timedelta(days=14))  # fmt: skip
    Attachment.objects.create(injury_case=injury_case, kind="case_document", original_name="診斷證明書.pdf",
                              file="2026/10/doc.pdf", content_type="application/pdf", size=4, sha256="0" * 64,
                              uploaded_by=cm)  # fmt: skip
    client.force_login(cm)
    html = client.get(reverse("cases:detail", args=[injury_case.pk])).content.decode()
    assert_sound_html(html)
    assert "電鍋" in html and re.search(r"21,?500", html)
    assert "電話關懷，復原良好" in html
    assert "診斷證明書.pdf" in html
    assert reverse("housing:attachment", args=[Attachment.objects.get().pk]) in html


# --- queue and team ---------------------------------------------------------------------------
def test_the_queue_puts_overdue_cases_first_with_days_overdue_in_text(client, cm, cm2, worker):
    overdue = services.open_case(cm, person=worker, injury_date=date(2026, 10, 2), kind="injury", severity="injury",
                                 source="hospital", employer_name="甲公司", opened_on=date(2026, 10, 5))  # fmt: skip
    InjuryCase.objects.filter(pk=overdue.pk).update(next_followup_on=TODAY - timedelta(days=4))
    bulk_cases({cm2: 2})
    client.force_login(cm)
    response = client.get(reverse("cases:queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert_sound_html(html)
    assert overdue.number in html
    assert "已逾期 4 天" in html
    assert worker.masked_id in html and worker.id_number not in html
    assert "OI2026-9001" not in html  # another case manager's case
    assert html.index('id="overdue"') < html.index(overdue.number) < html.index('id="due"')


def test_the_queue_uses_a_constant_number_of_queries(client, cm, django_assert_max_num_queries):
    bulk_cases({cm: 30})
    client.force_login(cm)
    client.get(reverse("cases:queue"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cases:queue"))
    assert response.status_code == 200
    assert response.content.decode().count("已逾期") >= 10


def test_supervisors_and_the_director_are_sent_to_the_team_view(client, welfare_supervisor, director):
    for user in (welfare_supervisor, director):
        client.force_login(user)
        response = client.get(reverse("cases:queue"))
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:team")


def test_the_team_view_counts_per_case_manager_in_constant_queries(
    client, cm, cm2, welfare_supervisor, django_assert_max_num_queries
):
    bulk_cases({cm: 20, cm2: 10})
    client.force_login(welfare_supervisor)
    client.get(reverse("cases:team"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cases:team"))
    html = response.content.decode()
    assert response.status_code == 200
    assert_sound_html(html)
    assert "cm_lin" in html and "cm_chen" in html
    assert "共 6 件待核准" in html  # every fifth case of each asks for closure
    assert "共 11 件逾期" in html  # every third case of each is overdue
    assert reverse("cases:action", args=[InjuryCase.objects.filter(status=CaseStatus.CLOSURE_REQUESTED).first().pk, "approve"]) in html


def test_the_team_view_is_refused_to_case_managers(client, cm, welfare_clerk):
    for user in (cm, welfare_clerk):
        client.force_login(user)
        assert client.get(reverse("cases:team")).status_code == 403


# --- intake -----------------------------------------------------------------------------------
def intake(**overrides) -> dict:
    data = {
        "step": "open", "id_number": VALID_IDS[0], "name": "林美華", "phone": "0912-000-111", "district": "",
        "address": "永康區中正路 1 號", "employer_name": "永康精密工業有限公司", "employer_ubn": "",
        "injury_date": "2026-10-02", "kind": "injury", "severity": "injury", "disability_grade": "",
        "source": "hospital", "description": "左手壓傷", "next_followup_on": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_case_manager_opens_a_case_for_a_new_worker(client, cm):
    client.force_login(cm)
    page = client.get(reverse("cases:create"))
    assert_sound_html(page.content.decode())
    assert "id_case_manager" not in page.content.decode()
    response = client.post(reverse("cases:create"), intake())
    case = InjuryCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.person.name == "林美華" and case.person.id_number == VALID_IDS[0]
    assert case.case_manager == cm and case.status == CaseStatus.INTAKE


def test_intake_reuses_a_registered_worker_found_by_identifier(client, cm, worker):
    client.force_login(cm)
    response = client.post(reverse("cases:create"), intake(step="lookup", id_number="d123456782", name=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert_sound_html(html)
    assert "已登錄的民眾" in html and worker.masked_id in html
    assert not InjuryCase.objects.exists()
    client.post(reverse("cases:create"), intake(id_number="D123456782", name=""))
    assert InjuryCase.objects.get().person == worker
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": BAD_CHECKSUM_ID}, "id_number"),
        ({"injury_date": (TODAY + timedelta(days=1)).isoformat()}, "injury_date"),
        ({"severity": "disability", "disability_grade": ""}, "disability_grade"),
        ({"disability_grade": "16", "severity": "disability"}, "disability_grade"),
        ({"name": ""}, "name"),
        ({"employer_name": "", "employer_ubn": ""}, "employer_name"),
        ({"employer_ubn": "12345678"}, "employer_ubn"),
        ({"kind": "fall"}, "kind"),
    ],
)
def test_intake_rejects_bad_input_and_creates_nothing(client, cm, overrides, field):
    client.force_login(cm)
    response = client.post(reverse("cases:create"), intake(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="#id_{field}"' in html
    assert 'aria-invalid="true"' in html
    assert not InjuryCase.objects.exists()
    assert not Person.objects.exists()


def test_a_refused_case_leaves_no_new_person_behind(cm):
    with pytest.raises(ValidationError):
        services.open_case_for_worker(
            cm, id_number=VALID_IDS[1], new_person={"name": "王大明"}, injury_date=date(2026, 10, 2),
            kind="injury", severity="disability", source="hospital", employer_name="乙公司",
        )  # fmt: skip
    assert not Person.objects.exists()


def test_a_supervisor_assigns_the_case_manager(client, welfare_supervisor, cm, cm2):
    client.force_login(welfare_supervisor)
    html = client.get(reverse("cases:create")).content.decode()
    assert "cm_lin" in html and "cm_chen" in html
    response = client.post(reverse("cases:create"), intake())
    assert 'href="#id_case_manager"' in response.content.decode()
    assert not InjuryCase.objects.exists()
    client.post(reverse("cases:create"), intake(case_manager=cm2.pk))
    assert InjuryCase.objects.get().case_manager == cm2


def test_the_director_cannot_open_cases(client, director):
    client.force_login(director)
    assert client.get(reverse("cases:create")).status_code == 403


# --- editing and optimistic locking ------------------------------------------------------------
def edit_data(case, **overrides) -> dict:
    data = {
        "version": case.version, "employer_name": case.employer_name, "employer_ubn": "",
        "injury_date": case.injury_date.isoformat(), "kind": case.kind, "severity": case.severity,
        "disability_grade": "", "source": case.source, "description": case.description,
        "service_plan": case.service_plan, "next_followup_on": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_second_of_two_concurrent_edits_is_refused_and_the_input_kept(client, injury_case, cm, welfare_supervisor):
    from django.test import Client

    other = Client()
    client.force_login(cm)
    other.force_login(welfare_supervisor)
    url = reverse("cases:edit", args=[injury_case.pk])
    first_page = client.get(url)
    second_page = other.get(url)
    assert_sound_html(first_page.content.decode())
    version = f'name="version" value="{injury_case.version}"'
    assert version in first_page.content.decode() and version in second_page.content.decode()

    response = client.post(url, edit_data(injury_case, description="左手食指壓傷，已縫合"))
    assert response.status_code == 302
    response = other.post(url, edit_data(injury_case, description="主管版本：右手挫傷"))
    html = response.content.decode()
    assert response.status_code == 200
    assert_sound_html(html)
    assert "此個案已被其他同仁修改" in html
    assert "主管版本：右手挫傷" in html  # the user's input is kept
    injury_case.refresh_from_db()
    assert injury_case.description == "左手食指壓傷，已縫合"
    assert injury_case.version == 2


def test_an_edit_saves_the_plan_and_follow_up(client, injury_case, cm):
    client.force_login(cm)
    nxt = TODAY + timedelta(days=10)
    response = client.post(reverse("cases:edit", args=[injury_case.pk]),
                           edit_data(injury_case, service_plan="慰問金、復工計畫", next_followup_on=nxt.isoformat()))  # fmt: skip
    assert response.status_code == 302
    injury_case.refresh_from_db()
    assert injury_case.service_plan == "慰問金、復工計畫" and injury_case.next_followup_on == nxt


def test_an_edit_keeps_an_overdue_follow_up_date_untouched(client, injury_case, cm):
    InjuryCase.objects.filter(pk=injury_case.pk).update(next_followup_on=TODAY - timedelta(days=5))
    client.force_login(cm)
    response = client.post(reverse("cases:edit", args=[injury_case.pk]),
                           edit_data(injury_case, description="補充", next_followup_on=(TODAY - timedelta(days=5)).isoformat()))  # fmt: skip
    assert response.status_code == 302
    response = client.post(reverse("cases:edit", args=[injury_case.pk]),
                           edit_data(injury_case, version=2, next_followup_on=(TODAY - timedelta(days=9)).isoformat()))  # fmt: skip
    assert 'href="#id_next_followup_on"' in response.content.decode()
    injury_case.refresh_from_db()
    assert injury_case.description == "補充" and injury_case.next_followup_on == TODAY - timedelta(days=5)


def test_an_edit_refuses_a_future_injury_date(client, injury_case, cm):
    client.force_login(cm)
    response = client.post(reverse("cases:edit", args=[injury_case.pk]),
                           edit_data(injury_case, injury_date=(TODAY + timedelta(days=3)).isoformat()))  # fmt: skip
    assert 'href="#id_injury_date"' in response.content.decode()
    injury_case.refresh_from_db()
    assert injury_case.injury_date == date(2026, 10, 2) and injury_case.version == 1


def test_a_closed_case_cannot_be_edited(client, injury_case, cm, welfare_supervisor):
    case = in_service(cm, injury_case)
    case = services.request_closure(cm, case.pk, case.version, reason="new_job")
    case = services.approve_closure(welfare_supervisor, case.pk, case.version)
    client.force_login(cm)
    response = client.post(reverse("cases:edit", args=[case.pk]), edit_data(case, description="改"), follow=True)
    assert "已結案的個案不能修改" in response.content.decode()
    case.refresh_from_db()
    assert case.description == "" and case.status == CaseStatus.CLOSED


# --- lifecycle actions ------------------------------------------------------------------------
def act(client, case, action, **data):
    case.refresh_from_db()
    return client.post(reverse("cases:action", args=[case.pk, action]), {"version": case.version, **data})


def test_closure_is_approved_by_the_supervisor_only(client, injury_case, cm, welfare_supervisor):
    case = in_service(cm, injury_case)
    client.force_login(cm)
    response = client.post(reverse("cases:action", args=[case.pk, "request_closure"]),
                           {"closure-version": case.version, "closure-reason": "returned_original"})  # fmt: skip
    case.refresh_from_db()
    assert response.status_code == 302 and case.status == CaseStatus.CLOSURE_REQUESTED
    assert act(client, case, "approve").status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSURE_REQUESTED

    client.force_login(welfare_supervisor)
    response = act(client, case, "approve", next=reverse("cases:team"))
    assert response["Location"] == reverse("cases:team")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closure_approved_by == welfare_supervisor


def test_a_supervisor_returns_a_closure_request_with_a_note(client, injury_case, cm, welfare_supervisor):
    case = in_service(cm, injury_case)
    case = services.request_closure(cm, case.pk, case.version, reason="new_job")
    client.force_login(welfare_supervisor)
    response = client.post(reverse("cases:action", args=[case.pk, "return"]), {"return-version": case.version, "return-note": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSURE_REQUESTED
    follow = client.get(response["Location"])
    assert "退回結案申請請說明理由" in follow.content.decode()
    client.post(reverse("cases:action", args=[case.pk, "return"]), {"return-version": case.version, "return-note": "復工計畫尚未完成"})
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_SERVICE and "復工計畫尚未完成" in case.closure_note


def test_advancing_with_a_stale_version_changes_nothing(client, injury_case, cm):
    client.force_login(cm)
    stale = injury_case.version
    services.update_case(cm, injury_case.pk, stale, description="已更新")
    response = client.post(reverse("cases:action", args=[injury_case.pk, "advance"]), {"version": stale}, follow=True)
    assert "此個案已被其他同仁修改" in response.content.decode()
    injury_case.refresh_from_db()
    assert injury_case.status == CaseStatus.INTAKE


def test_advancing_to_service_needs_a_plan_shown_as_a_message(client, injury_case, cm):
    c = services.advance(cm, injury_case.pk, injury_case.version)
    c = services.advance(cm, c.pk, c.version)
    client.force_login(cm)
    response = client.post(reverse("cases:action", args=[c.pk, "advance"]), {"version": c.version}, follow=True)
    assert "開始服務前須先填寫服務計畫" in response.content.decode()
    c.refresh_from_db()
    assert c.status == CaseStatus.SERVICE_PLAN


def test_a_closed_case_is_reopened_with_a_reason(client, injury_case, cm, welfare_supervisor):
    case = in_service(cm, injury_case)
    case = services.request_closure(cm, case.pk, case.version, reason="new_job")
    case = services.approve_closure(welfare_supervisor, case.pk, case.version)
    client.force_login(cm)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert_sound_html(html)
    assert reverse("cases:action", args=[case.pk, "reopen"]) in html
    client.post(reverse("cases:action", args=[case.pk, "reopen"]),
                {"reopen-version": case.version, "reopen-reason": "", "reopen-next_followup_on": ""})  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    client.post(reverse("cases:action", args=[case.pk, "reopen"]),
                {"reopen-version": case.version, "reopen-reason": "舊傷復發",
                 "reopen-next_followup_on": (TODAY + timedelta(days=3)).isoformat()})  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT and case.reopened_count == 1


def test_actions_accept_posts_only(client, injury_case, cm):
    client.force_login(cm)
    assert client.get(reverse("cases:action", args=[injury_case.pk, "advance"])).status_code == 405


# --- services and contacts ---------------------------------------------------------------------
def test_the_consolation_amount_comes_from_the_rate_table(client, injury_case, cm):
    client.force_login(cm)
    url = reverse("cases:service", args=[injury_case.pk])
    page = client.get(url + "?kind=consolation")
    html = page.content.decode()
    assert_sound_html(html)
    assert 'value="20000"' in html and "readonly" in html
    response = client.post(url, {"kind": "consolation", "provided_on": "2026-10-06", "amount": "99999", "items": "", "note": ""})
    assert 'href="#id_amount"' in response.content.decode()
    assert not CaseService.objects.exists()
    client.post(url, {"kind": "consolation", "provided_on": "2026-10-06", "amount": "20000", "items": "", "note": ""})
    assert CaseService.objects.get().amount == 20000


def test_goods_need_their_items(client, injury_case, cm):
    client.force_login(cm)
    response = client.post(reverse("cases:service", args=[injury_case.pk]),
                           {"kind": "goods", "provided_on": "2026-10-06", "amount": "", "items": "", "note": ""})  # fmt: skip
    assert 'href="#id_items"' in response.content.decode()
    assert not CaseService.objects.exists()


def test_a_contact_sets_the_next_follow_up(client, injury_case, cm):
    client.force_login(cm)
    url = reverse("cases:contact", args=[injury_case.pk])
    assert_sound_html(client.get(url).content.decode())
    response = client.post(url, {"contacted_on": TODAY.isoformat(), "method": "visit", "note": "家訪", "next_followup_on": ""})
    assert 'href="#id_next_followup_on"' in response.content.decode()
    assert not CaseContact.objects.exists()
    nxt = TODAY + timedelta(days=14)
    client.post(url, {"contacted_on": TODAY.isoformat(), "method": "visit", "note": "家訪", "next_followup_on": nxt.isoformat()})
    injury_case.refresh_from_db()
    assert injury_case.next_followup_on == nxt and CaseContact.objects.count() == 1


# --- export and the access log -----------------------------------------------------------------
def test_an_export_needs_a_reason_and_is_logged(client, injury_case, cm):
    client.force_login(cm)
    url = reverse("cases:export", args=[injury_case.pk])
    assert_sound_html(client.get(url).content.decode())
    for reason in ("", "轉介"):
        response = client.post(url, {"reason": reason})
        assert response.status_code == 200
        assert 'href="#id_reason"' in response.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()
    response = client.post(url, {"reason": "轉介勞保局辦理失能給付"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="case-{injury_case.number}.json"'
    data = json.loads(response.content)
    assert data["case"]["number"] == injury_case.number and data["person"]["id_number"] == "D123456782"
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == cm and "轉介勞保局辦理失能給付" in entry.context


def test_the_access_log_lists_who_viewed_and_exported(client, injury_case, cm, welfare_supervisor):
    services.view_case(cm, injury_case.pk)
    services.export_case(cm, injury_case.pk, reason="移送法律扶助")
    client.force_login(welfare_supervisor)
    response = client.get(reverse("cases:access_log", args=[injury_case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert_sound_html(html)
    assert "cm_lin" in html and "移送法律扶助" in html
    client.force_login(cm)
    assert client.get(reverse("cases:access_log", args=[injury_case.pk])).status_code == 403


# --- consolation rates --------------------------------------------------------------------------
def test_a_supervisor_adds_a_rate_and_duplicates_are_refused(client, welfare_supervisor):
    client.force_login(welfare_supervisor)
    url = reverse("cases:rates")
    html = client.get(url).content.decode()
    assert_sound_html(html)
    assert "職災勞工慰問金發給規定" in html
    assert html.count("現行") == 3
    response = client.post(url, {"severity": "injury", "amount": "25000", "effective_from": "2027-01-01", "note": "修正"})
    assert response.status_code == 302
    assert ConsolationRate.objects.filter(severity="injury", amount=25000).exists()
    assert AuditEntry.objects.filter(object_type="casework.consolationrate", action="create").count() == 1
    response = client.post(url, {"severity": "injury", "amount": "26000", "effective_from": "2027-01-01", "note": ""})
    assert 'href="#id_effective_from"' in response.content.decode()
    response = client.post(url, {"severity": "death", "amount": "0", "effective_from": "2027-02-01", "note": ""})
    assert 'href="#id_amount"' in response.content.decode()
    assert ConsolationRate.objects.count() == 4


def test_case_managers_read_the_rates_but_cannot_add_one(client, cm):
    client.force_login(cm)
    html = client.get(reverse("cases:rates")).content.decode()
    assert re.search(r"20,?000", html) and 'name="amount"' not in html
    response = client.post(reverse("cases:rates"), {"severity": "injury", "amount": "1", "effective_from": "2027-01-01"})
    assert response.status_code == 403
    assert ConsolationRate.objects.count() == 3
