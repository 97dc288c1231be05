"""``hopehome seed-demo``: the 2019 demo dataset reproduces the year-end highlights.

The dataset is loaded once for the module (it takes a few tens of seconds) and removed after
it; each test runs in its own rolled-back transaction on top of it.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.db import transaction
from django.test import override_settings
from django.utils.functional import empty

from hopehome.accommodation import demo as accommodation_demo
from hopehome.casework import demo as casework_demo
from hopehome.casework.models import private_storage
from hopehome.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from hopehome.core.models import AuditEntry, Organization, Person, StaffProfile
from hopehome.core.validators import classify_personal_id, is_ubn
from hopehome.inspection import demo as inspection_demo
from hopehome.inspection.models import Penalty
from hopehome.jobs import demo as jobs_demo
from hopehome.outcomes.registry import compute_all
from hopehome.training import demo as training_demo
from hopehome.training.choices import (
    CourseCategory,
    CourseStatus,
    EnrollmentStatus,
    InsuranceChannel,
    TTQSGrade,
)
from hopehome.training.models import Course, EmploymentFollowUp, Enrollment, TTQSEvaluation

pytestmark = pytest.mark.django_db

VTC = "臺南市職業訓練就業服務中心"
NANMEN = "南門勞工育樂中心勞工學苑"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run the command once; clean the demo rows away when the module is done.

    The repair photos of the dataset go to a temporary VAR_DIR.
    """
    with override_settings(VAR_DIR=tmp_path_factory.mktemp("var")), django_db_blocker.unblock():
        private_storage._wrapped = empty
        try:
            out = StringIO()
            call_command("seed-demo", allow_production=True, stdout=out, stderr=StringIO())
            yield out.getvalue()
            with transaction.atomic():
                accommodation_demo.remove()
                jobs_demo.remove()
                inspection_demo.remove()  # its inspections refer to the demo staff
                casework_demo.remove()
                training_demo.remove()
                get_user_model().objects.filter(
                    username__in=[a.username for a in DEMO_ACCOUNTS]
                ).delete()
        finally:
            private_storage._wrapped = empty


@pytest.fixture(scope="module")
def figures(seeded, django_db_blocker):
    with django_db_blocker.unblock():
        return {key: result.as_dict() for key, result in compute_all(2019).items()}


def _table_counts() -> dict[str, int]:
    return {
        "users": get_user_model().objects.count(),
        "profiles": StaffProfile.objects.count(),
        "people": Person.objects.count(),
        "organizations": Organization.objects.count(),
        "courses": Course.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "followups": EmploymentFollowUp.objects.count(),
        "ttqs": TTQSEvaluation.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_the_command_is_called_seed_demo_and_demo_info_lists_the_logins(seeded):
    commands = get_commands()
    assert "seed-demo" in commands and "demo-info" in commands
    out = StringIO()
    call_command("demo-info", stdout=out)
    text = out.getvalue()
    for url in ("http://127.0.0.1:8000/", "/staff/", "/api/v1/docs", "/outcomes/2019/"):
        assert url in text
    for account in DEMO_ACCOUNTS:
        assert account.username in text and account.division in text
    assert DEMO_PASSWORD in text


def test_the_unemployed_employment_rate_of_2019_is_above_80_percent(figures):
    rate = figures["training.employment_rate.unemployed"]
    assert 80 < rate["value"] < 90
    assert rate["denominator"] > 300


def test_the_care_worker_employment_rate_of_2019_is_close_to_90_percent(figures):
    rate = figures["training.employment_rate.care_worker"]
    assert 85 <= rate["value"] <= 90
    assert rate["denominator"] > 100


def test_the_bureau_units_hold_15_ttqs_golds(figures):
    gold = figures["ttqs.gold_total"]
    assert gold["value"] == 15
    assert gold["by_unit"][VTC]["value"] == 9
    assert gold["by_unit"][NANMEN]["value"] == 6


def test_the_gold_streaks_are_9_and_6_years(figures):
    streak = figures["ttqs.gold_streak"]
    assert streak["value"] == 9
    assert streak["by_unit"][VTC]["value"] == 9
    assert streak["by_unit"][NANMEN]["value"] == 6
    assert (
        TTQSEvaluation.objects.get(organization__name=NANMEN, year=2013).grade == TTQSGrade.SILVER
    )


def test_program_8_shows_20_homes_repaired_in_2019_and_100_since_2013(figures):
    assert figures["housing.completed"]["value"] == 20
    assert figures["housing.completed_cumulative"]["value"] == 100
    assert figures["housing.completed_cumulative"]["by_unit"]["2019"]["value"] == 20
    assert figures["housing.volunteer_days"]["value"] > figures["housing.volunteer_days"]["denominator"] > 20


def test_program_8_shows_a_year_of_injury_cases_with_follow_ups(seeded, figures):
    assert 55 <= figures["casework.cases_served"]["value"] <= 65
    assert figures["casework.services_by_kind"]["value"] > figures["casework.cases_served"]["value"]
    assert figures["casework.consolation_total"]["denominator"] > 30
    coverage = figures["casework.followup_coverage"]
    assert 60 <= coverage["value"] < 100
    assert coverage["denominator"] == figures["casework.open_cases"]["value"]
    assert "2019 年度服務職災個案數" in seeded and "100 homes" in seeded


def test_a_database_seeded_before_program_8_gets_its_rows_without_reset(seeded, django_capture_on_commit_callbacks):
    casework_demo.remove()
    assert training_demo.is_loaded() and not casework_demo.is_loaded()
    before = _table_counts()
    out = StringIO()
    call_command("seed-demo", allow_production=True, stdout=out, stderr=StringIO())
    cases = casework_demo.CASES + len(casework_demo.CURRENT)
    assert "Loaded the demo dataset" in out.getvalue() and f"{cases} cases" in out.getvalue()
    assert casework_demo.is_loaded()
    assert _table_counts()["courses"] == before["courses"]
    assert compute_all(2019)["housing.completed_cumulative"].value == 100
    with django_capture_on_commit_callbacks(execute=True):  # the new photos go; the rollback restores the rest
        casework_demo.remove()


def test_ttqs_grades_come_from_the_scores_and_the_bands(seeded):
    golds = TTQSEvaluation.objects.filter(organization__is_bureau_unit=True, grade=TTQSGrade.GOLD)
    assert golds.count() == 15
    for evaluation in TTQSEvaluation.objects.all():
        assert len(evaluation.scores) == 19
        assert sum(evaluation.scores) == evaluation.total
    assert all(74 <= e.total <= 83 for e in golds)
    private = TTQSEvaluation.objects.filter(organization__is_bureau_unit=False)
    assert set(private.values_list("grade", flat=True)) >= {TTQSGrade.SILVER, TTQSGrade.BRONZE}


def test_the_demo_staff_accounts_exist_with_their_roles(seeded):
    users = {
        u.username: u for u in get_user_model().objects.select_related("staff_profile__division")
    }
    for account in DEMO_ACCOUNTS:
        user = users[account.username]
        assert user.staff_profile.role == account.role
        assert user.staff_profile.division.code == account.division
        assert user.check_password(DEMO_PASSWORD)
        assert user.first_name == account.name
    assert users["administrator"].is_superuser and users["administrator"].is_staff
    assert not users["clerk"].is_staff
    assert users["outsider"].staff_profile.division.code == "labor_relations"


def test_a_demo_account_can_log_in_to_the_back_office(seeded, client):
    assert client.login(username="supervisor", password=DEMO_PASSWORD)
    assert client.get("/staff/").status_code == 200


def test_every_person_has_a_valid_identifier_matching_their_sex(seeded):
    people = list(Person.objects.values_list("id_number", "sex", "name"))
    assert len(people) > 1000
    for id_number, sex, name in people:
        classify_personal_id(id_number)  # raises ValidationError on a bad checksum
        assert id_number[1] in ("1", "8") if sex == "M" else id_number[1] in ("2", "9")
        assert name
    letters = [id_number[0] for id_number, _, _ in people]
    assert letters.count("D") + letters.count("R") > 0.8 * len(letters)


def test_every_organization_ubn_passes_the_checksum(seeded):
    ubns = list(Organization.objects.exclude(ubn=None).values_list("ubn", flat=True))
    assert len(ubns) >= 6
    assert all(is_ubn(u) for u in ubns)
    providers = Organization.objects.filter(kind="training_provider", is_bureau_unit=False).exclude(
        ubn=None
    )
    assert providers.count() >= 6
    assert set(Organization.objects.filter(is_bureau_unit=True).values_list("name", flat=True)) >= {
        VTC,
        NANMEN,
    }


def test_the_2019_courses_look_like_a_training_year(seeded):
    courses = Course.objects.filter(ends_on__year=2019)
    assert 35 <= courses.count() <= 50
    ranges = {
        CourseCategory.UNEMPLOYED: (300, 800),
        CourseCategory.CARE_WORKER: (90, 90),
        CourseCategory.IN_SERVICE: (30, 60),
        CourseCategory.LEISURE: (18, 36),
    }
    for course in courses:
        low, high = ranges[course.category]
        assert low <= course.hours <= high, course
        assert 20 <= course.capacity <= 30
        assert course.status == CourseStatus.FINISHED
        assert course.district_id is not None and course.venue
    assert courses.filter(category=CourseCategory.LEISURE, provider__name=NANMEN).count() >= 5


def test_the_outcome_mix_includes_the_cases_that_do_not_count(seeded):
    year = Enrollment.objects.filter(course__ends_on__year=2019)
    assert year.filter(status=EnrollmentStatus.DROPPED).exists()
    assert year.filter(status=EnrollmentStatus.EARLY_EMPLOYED).exists()
    assert year.filter(public_assistance=True).exists()
    followups = EmploymentFollowUp.objects.filter(enrollment__in=year)
    assert followups.filter(insurance_channel=InsuranceChannel.OCCUPATIONAL_UNION).exists()
    late = [f for f in followups.filter(enrollment__status=EnrollmentStatus.COMPLETED).select_related("enrollment")
            if (f.insured_on - f.enrollment.completed_on).days > 120]  # fmt: skip
    assert late
    assert year.filter(status=EnrollmentStatus.COMPLETED, counts_as_employed=False).exists()
    for early in year.filter(status=EnrollmentStatus.EARLY_EMPLOYED).select_related("course"):
        assert early.hours_attended * 2 >= early.course.hours


def test_the_records_were_written_through_the_services_with_audit_entries(seeded):
    enrollment = Enrollment.objects.filter(course__code=training_demo.MARKER_CODE).first()
    entries = AuditEntry.objects.filter(
        object_type="training.enrollment", object_id=str(enrollment.pk)
    )
    assert entries.filter(actor__username="clerk").exists()
    assert AuditEntry.objects.filter(
        object_type="training.employmentfollowup", actor__username="case_manager"
    ).exists()
    assert (
        AuditEntry.objects.filter(object_type="training.ttqsevaluation").count()
        == TTQSEvaluation.objects.count()
    )


def test_the_public_catalogue_has_open_courses_and_a_full_one_with_a_waitlist(seeded):
    open_courses = [
        c for c in Course.objects.filter(status=CourseStatus.OPEN) if c.is_accepting_applications
    ]
    assert len(open_courses) >= 3
    full = [
        c for c in open_courses
        if c.enrollments.filter(status=EnrollmentStatus.ADMITTED).count() == c.capacity
        and c.enrollments.filter(status=EnrollmentStatus.WAITLISTED).exists()
    ]  # fmt: skip
    assert full


def test_running_it_again_changes_nothing(seeded):
    before = _table_counts()
    out = StringIO()
    call_command("seed-demo", allow_production=True, stdout=out, stderr=StringIO())
    assert "already loaded" in out.getvalue()
    assert _table_counts() == before


def test_the_plan_is_the_same_on_every_run(seeded):
    first, second = training_demo.build_plan(), training_demo.build_plan()
    assert first.people == second.people
    assert [(c.code, c.starts_on, len(c.applicants)) for c in first.courses] == [
        (c.code, c.starts_on, len(c.applicants)) for c in second.courses
    ]
    stored = set(Person.objects.values_list("id_number", flat=True))
    assert {p.id_number for p in first.people} <= stored


def test_remove_deletes_only_the_demo_rows(seeded):
    other = Person.objects.create(name="測試民眾", id_number="A123456789", id_type="national")
    accommodation_demo.remove()  # the job-redesign workers are demo people too
    casework_demo.remove()  # program 8's cases refer to demo people too
    counts = training_demo.remove()
    assert counts["courses"] == len(training_demo.build_plan().courses)
    assert not Course.objects.exists()
    assert not Course.objects.filter(code=training_demo.MARKER_CODE).exists()
    assert Person.objects.filter(pk=other.pk).exists()
    assert Person.objects.count() == 1
    assert not TTQSEvaluation.objects.exists()
    assert not AuditEntry.objects.filter(object_type="training.enrollment").exists()
    assert not training_demo.is_loaded()


@pytest.mark.django_db
def test_it_refuses_to_load_on_a_production_server():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed-demo", stdout=StringIO(), stderr=StringIO())


# --- program 5: 職安健康處 ------------------------------------------------------------------
def test_program_5_shows_3_partnerships_and_2_awards_in_2019(seeded, figures):
    assert figures["inspection.partnerships_signed"]["value"] == 3
    assert figures["inspection.awards"]["value"] == 2
    assert 0 < figures["inspection.violation_rate"]["value"] < 100
    assert figures["inspection.published"]["value"] > 0
    assert 300 <= figures["inspection.inspections"]["value"] <= 600
    assert "2019-04-28" in seeded and "簽署安全健康伙伴: 3" in seeded


def test_every_demo_penalty_is_indexed_for_the_register(seeded):
    penalties = Penalty.objects.select_related("organization")
    assert penalties.count() > 50
    for penalty in penalties:
        assert penalty.search_tokens
        assert is_ubn(penalty.organization.ubn)


# --- programs 3 and 4: job redesign and 台南工作好找 ------------------------------------------


def test_the_2019_outcomes_show_five_visually_impaired_workers_employed_through_job_redesign(figures):
    assert figures["accommodation.visually_impaired_employed"]["value"] == 5


def test_the_2019_job_app_figures_come_from_the_demo_records(figures, seeded):
    assert figures["jobs.vacancies_published"]["value"] > 2000
    hires = figures["jobs.hires"]["value"]
    assert 0 < figures["jobs.hires_youth"]["value"] < hires <= figures["jobs.applications"]["value"]
    assert "求職者 job seeker" not in seeded  # the logins are printed by demo-info, not seed-demo
    out = StringIO()
    call_command("demo-info", stdout=out)
    assert "seeker@demo.hopehome.example" in out.getvalue()
    assert "employer@demo.hopehome.example" in out.getvalue()
