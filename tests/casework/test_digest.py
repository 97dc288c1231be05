"""``hopehome casework-digest``: the weekly follow-up e-mail to case managers and supervisors."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from hopehome.casework import services
from hopehome.casework.choices import CaseStatus
from hopehome.casework.models import InjuryCase
from hopehome.core.choices import Role
from hopehome.core.models import Person
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("casework-digest", *args, stdout=out)
    return out.getvalue()


def open_case(cm, id_number: str, name: str, followup: date | None, **extra) -> InjuryCase:
    person = Person.objects.create(name=name, id_number=id_number, id_type="national")
    today = timezone.localdate()
    case = services.open_case(
        cm, person=person, injury_date=today - timedelta(days=60), kind="injury", severity="injury",
        source="hospital", opened_on=today - timedelta(days=50),
    )  # fmt: skip
    # Follow-up dates in the past cannot be entered through the services: set them directly.
    changes = {
        "next_followup_on": followup,
        "status": CaseStatus.IN_SERVICE,
        "service_plan": "慰問",
    } | extra
    InjuryCase.objects.filter(pk=case.pk).update(**changes)
    case.refresh_from_db()
    return case


@pytest.fixture
def team(cm, cm2, welfare_supervisor):
    """cm (with e-mail) and cm2 (without), their supervisor (with e-mail), and their cases."""
    cm.email = "cm_lin@example.org"
    cm.save()
    welfare_supervisor.email = "sw_supervisor@example.org"
    welfare_supervisor.save()
    today = timezone.localdate()
    return {
        "overdue": open_case(cm, "D123456782", "陳志明", today - timedelta(days=3)),
        "due": open_case(cm, "D223456784", "林美玲", today + timedelta(days=2)),
        "later": open_case(cm, "R123456783", "黃國強", today + timedelta(days=30)),
        "closed": open_case(
            cm, "A123456789", "吳俊傑", None, status=CaseStatus.CLOSED, closed_on=today
        ),
        "colleague": open_case(cm2, "A180000005", "張雅婷", today - timedelta(days=10)),
    }


def test_a_case_manager_gets_their_overdue_and_due_cases_masked_with_links(
    team, mailoutbox, settings
):
    settings.SITE_URL = "https://hopehome.example.gov.tw"
    output = run()
    mine = [m for m in mailoutbox if m.to == ["cm_lin@example.org"]]
    assert len(mine) == 1
    message = mine[0]
    assert "逾期 1 件" in message.subject and "應追蹤 1 件" in message.subject
    body = message.body
    for key in ("overdue", "due"):
        case = team[key]
        assert case.number in body and case.person.masked_id in body
        assert f"https://hopehome.example.gov.tw/staff/cases/{case.pk}/" in body
    assert "逾期 3 天" in body
    for key in ("later", "closed", "colleague"):
        assert team[key].number not in body
    # No names or full identifiers leave the system.
    for case in team.values():
        assert case.person.id_number not in body and case.person.name not in body
    assert "https://hopehome.example.gov.tw/staff/cases/" in body
    assert "Sent 2 e-mail(s)" in output


def test_a_supervisor_gets_the_teams_overdue_cases_per_case_manager(team, mailoutbox, supervisor):
    supervisor.email = "vtc_supervisor@example.org"  # another division's supervisor
    supervisor.save()
    run()
    to_supervisor = [m for m in mailoutbox if m.to == ["sw_supervisor@example.org"]]
    assert len(to_supervisor) == 1
    body = to_supervisor[0].body
    assert "共 2 件" in to_supervisor[0].subject
    assert team["overdue"].number in body and team["colleague"].number in body
    assert team["due"].number not in body and team["later"].number not in body
    assert "cm_lin：逾期 1 件／服務中 3 件" in body and "cm_chen：逾期 1 件／服務中 1 件" in body
    assert "/staff/cases/team/" in body
    assert not [m for m in mailoutbox if m.to == ["vtc_supervisor@example.org"]]


def test_staff_without_an_e_mail_address_are_reported_not_mailed(team, mailoutbox):
    output = run()
    assert {tuple(m.to) for m in mailoutbox} == {
        ("cm_lin@example.org",),
        ("sw_supervisor@example.org",),
    }
    assert "Skipped, no e-mail address on the account: cm_chen" in output


def test_a_case_manager_with_nothing_due_gets_no_e_mail(cm, welfare_supervisor, mailoutbox):
    cm.email = "cm_lin@example.org"
    cm.save()
    open_case(cm, "D123456782", "陳志明", timezone.localdate() + timedelta(days=20))
    output = run()
    assert mailoutbox == []
    assert "Sent 0 e-mail(s)" in output and "Nothing due or overdue for: cm_lin" in output


def test_a_dry_run_sends_nothing_and_says_what_it_would_send(team, mailoutbox):
    output = run("--dry-run")
    assert mailoutbox == []
    assert "Would send to cm_lin <cm_lin@example.org>" in output
    assert "Dry run: would send 2 e-mail(s)" in output
    assert team["overdue"].number in run("--dry-run", "--verbosity", "2")


def test_the_date_option_moves_what_counts_as_overdue(team, mailoutbox):
    later = (timezone.localdate() + timedelta(days=31)).isoformat()
    run("--date", later)
    body = next(m.body for m in mailoutbox if m.to == ["cm_lin@example.org"])
    assert team["later"].number in body and "逾期 1 天" in body


def test_a_bad_date_is_refused(team, mailoutbox):
    with pytest.raises(CommandError, match="2019-12-31"):
        run("--date", "31/12/2019")
    assert mailoutbox == []


def test_the_number_of_queries_does_not_grow_with_the_cases(
    cm, welfare_supervisor, django_assert_max_num_queries
):
    cm.email = "cm_lin@example.org"
    cm.save()
    today = timezone.localdate()
    ids = [
        "D123456782",
        "D223456784",
        "R123456783",
        "A123456789",
        "A180000005",
        "A800000014",
        "D900000019",
    ]
    for i, id_number in enumerate(ids[:2]):
        open_case(cm, id_number, f"甲{i}", today - timedelta(days=i + 1))
    with django_assert_max_num_queries(20) as few:
        run()
    for i, id_number in enumerate(ids[2:]):
        open_case(cm, id_number, f"乙{i}", today - timedelta(days=i + 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        run()


def test_other_divisions_case_managers_are_not_in_the_digest(team, mailoutbox, case_manager):
    case_manager.email = "vtc_cm@example.org"
    case_manager.save()
    extra = make_staff("sw_cm3", Role.CASE_MANAGER, "safety_welfare")
    extra.email = "sw_cm3@example.org"
    extra.save()
    output = run()
    recipients = {m.to[0] for m in mailoutbox}
    assert "vtc_cm@example.org" not in recipients and "sw_cm3@example.org" not in recipients
    assert "sw_cm3" in output  # nothing due for them
