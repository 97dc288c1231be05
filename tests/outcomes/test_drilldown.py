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
