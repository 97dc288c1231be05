"""Housing repair: applications, survey, decision, volunteer teams, work days, completion, screens."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty
from PIL import Image

from hopehome.casework import housing
from hopehome.casework.choices import RepairStatus
from hopehome.casework.models import (
    Attachment,
    RepairApplication,
    Volunteer,
    VolunteerTeam,
    WorkDay,
    private_storage,
)
from hopehome.casework.uploads import store_attachment
from hopehome.core.choices import OrganizationKind
from hopehome.core.models import AuditEntry, Organization, Person

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    private_storage._wrapped = empty
    yield tmp_path / "uploads"
    private_storage._wrapped = empty


def photo(name: str = "p.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (120, 90, 60)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def applicant_data(**overrides) -> dict:
    return {"id_number": "A123456789", "name": "林美華", "phone": "0912000111"} | overrides


@pytest.fixture
def application(welfare_clerk):
    return housing.apply_for_repair(
        welfare_clerk, applicant=applicant_data(), category="disadvantaged", address="臺南市東區裕農路 1 號",
        eligibility_note="中低收入戶", applied_on=TODAY - timedelta(days=60),
    )  # fmt: skip


@pytest.fixture
def surveyed(welfare_clerk, application):
    return housing.record_survey(
        welfare_clerk, application, surveyed_on=TODAY - timedelta(days=50),
        needs={"painting": "客廳壁癌，需刮除重漆", "electrical": "老舊電線更新"},
    )  # fmt: skip


@pytest.fixture
def approved(welfare_supervisor, surveyed):
    return housing.decide(welfare_supervisor, surveyed, approve=True)


@pytest.fixture
def team(welfare_clerk):
    return housing.register_team(
        welfare_clerk,
        {"name": "台南市木工業職業工會", "kind": OrganizationKind.UNION},
        "王理事",
        "06-2991111",
    )


@pytest.fixture
def volunteers(welfare_clerk, team):
    return [
        housing.add_volunteer(
            welfare_clerk, team, "張師傅", "0911111111", ["carpentry", "painting"]
        ),
        housing.add_volunteer(welfare_clerk, team, "李師傅", "", ["electrical"]),
    ]


@pytest.fixture
def in_progress(welfare_clerk, approved, team, volunteers):
    housing.schedule_work_day(
        welfare_clerk, approved, date=TODAY - timedelta(days=10), team=team, volunteers=volunteers,
        trades=["painting", "electrical"], hours=8, note="第一天",
    )  # fmt: skip
    approved.refresh_from_db()
    return approved


# --- applications ---------------------------------------------------------------------------
def test_an_application_is_numbered_by_year_and_registers_the_applicant(welfare_clerk, application):
    assert application.number == f"HR{application.applied_on.year}-0001"
    assert application.status == RepairStatus.APPLIED
    assert (
        application.applicant.name == "林美華" and application.applicant.id_number == "A123456789"
    )
    other = housing.apply_for_repair(welfare_clerk, applicant=applicant_data(id_number="D223456784", name="陳阿姨"),
                                     category="injured", address="臺南市北區", applied_on=date(2019, 3, 1))  # fmt: skip
    assert other.number == "HR2019-0001"
    third = housing.apply_for_repair(welfare_clerk, applicant=applicant_data(id_number="R123456783", name="高先生"),
                                     category="indigenous", address="臺南市南區")  # fmt: skip
    expected = 2 if application.applied_on.year == TODAY.year else 1
    assert third.number == f"HR{TODAY.year}-{expected:04d}"
    assert (
        AuditEntry.objects.filter(object_type="casework.repairapplication", action="create").count()
        == 3
    )


def test_an_existing_person_is_reused_and_a_name_mismatch_is_refused(welfare_clerk, worker):
    a = housing.apply_for_repair(welfare_clerk, applicant={"id_number": worker.id_number, "name": worker.name},
                                 category="injured", address="臺南市永康區")  # fmt: skip
    assert a.applicant == worker
    assert Person.objects.count() == 1
    RepairApplication.objects.all().delete()
    with pytest.raises(ValidationError) as e:
        housing.apply_for_repair(welfare_clerk, applicant={"id_number": worker.id_number, "name": "別人"},
                                 category="injured", address="臺南市永康區")  # fmt: skip
    assert "name" in e.value.message_dict
    assert RepairApplication.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "tourist"}, "category"),
        ({"address": "  "}, "address"),
        ({"applied_on": TODAY + timedelta(days=1)}, "applied_on"),
        ({"applied_on": date(2012, 12, 31)}, "applied_on"),
        ({"applicant": applicant_data(id_number="A123456788")}, "id_number"),
        ({"applicant": applicant_data(id_number="")}, "id_number"),
        ({"applicant": applicant_data(phone="call me")}, "phone"),
    ],
)
def test_bad_application_input_is_refused_and_changes_nothing(welfare_clerk, fields, field):
    data = {
        "applicant": applicant_data(),
        "category": "injured",
        "address": "臺南市中西區",
    } | fields
    with pytest.raises(ValidationError) as e:
        housing.apply_for_repair(welfare_clerk, **data)
    assert field in e.value.message_dict
    assert RepairApplication.objects.count() == 0 and Person.objects.count() == 0


def test_a_household_has_one_open_application_at_a_time(welfare_clerk, application):
    with pytest.raises(ValidationError) as e:
        housing.apply_for_repair(
            welfare_clerk, applicant=applicant_data(), category="injured", address="臺南市"
        )
    assert "辦理中" in " ".join(e.value.messages)
    assert RepairApplication.objects.count() == 1


def test_only_visible_injury_cases_can_be_linked(welfare_clerk, cm, injury_case, worker):
    with pytest.raises(ValidationError) as e:
        housing.apply_for_repair(welfare_clerk, applicant={"id_number": worker.id_number, "name": worker.name},
                                 category="injured", address="臺南市永康區", injury_case=injury_case.number)  # fmt: skip
    assert "injury_case" in e.value.message_dict
    a = housing.apply_for_repair(cm, applicant={"id_number": worker.id_number, "name": worker.name},
                                 category="injured", address="臺南市永康區", injury_case=injury_case.number.lower())  # fmt: skip
    assert a.injury_case == injury_case


@pytest.mark.parametrize("persona", ["outsider", "inspector", "director", "clerk", "citizen"])
def test_people_outside_housing_cannot_apply(db, request, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        housing.apply_for_repair(
            user, applicant=applicant_data(), category="injured", address="臺南市"
        )
    assert RepairApplication.objects.count() == 0


# --- survey and decision --------------------------------------------------------------------
def test_the_survey_records_needs_by_trade_in_trade_order(surveyed):
    assert surveyed.status == RepairStatus.SURVEYED
    assert list(surveyed.needs) == ["painting", "electrical"]
    assert surveyed.version == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"needs": {}}, "needs"),
        ({"needs": {"painting": "   "}}, "needs"),
        ({"needs": {"plumbing": "漏水"}}, "needs"),
        ({"surveyed_on": TODAY + timedelta(days=1)}, "surveyed_on"),
        ({"surveyed_on": TODAY - timedelta(days=61)}, "surveyed_on"),
    ],
)
def test_bad_survey_input_is_refused(welfare_clerk, application, kwargs, field):
    data = {"surveyed_on": TODAY - timedelta(days=5), "needs": {"masonry": "浴室地磚破裂"}} | kwargs
    with pytest.raises(ValidationError) as e:
        housing.record_survey(welfare_clerk, application, **data)
    assert field in e.value.message_dict
    application.refresh_from_db()
    assert (
        application.status == RepairStatus.APPLIED
        and application.needs == {}
        and application.version == 1
    )


def test_a_decision_needs_a_survey_and_a_supervisor(welfare_supervisor, welfare_clerk, application):
    with pytest.raises(ValidationError):
        housing.decide(welfare_supervisor, application, approve=True)
    housing.record_survey(welfare_clerk, application, surveyed_on=TODAY, needs={"masonry": "補牆"})
    with pytest.raises(PermissionDenied):
        housing.decide(welfare_clerk, application, approve=True)
    application.refresh_from_db()
    assert application.status == RepairStatus.SURVEYED


def test_a_rejection_needs_a_reason(welfare_supervisor, surveyed):
    with pytest.raises(ValidationError) as e:
        housing.decide(welfare_supervisor, surveyed, approve=False, reason=" ")
    assert "reason" in e.value.message_dict
    rejected = housing.decide(
        welfare_supervisor, surveyed, approve=False, reason="非自有住宅，屋主不同意"
    )
    assert rejected.status == RepairStatus.REJECTED and rejected.decided_by == welfare_supervisor
    assert rejected.rejection_reason == "非自有住宅，屋主不同意"


def test_approval_is_audited(welfare_supervisor, approved):
    assert approved.status == RepairStatus.APPROVED and approved.decided_by == welfare_supervisor
    entry = AuditEntry.objects.filter(
        object_type="casework.repairapplication", action="update"
    ).first()
    assert entry.changes["status"] == {"before": "surveyed", "after": "approved"}
    assert entry.person == approved.applicant


def test_a_stale_version_is_refused_and_nothing_is_lost(welfare_clerk, surveyed):
    stale = surveyed.version
    housing.record_costs(welfare_clerk, surveyed, materials_cost=1000, expected_version=stale)
    with pytest.raises(housing.RepairConflict):
        housing.record_costs(welfare_clerk, surveyed, materials_cost=9999, expected_version=stale)
    surveyed.refresh_from_db()
    assert surveyed.materials_cost == 1000 and surveyed.version == stale + 1


# --- teams and volunteers -------------------------------------------------------------------
def test_a_team_must_be_a_union_or_association(welfare_clerk, team):
    assert team.organization.kind == OrganizationKind.UNION and team.contact_phone == "06-2991111"
    employer = Organization.objects.create(
        kind=OrganizationKind.EMPLOYER, name="永康精密工業有限公司"
    )
    with pytest.raises(ValidationError):
        housing.register_team(welfare_clerk, employer)
    with pytest.raises(ValidationError):
        housing.register_team(welfare_clerk, {"name": "某公司", "kind": OrganizationKind.EMPLOYER})
    with pytest.raises(ValidationError) as e:
        housing.register_team(welfare_clerk, team.organization)
    assert e.value.error_dict["organization"][0].code == "duplicate"
    ngo = Organization.objects.create(kind=OrganizationKind.NGO, name="台南市勞工志願服務協會")
    with pytest.raises(ValidationError):
        housing.register_team(welfare_clerk, ngo, "陳小姐", "not a phone")
    assert VolunteerTeam.objects.count() == 1
    assert housing.register_team(welfare_clerk, ngo, "陳小姐", "0922333444").organization == ngo


@pytest.mark.parametrize(
    ("name", "phone", "trades", "field"),
    [
        ("", "", ["painting"], "name"),
        ("張師傅", "", [], "trades"),
        ("張師傅", "", ["plumbing"], "trades"),
        ("張師傅", "abc", ["painting"], "phone"),
    ],
)
def test_bad_volunteer_input_is_refused(welfare_clerk, team, name, phone, trades, field):
    with pytest.raises(ValidationError) as e:
        housing.add_volunteer(welfare_clerk, team, name, phone, trades)
    assert field in e.value.message_dict
    assert Volunteer.objects.count() == 0


def test_teams_are_managed_by_housing_staff_only(outsider, inspector, team):
    for user in (outsider, inspector):
        with pytest.raises(PermissionDenied):
            housing.register_team(user, {"name": "大台南總工會", "kind": OrganizationKind.UNION})
        with pytest.raises(PermissionDenied):
            housing.add_volunteer(user, team, "某人", "", ["painting"])


# --- work days and costs --------------------------------------------------------------------
def test_the_first_work_day_starts_the_repair(in_progress, welfare_clerk, team, volunteers):
    assert in_progress.status == RepairStatus.IN_PROGRESS
    day = WorkDay.objects.get(application=in_progress)
    assert set(day.volunteers.all()) == set(volunteers) and day.hours == Decimal("8.0")
    housing.schedule_work_day(welfare_clerk, in_progress, date=TODAY - timedelta(days=9), team=team,
                              volunteers=volunteers[:1], trades=["painting"], hours="4.5")  # fmt: skip
    in_progress.refresh_from_db()
    assert in_progress.status == RepairStatus.IN_PROGRESS and in_progress.work_days.count() == 2


def test_work_days_wait_for_approval(welfare_clerk, surveyed, team, volunteers):
    with pytest.raises(ValidationError):
        housing.schedule_work_day(welfare_clerk, surveyed, date=TODAY, team=team, volunteers=volunteers,
                                  trades=["painting"])  # fmt: skip
    assert WorkDay.objects.count() == 0


def test_volunteers_must_belong_to_the_team(welfare_clerk, approved, team, volunteers):
    other = housing.register_team(
        welfare_clerk, {"name": "大台南總工會", "kind": OrganizationKind.UNION}
    )
    stranger = housing.add_volunteer(welfare_clerk, other, "外隊志工", "", ["masonry"])
    with pytest.raises(ValidationError) as e:
        housing.schedule_work_day(welfare_clerk, approved, date=TODAY, team=team, volunteers=[volunteers[0], stranger],
                                  trades=["painting"])  # fmt: skip
    assert "volunteers" in e.value.message_dict
    approved.refresh_from_db()
    assert approved.status == RepairStatus.APPROVED and WorkDay.objects.count() == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"volunteers": []}, "volunteers"),
        ({"trades": []}, "trades"),
        ({"trades": ["plumbing"]}, "trades"),
        ({"hours": 0}, "hours"),
        ({"hours": 25}, "hours"),
        ({"hours": "eight"}, "hours"),
        ({"date": TODAY - timedelta(days=51)}, "date"),
        ({"date": TODAY + timedelta(days=400)}, "date"),
    ],
)
def test_bad_work_day_input_is_refused(welfare_clerk, approved, team, volunteers, kwargs, field):
    data = {
        "date": TODAY,
        "team": team,
        "volunteers": volunteers,
        "trades": ["painting"],
        "hours": 8,
    } | kwargs
    with pytest.raises(ValidationError) as e:
        housing.schedule_work_day(welfare_clerk, approved, **data)
    assert field in e.value.message_dict
    assert WorkDay.objects.count() == 0


def test_the_same_team_cannot_be_booked_twice_on_a_day(
    welfare_clerk, in_progress, team, volunteers
):
    with pytest.raises(ValidationError) as e:
        housing.schedule_work_day(welfare_clerk, in_progress, date=TODAY - timedelta(days=10), team=team,
                                  volunteers=volunteers, trades=["painting"])  # fmt: skip
    assert e.value.error_dict["date"][0].code == "duplicate"


def test_costs_and_donations_are_recorded(welfare_clerk, in_progress):
    a = housing.record_costs(
        welfare_clerk, in_progress, materials_cost=35000, donations="木工業工會捐贈木料"
    )
    assert a.materials_cost == 35000 and a.donations == "木工業工會捐贈木料"
    for bad in (-1, 10_000_001, "many"):
        with pytest.raises(ValidationError):
            housing.record_costs(welfare_clerk, in_progress, materials_cost=bad)
    a.refresh_from_db()
    assert a.materials_cost == 35000


def test_a_rejected_application_takes_no_costs(welfare_clerk, welfare_supervisor, surveyed):
    housing.decide(welfare_supervisor, surveyed, approve=False, reason="已另獲補助")
    with pytest.raises(ValidationError):
        housing.record_costs(welfare_clerk, surveyed, materials_cost=100)


# --- completion -----------------------------------------------------------------------------
def test_completion_is_refused_without_before_and_after_photos(welfare_clerk, in_progress):
    with pytest.raises(ValidationError) as e:
        housing.complete(welfare_clerk, in_progress, completed_on=TODAY, satisfaction=5)
    assert "修繕前照片" in " ".join(e.value.messages) and "修繕後照片" in " ".join(e.value.messages)
    store_attachment(welfare_clerk, kind="before", uploaded_file=photo(), repair=in_progress)
    with pytest.raises(ValidationError) as e:
        housing.complete(welfare_clerk, in_progress, completed_on=TODAY, satisfaction=5)
    assert "修繕後照片" in " ".join(e.value.messages) and "修繕前照片" not in " ".join(
        e.value.messages
    )
    in_progress.refresh_from_db()
    assert in_progress.status == RepairStatus.IN_PROGRESS and in_progress.completed_on is None


def test_completion_is_refused_before_the_work_starts(welfare_clerk, approved):
    store_attachment(welfare_clerk, kind="before", uploaded_file=photo(), repair=approved)
    with pytest.raises(ValidationError):
        housing.complete(welfare_clerk, approved, completed_on=TODAY, satisfaction=5)


@pytest.fixture
def photographed(welfare_clerk, in_progress):
    store_attachment(welfare_clerk, kind="before", uploaded_file=photo(), repair=in_progress)
    store_attachment(welfare_clerk, kind="after", uploaded_file=photo(), repair=in_progress)
    in_progress.refresh_from_db()
    return in_progress


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"satisfaction": 0}, "satisfaction"),
        ({"satisfaction": 6}, "satisfaction"),
        ({"satisfaction": None}, "satisfaction"),
        ({"completed_on": TODAY - timedelta(days=11)}, "completed_on"),
        ({"completed_on": TODAY + timedelta(days=1)}, "completed_on"),
    ],
)
def test_bad_completion_input_is_refused(welfare_clerk, photographed, kwargs, field):
    data = {"completed_on": TODAY, "satisfaction": 5} | kwargs
    with pytest.raises(ValidationError) as e:
        housing.complete(welfare_clerk, photographed, **data)
    assert field in e.value.message_dict
    photographed.refresh_from_db()
    assert photographed.status == RepairStatus.IN_PROGRESS


def test_a_repair_is_completed_with_photos_and_satisfaction(welfare_clerk, photographed):
    done = housing.complete(
        welfare_clerk, photographed, completed_on=TODAY - timedelta(days=10), satisfaction=5
    )
    assert done.status == RepairStatus.COMPLETED and done.satisfaction == 5
    assert housing.completed_count(done.completed_on.year) == 1


def test_the_director_cannot_complete_a_repair(director, photographed):
    with pytest.raises(PermissionDenied):
        housing.complete(director, photographed, completed_on=TODAY, satisfaction=4)


# --- figures --------------------------------------------------------------------------------
def _completed(person_n: int, on: date) -> RepairApplication:
    person = Person.objects.create(
        name=f"住戶{person_n}", id_number=f"Z{person_n:09d}", id_type="national"
    )
    return RepairApplication.objects.create(
        number=f"HR{on.year}-{person_n:04d}", applicant=person, category="injured", address="臺南市",
        applied_on=on, status=RepairStatus.COMPLETED, completed_on=on, satisfaction=5,
    )  # fmt: skip


def test_the_counters_count_completed_homes_since_2013(db, django_assert_num_queries):
    for n, on in enumerate([date(2012, 6, 1), date(2013, 1, 1), date(2018, 12, 31), date(2019, 1, 1),
                            date(2019, 12, 31), date(2020, 1, 1)], start=1):  # fmt: skip
        _completed(n, on)
    with django_assert_num_queries(3):
        assert housing.completed_count(2019) == 2
        assert housing.completed_cumulative(2019) == 4
        assert housing.completed_cumulative(2018) == 2


def test_volunteer_days_count_each_volunteer_on_each_work_day(welfare_clerk, in_progress, team, volunteers,
                                                               django_assert_num_queries):  # fmt: skip
    housing.schedule_work_day(welfare_clerk, in_progress, date=TODAY - timedelta(days=9), team=team,
                              volunteers=volunteers[:1], trades=["painting"])  # fmt: skip
    with django_assert_num_queries(1):
        year_total = housing.volunteer_days(TODAY.year)
    days_this_year = WorkDay.objects.filter(date__year=TODAY.year)
    expected = sum(d.volunteers.count() for d in days_this_year)
    assert year_total == expected and expected in (1, 2, 3)
    assert housing.volunteer_days(TODAY.year - 20) == 0


# --- screens --------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["outsider", "inspector", "clerk", "citizen"])
def test_outsiders_are_refused_every_housing_screen(client, request, persona, application, team):
    client.force_login(request.getfixturevalue(persona))
    for name, args in [("list", []), ("create", []), ("teams", []), ("detail", [application.pk]),
                       ("survey", [application.pk]), ("decide", [application.pk]), ("workday", [application.pk]),
                       ("costs", [application.pk]), ("complete", [application.pk]), ("upload", [application.pk])]:  # fmt: skip
        assert client.get(reverse(f"housing:{name}", args=args)).status_code == 403, name
    response = client.post(reverse("housing:teams"), {"action": "volunteer", "volunteer-team": team.pk,
                                                      "volunteer-name": "某人", "volunteer-trades": ["painting"]})  # fmt: skip
    assert response.status_code == 403 and Volunteer.objects.count() == 0


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("housing:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_counts_counters_and_masked_ids_in_few_queries(
    client, welfare_clerk, django_assert_max_num_queries
):
    for n in range(1, 31):
        _completed(n, date(2013 + n % 7, 5, 1))
    client.force_login(welfare_clerk)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("housing:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "自 2013 年起累計" in html and "30 戶" in html
    assert "Z000000006" not in html and "Z00****006" in html
    assert "完工：30 件" in html
    with django_assert_max_num_queries(8):
        response = client.get(reverse("housing:list"), {"status": "applied"})
    assert "共 0 件申請" in response.content.decode()


def test_the_detail_shows_the_record_and_logs_the_view(
    client, welfare_clerk, photographed, django_assert_max_num_queries
):
    client.force_login(welfare_clerk)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("housing:detail", args=[photographed.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "A12****789" in html and "A123456789" not in html
    assert "客廳壁癌" in html and "張師傅" in html and "台南市木工業職業工會" in html
    assert (
        html.count(reverse("housing:attachment", args=[photographed.attachments.first().pk])) >= 1
    )
    assert AuditEntry.objects.filter(
        action="view", person=photographed.applicant, actor=welfare_clerk
    ).exists()


def test_an_application_is_created_through_the_form(client, welfare_clerk):
    client.force_login(welfare_clerk)
    data = {"id_number": "a123456789", "name": "林美華", "phone": "0912000111", "category": "injured",
            "address": "臺南市東區裕農路 1 號", "applied_on": "115/11/01"}  # fmt: skip
    response = client.post(reverse("housing:create"), data)
    a = RepairApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "housing:detail", args=[a.pk]
    )
    assert a.applied_on == date(2026, 11, 1) and a.applicant.id_number == "A123456789"


def test_bad_form_input_is_shown_on_the_form(client, welfare_clerk):
    client.force_login(welfare_clerk)
    response = client.post(reverse("housing:create"), {"id_number": "A123456788", "name": "林美華",
                                                        "category": "injured", "address": "臺南市"})  # fmt: skip
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert RepairApplication.objects.count() == 0


def test_the_steps_run_through_their_screens(
    client, welfare_clerk, welfare_supervisor, application, team, volunteers
):
    client.force_login(welfare_clerk)
    url = reverse("housing:survey", args=[application.pk])
    response = client.post(url, {"version": 1, "surveyed_on": TODAY.isoformat()})
    assert response.status_code == 200 and "請至少填寫一個工種" in response.content.decode()
    response = client.post(
        url, {"version": 1, "surveyed_on": TODAY.isoformat(), "need_masonry": "浴室防水"}
    )
    assert response.status_code == 302
    assert (
        client.get(reverse("housing:decide", args=[application.pk])).status_code == 403
    )  # clerks do not decide
    client.force_login(welfare_supervisor)
    response = client.post(
        reverse("housing:decide", args=[application.pk]), {"version": 2, "decision": "reject"}
    )
    assert "不予修繕須說明理由" in response.content.decode()
    response = client.post(
        reverse("housing:decide", args=[application.pk]), {"version": 2, "decision": "approve"}
    )
    assert response.status_code == 302
    client.force_login(welfare_clerk)
    response = client.post(reverse("housing:workday", args=[application.pk]), {
        "version": 3, "date": TODAY.isoformat(), "team": team.pk, "volunteers": [v.pk for v in volunteers],
        "trades": ["masonry"], "hours": "6", "note": "",
    })  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        reverse("housing:costs", args=[application.pk]), {"version": 3, "materials_cost": "1"}
    )
    assert "已被其他同仁修改" in response.content.decode()  # stale version
    response = client.post(
        reverse("housing:upload", args=[application.pk]), {"kind": "before", "file": photo()}
    )
    assert response.status_code == 302
    response = client.post(reverse("housing:upload", args=[application.pk]), {
        "kind": "after", "file": SimpleUploadedFile("x.jpg", b"not a photo", content_type="image/jpeg"),
    })  # fmt: skip
    assert response.status_code == 200 and "只接受" in response.content.decode()
    assert Attachment.objects.count() == 1
    response = client.post(reverse("housing:complete", args=[application.pk]),
                           {"version": 4, "completed_on": TODAY.isoformat(), "satisfaction": "5"})  # fmt: skip
    assert response.status_code == 200 and "修繕後照片" in response.content.decode()
    client.post(
        reverse("housing:upload", args=[application.pk]), {"kind": "after", "file": photo()}
    )
    response = client.post(reverse("housing:complete", args=[application.pk]),
                           {"version": 4, "completed_on": TODAY.isoformat(), "satisfaction": "5"})  # fmt: skip
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == RepairStatus.COMPLETED


def test_the_teams_screen_lists_and_adds_teams_and_volunteers(client, welfare_clerk, director, team, volunteers,
                                                              django_assert_max_num_queries):  # fmt: skip
    client.force_login(welfare_clerk)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("housing:teams"))
    html = response.content.decode()
    assert "台南市木工業職業工會" in html and "張師傅" in html and "木工、油漆" in html
    response = client.post(reverse("housing:teams"), {"action": "team", "team-new_name": "大台南總工會",
                                                      "team-new_kind": "union", "team-contact_name": "黃總幹事"})  # fmt: skip
    assert response.status_code == 302 and VolunteerTeam.objects.count() == 2
    response = client.post(reverse("housing:teams"), {"action": "volunteer", "volunteer-team": team.pk,
                                                      "volunteer-name": "王師傅", "volunteer-trades": ["metal"]})  # fmt: skip
    assert (
        response.status_code == 302
        and Volunteer.objects.filter(name="王師傅", trades=["metal"]).exists()
    )
    response = client.post(reverse("housing:teams"), {"action": "volunteer", "volunteer-team": team.pk,
                                                      "volunteer-name": "缺工種"})  # fmt: skip
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    client.force_login(director)  # views, does not manage
    assert client.get(reverse("housing:teams")).status_code == 200
    assert (
        client.post(reverse("housing:teams"), {"action": "team", "team-new_name": "X"}).status_code
        == 403
    )
