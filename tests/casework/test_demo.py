"""Program 8's demo dataset: the 2019 cases, today's cases and the homes repaired since 2013.

The dataset is loaded once for the module and removed after it; each test runs in its own
rolled-back transaction on top of it.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.functional import empty

from hopehome.casework import demo, services
from hopehome.casework.choices import (
    OPEN_STATUSES,
    CaseStatus,
    ClosureReason,
    RepairStatus,
    ServiceKind,
    Severity,
)
from hopehome.casework.models import (
    Attachment,
    CaseContact,
    CaseService,
    ConsolationRate,
    InjuryCase,
    RepairApplication,
    VolunteerTeam,
    WorkDay,
    private_storage,
)
from hopehome.core import demo as core_demo
from hopehome.core.models import AuditEntry, Person
from hopehome.core.validators import classify_personal_id
from hopehome.outcomes.registry import Period, get

pytestmark = pytest.mark.django_db
YEAR_END = date(2019, 12, 31)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load once (the photos go to a temporary VAR_DIR); remove everything after the module."""
    with override_settings(VAR_DIR=tmp_path_factory.mktemp("var")), django_db_blocker.unblock():
        private_storage._wrapped = empty
        try:
            with transaction.atomic():
                users = core_demo.ensure_staff_accounts()
                counts = demo.load(users)
            yield counts
            with transaction.atomic():
                demo.remove()
                get_user_model().objects.filter(
                    username__in=[a.username for a in core_demo.DEMO_ACCOUNTS]
                ).delete()
        finally:
            private_storage._wrapped = empty


def value(key: str, year: int = 2019):
    return get(key).compute(Period(year))


def test_the_2019_figures_show_20_homes_and_100_since_2013(loaded):
    assert value("housing.completed").value == 20
    assert value("housing.completed_cumulative").value == 100
    assert value("housing.completed_cumulative", 2018).value == 80
    by_year = value("housing.completed_cumulative").breakdown
    assert sum(by_year[str(y)].value for y in range(2013, 2019)) == 80
    assert value("housing.completed", 2013).value > 0


def test_a_year_of_cases_with_services_follow_ups_and_a_few_overdue(loaded):
    cases = InjuryCase.objects.filter(opened_on__year=2019)
    assert 55 <= cases.count() <= 65
    assert loaded["cases"] == cases.count() + len(demo.CURRENT) == InjuryCase.objects.count()
    assert value("casework.cases_served").value == cases.count()
    services = value("casework.services_by_kind")
    assert {
        "職災慰問金",
        "法令權益諮詢",
        "心理支持",
        "義剪",
        "子女就學就業協助",
        "物資致贈",
        "房屋修繕轉介",
    } <= set(services.breakdown)
    items = set(CaseService.objects.filter(kind=ServiceKind.GOODS).values_list("items", flat=True))
    assert {"粽子", "月餅", "年菜"} <= items
    assert any(g in i for i in items for g in ("電鍋", "棉被", "電視", "檯燈", "電腦"))
    coverage = value("casework.followup_coverage")
    assert 60 <= coverage.value < 100
    assert coverage.breakdown["追蹤逾期或未排定"].value == demo.OVERDUE_AT_YEAR_END
    assert value("casework.open_cases").value == coverage.denominator


def test_consolation_payments_follow_the_rate_table(loaded):
    rates = {r.severity: r.amount for r in ConsolationRate.objects.all()}
    payments = CaseService.objects.filter(kind=ServiceKind.CONSOLATION).select_related("case")
    assert payments.count() > 30
    for payment in payments:
        assert payment.amount == rates[payment.case.severity]
    total = value("casework.consolation_total")
    assert total.denominator == payments.filter(provided_on__year=2019).count()
    this_year = timezone.localdate().year
    assert value("casework.consolation_total", this_year).denominator == (
        payments.filter(provided_on__year=this_year).count()
    )
    assert (
        total.breakdown["死亡"].value == total.breakdown["死亡"].denominator * rates[Severity.DEATH]
    )


def test_the_2019_figures_count_the_cases_open_at_the_year_end_though_they_closed_in_2020(loaded):
    closed_later = InjuryCase.objects.filter(opened_on__year=2019, closed_on__gt=YEAR_END)
    assert value("casework.open_cases").value == closed_later.count() == 39
    coverage = value("casework.followup_coverage")
    assert (coverage.value, coverage.numerator, coverage.denominator) == (Decimal("76.9"), 30, 39)
    assert coverage.breakdown["尚無服務計畫"].value == closed_later.filter(service_plan="").count()
    assert value("casework.cases_served").value == 60
    assert value("casework.consolation_total", 2020).denominator == 0
    assert value("casework.open_cases", 2020).value == 0


def test_no_case_of_2019_is_still_open(loaded):
    cases = InjuryCase.objects.filter(opened_on__year=2019)
    assert cases.exists()
    assert not cases.filter(status__in=OPEN_STATUSES).exists()
    assert not cases.filter(next_followup_on__isnull=False).exists()


def test_closed_cases_were_approved_by_the_supervisor_by_september_2020(loaded):
    closed = InjuryCase.objects.filter(status=CaseStatus.CLOSED).select_related(
        "case_manager", "closure_approved_by"
    )
    first, last = demo.LATER_CLOSURES
    assert closed.filter(closed_on__lte=YEAR_END).count() >= 10
    assert closed.filter(closed_on__gt=YEAR_END).count() >= 30
    for case in closed:
        assert case.closure_approved_by.username == demo.SUPERVISOR
        assert case.closure_reason and case.closure_note and case.next_followup_on is None
        assert case.opened_on < case.closed_on
        assert case.closed_on <= YEAR_END or first <= case.closed_on <= last
        assert case.closure_requested_at.date() <= case.closed_on
        assert case.closure_approved_by != case.case_manager
        entries = AuditEntry.objects.filter(
            object_type="casework.injurycase", object_id=str(case.pk)
        )
        assert entries.filter(actor=case.case_manager, context="request closure").exists()
        assert entries.filter(actor=case.closure_approved_by, context="approve closure").exists()
        contacts = list(case.contacts.order_by("contacted_on", "id"))
        assert contacts[-1].contacted_on <= case.closure_requested_at.date()
    # The December cases that never reached service were closed without a plan.
    unplanned = closed.filter(service_plan="")
    assert unplanned.exists()
    for case in unplanned:
        assert case.opened_on.month == 12 and case.closed_on.year == 2020
        assert case.closure_reason in (ClosureReason.DECLINED, ClosureReason.MOVED)
        assert not case.services.exists()


def test_the_cases_open_at_the_year_end_carried_their_2019_follow_up_dates(loaded):
    open_at_year_end = InjuryCase.objects.filter(opened_on__year=2019, closed_on__gt=YEAR_END)
    for case in open_at_year_end.prefetch_related("contacts"):
        contacts = sorted(case.contacts.all(), key=lambda c: (c.contacted_on, c.id))
        of_2019 = [c for c in contacts if c.contacted_on <= YEAR_END]
        assert of_2019 and len(of_2019) < len(contacts), case
        assert of_2019[-1].next_followup_on.year in (2019, 2020)
        assert case.first_contact_on == contacts[0].contacted_on
        if not case.service_plan:
            assert case.opened_on.month == 12
    for contact in CaseContact.objects.filter(case__opened_on__year=2019):
        assert contact.next_followup_on > contact.contacted_on
        assert contact.contacted_on < date(2020, 10, 1)


def test_each_case_manager_has_a_current_queue_with_a_few_overdue(loaded):
    today = timezone.localdate()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=demo.CASE_MANAGERS)
    }
    for username in demo.CASE_MANAGERS:
        queue = services.my_queue(users[username])
        overdue, due = list(queue["overdue"]), list(queue["due"])
        mine = overdue + due + list(queue["later"])
        assert len(mine) >= 4 and len(due) >= 2
        assert 1 <= len(overdue) <= 3
        for case in overdue:
            assert today - timedelta(days=7) <= case.next_followup_on < today
        for case in mine:
            assert today - timedelta(days=60) <= case.opened_on <= today
            assert case.next_followup_on is not None
        in_service = [c for c in mine if c.status == CaseStatus.IN_SERVICE]
        assert len(in_service) >= 3
        assert {c.status for c in mine} & {CaseStatus.INTAKE, CaseStatus.ASSESSMENT}
        for case in in_service:
            assert case.service_plan
            assert case.services.filter(kind=ServiceKind.CONSOLATION).exists()
            assert case.contacts.exists()
            assert AuditEntry.objects.filter(
                object_type="casework.injurycase", object_id=str(case.pk), actor=case.case_manager,
                context="advance to in_service",
            ).exists()  # fmt: skip


def test_exactly_one_closure_request_awaits_the_supervisor(loaded):
    supervisor = get_user_model().objects.get(username=demo.SUPERVISOR)
    requests = list(services.team_overview(supervisor)["closure_requests"])
    assert len(requests) == 1
    assert InjuryCase.objects.filter(status=CaseStatus.CLOSURE_REQUESTED).count() == 1
    case = requests[0]
    assert case.closure_reason and case.closure_note and case.closed_on is None
    assert timezone.localdate() - timedelta(days=7) <= case.closure_requested_at.date()
    assert case.next_followup_on >= timezone.localdate()
    assert AuditEntry.objects.filter(
        object_type="casework.injurycase", object_id=str(case.pk), actor=case.case_manager,
        context="request closure",
    ).exists()  # fmt: skip


def test_the_records_were_written_through_the_services_with_audit_entries(loaded):
    case = InjuryCase.objects.filter(status=CaseStatus.CLOSED).first()
    entries = AuditEntry.objects.filter(object_type="casework.injurycase", object_id=str(case.pk))
    assert entries.filter(actor=case.case_manager).exists()
    assert entries.filter(actor__username=demo.SUPERVISOR, context="approve closure").exists()
    repair = RepairApplication.objects.filter(status=RepairStatus.COMPLETED).first()
    assert (
        AuditEntry.objects.filter(
            object_type="casework.repairapplication", object_id=str(repair.pk)
        ).count()
        >= 5
    )
    assert AuditEntry.objects.filter(object_type="casework.workday").exists()


def test_the_homes_have_teams_volunteers_work_days_donations_and_photos(loaded):
    teams = {t.organization.name: t for t in VolunteerTeam.objects.select_related("organization")}
    assert set(teams) == {"大台南總工會", "台南市木工業職業工會", "台南市勞工志願服務協會"}
    assert teams["大台南總工會"].organization.kind == "union"
    assert teams["台南市勞工志願服務協會"].organization.kind == "ngo"
    assert all(t.volunteers.count() >= 10 for t in teams.values())
    assert any("carpentry" in v.trades for v in teams["台南市木工業職業工會"].volunteers.all())
    completed = RepairApplication.objects.filter(status=RepairStatus.COMPLETED)
    for repair in completed.prefetch_related("work_days", "attachments"):
        days = list(repair.work_days.all())
        assert days and all(d.date <= repair.completed_on for d in days)
        assert {a.kind for a in repair.attachments.all()} == {"before", "after"}
        assert repair.donations and repair.materials_cost > 0 and repair.satisfaction
        assert repair.needs and repair.decided_by.username == demo.SUPERVISOR
    assert RepairApplication.objects.filter(
        status=RepairStatus.REJECTED, rejection_reason__gt=""
    ).exists()
    linked = completed.filter(injury_case__isnull=False).select_related("injury_case")
    assert linked.count() >= 3
    for repair in linked:
        assert repair.applicant_id == repair.injury_case.person_id
        assert repair.injury_case.services.filter(kind=ServiceKind.HOUSING).exists()
    volunteer_days = value("housing.volunteer_days")
    assert volunteer_days.denominator == WorkDay.objects.filter(date__year=2019).count()
    assert volunteer_days.value > volunteer_days.denominator
    photo = Attachment.objects.first()
    assert photo.file.storage.exists(photo.file.name)


def test_the_people_have_valid_identifiers(loaded):
    ids = [p.id_number for p in demo.build_plan().people]
    ids += [c.person.id_number for c in demo.build_current(timezone.localdate())]
    people = Person.objects.filter(id_number__in=ids)
    assert people.count() == len(ids) == loaded["people"]
    for person in people:
        classify_personal_id(person.id_number)
        assert person.id_number[1] == ("1" if person.sex == "M" else "2")


def test_the_plan_is_the_same_on_every_run(loaded):
    first, second = demo.build_plan(), demo.build_plan()
    assert [(c.person.id_number, c.opened_on, c.stage, len(c.services)) for c in first.cases] == [
        (c.person.id_number, c.opened_on, c.stage, len(c.services)) for c in second.cases
    ]
    assert [(r.applied_on, r.completed_on) for r in first.repairs] == [
        (r.applied_on, r.completed_on) for r in second.repairs
    ]
    today = timezone.localdate()
    now, again = demo.build_current(today), demo.build_current(today)
    assert [(c.person.id_number, c.opened_on, c.stage, c.plan) for c in now] == [
        (c.person.id_number, c.opened_on, c.stage, c.plan) for c in again
    ]
    earlier = demo.build_current(date(2026, 1, 5))
    assert [(c.person.id_number, c.person.name) for c in earlier] == [
        (c.person.id_number, c.person.name) for c in now
    ]
    assert demo.is_loaded()


def test_remove_deletes_only_the_demo_rows_and_then_their_photos(
    loaded, django_capture_on_commit_callbacks
):
    other = Person.objects.create(name="測試民眾", id_number="A123456789", id_type="national")
    storage = Attachment._meta.get_field("file").storage
    photos = {a.file.name: a.file.read() for a in Attachment.objects.all()[:3]}
    with django_capture_on_commit_callbacks() as callbacks:
        counts = demo.remove()
    assert counts["cases"] == loaded["cases"] and counts["homes"] == loaded["homes"]
    assert not InjuryCase.objects.exists() and not RepairApplication.objects.exists()
    assert not VolunteerTeam.objects.exists()
    assert not AuditEntry.objects.filter(object_type__startswith="casework.").exists()
    assert Person.objects.filter(pk=other.pk).exists()
    assert not demo.is_loaded()
    assert photos and all(
        storage.exists(name) for name in photos
    )  # nothing is deleted before the commit
    try:
        for callback in callbacks:
            callback()
        assert not any(storage.exists(name) for name in photos)
    finally:  # the rows come back with the rollback; put their photos back too
        for name, content in photos.items():
            if not storage.exists(name):
                assert storage.save(name, ContentFile(content)) == name
