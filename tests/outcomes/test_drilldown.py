"""Staff drill-down from an indicator to the records behind it."""

from datetime import date

from hopehome.core.models import Person
from hopehome.training import services
from hopehome.training.choices import EmploymentSource, EnrollmentStatus
from hopehome.training.models import Enrollment


def test_staff_see_the_enrolments_behind_the_employment_rate(client, clerk, make_course, django_assert_max_num_queries):
    course = make_course(starts_on=date(2019, 3, 1), ends_on=date(2019, 6, 30), status="in_progress")
    person = Person.objects.create(name="林美玲", id_number="D223456784", id_type="national")
    e = Enrollment.objects.create(course=course, person=person, status=EnrollmentStatus.ATTENDING, confirmation_number="D1")
    services.record_outcome(clerk, e, EnrollmentStatus.COMPLETED, hours_attended=300)
    services.record_followup(clerk, e, insured_on=date(2019, 7, 10), source=EmploymentSource.INSURANCE)
    client.force_login(clerk)
    dashboard = client.get("/staff/?year=2019").content.decode()
    assert "/staff/outcomes/training.employment_rate.unemployed/2019/" in dashboard
    with django_assert_max_num_queries(12):
        response = client.get("/staff/outcomes/training.employment_rate.unemployed/2019/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "林美玲" in html and "D22****784" in html and "D223456784" not in html
    assert "100.0" in html


def test_unknown_indicators_and_years_are_404(client, clerk):
    client.force_login(clerk)
    assert client.get("/staff/outcomes/no.such/2019/").status_code == 404
    assert client.get("/staff/outcomes/training.completers/99999/").status_code == 404
    assert client.get("/staff/outcomes/ttqs.gold_streak/2019/").status_code == 404  # no drill-down


def test_the_public_cannot_reach_drilldowns(client, citizen):
    assert client.get("/staff/outcomes/training.completers/2019/").status_code == 302
    client.force_login(citizen)
    assert client.get("/staff/outcomes/training.completers/2019/").status_code == 403


def test_drilldowns_follow_each_programs_record_scope(client, inspector, outsider, clerk):
    from hopehome.core.choices import Role
    from tests.conftest import make_staff

    client.force_login(inspector)
    assert client.get("/staff/outcomes/training.completers/2019/").status_code == 403
    assert client.get("/staff/outcomes/ttqs.gold_total/2019/").status_code == 200
    assert client.get("/staff/outcomes/casework.open_cases/2019/").status_code == 403
    client.force_login(clerk)  # a training clerk sees trainees, not injury cases
    assert client.get("/staff/outcomes/training.completers/2019/").status_code == 200
    assert client.get("/staff/outcomes/casework.open_cases/2019/").status_code == 403
    cm = make_staff("cm_drill", Role.CASE_MANAGER, "safety_welfare")
    client.force_login(cm)
    assert client.get("/staff/outcomes/casework.open_cases/2019/").status_code == 200
    assert client.get("/staff/outcomes/training.completers/2019/").status_code == 403


def test_a_case_manager_lists_only_their_own_cases_behind_a_figure(client, db):
    from datetime import date

    from hopehome.casework import services as case_services
    from hopehome.core.choices import Role
    from hopehome.core.models import Person
    from tests.conftest import make_staff

    cm1 = make_staff("cm_one", Role.CASE_MANAGER, "safety_welfare")
    cm2 = make_staff("cm_two", Role.CASE_MANAGER, "safety_welfare")
    for i, (cm, pid) in enumerate(((cm1, "D123456782"), (cm2, "D223456784"))):
        person = Person.objects.create(name=f"勞工{i}", id_number=pid, id_type="national")
        case_services.open_case(cm, person=person, injury_date=date(2025, 3, 1), kind="injury", severity="injury",
                                source="hospital", opened_on=date(2025, 3, 2))  # fmt: skip
    client.force_login(cm1)
    html = client.get("/staff/outcomes/casework.open_cases/2025/").content.decode()
    assert "D12****782" in html and "D22****784" not in html


def test_the_dashboard_links_only_the_drilldowns_a_user_may_open(client, inspector):
    client.force_login(inspector)
    html = client.get("/staff/?year=2019").content.decode()
    assert "/staff/outcomes/ttqs.gold_total/2019/" in html
    assert "/staff/outcomes/training.completers/2019/" not in html
    assert "/staff/outcomes/casework.open_cases/2019/" not in html
