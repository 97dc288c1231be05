"""``hopehome jobs-daily`` and the record scopes the app registers."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from hopehome.core.models import Person
from hopehome.core.permissions import scope_people, scope_records
from hopehome.jobs import services
from hopehome.jobs.choices import ApplicationStatus, VacancyStatus
from hopehome.jobs.models import AdviceRequest, Application, SavedSearch, SeekerProfile, Vacancy
from tests.jobs.conftest import make_vacancy


def test_jobs_daily(seeker, employer, django_capture_on_commit_callbacks):
    org = employer.employer_account.organization
    today = timezone.localdate()
    old = make_vacancy(org, posted_on=today - timedelta(days=40), expires_on=today - timedelta(days=1))
    current = make_vacancy(org, title="門市夥伴")
    application = services.apply(seeker, current)
    Application.objects.filter(pk=application.pk).update(last_action_at=timezone.now() - timedelta(days=70))
    services.save_search(seeker, "門市", {"q": "門市"})
    SavedSearch.objects.update(last_sent_at=timezone.now() - timedelta(days=1))

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs-daily", stdout=out)
    text = out.getvalue()
    assert "1 vacancy(ies) expired" in text
    assert "1 application(s) expired" in text
    assert "1 saved-search digest(s) sent" in text
    old.refresh_from_db(), application.refresh_from_db()
    assert old.status == VacancyStatus.EXPIRED
    assert application.status == ApplicationStatus.EXPIRED
    subjects = [m.subject for m in mail.outbox]
    assert any("應徵已逾期" in s for s in subjects)
    assert any("新職缺" in s for s in subjects)

    out = StringIO()
    call_command("jobs-daily", stdout=out)
    assert "0 vacancy(ies) expired, 0 application(s) expired, 0 saved-search digest(s) sent" in out.getvalue()


def test_jobs_daily_with_a_date(employer):
    org = employer.employer_account.organization
    today = timezone.localdate()
    v = make_vacancy(org, expires_on=today + timedelta(days=3))
    out = StringIO()
    call_command("jobs-daily", "--date", (today + timedelta(days=5)).isoformat(), "--no-digest", stdout=out)
    v.refresh_from_db()
    assert v.status == VacancyStatus.EXPIRED
    with pytest.raises(CommandError):
        call_command("jobs-daily", "--date", "yesterday")


class TestScopes:
    def test_vacancies(self, employer, jobs_clerk, inspector, citizen):
        org = employer.employer_account.organization
        published = make_vacancy(org)
        draft = make_vacancy(org, status=VacancyStatus.DRAFT)
        assert set(scope_records(jobs_clerk, Vacancy.objects.all())) == {published, draft}
        assert list(scope_records(inspector, Vacancy.objects.all())) == [published]
        with pytest.raises(PermissionDenied):
            scope_records(citizen, Vacancy.objects.all())

    def test_seeker_records(self, seeker, vacancy, jobs_clerk, jobs_case_manager, inspector):
        services.apply(seeker, vacancy)
        services.ask_advice(seeker, topic="resume", question="?")
        assert scope_records(jobs_clerk, Application.objects.all()).count() == 1
        assert scope_records(jobs_clerk, AdviceRequest.objects.all()).count() == 1
        assert scope_records(jobs_case_manager, SeekerProfile.objects.all()).count() == 1
        for model in (Application, AdviceRequest, SeekerProfile):
            with pytest.raises(PermissionDenied):
                scope_records(inspector, model.objects.all())
        with pytest.raises(PermissionDenied):
            scope_records(jobs_clerk, SeekerProfile.objects.all())

    def test_jobs_staff_see_registry_people_who_are_seekers(self, seeker, jobs_clerk, outsider):
        person = Person.objects.create(name="林小青", id_type="national", id_number="A123456789")
        Person.objects.create(name="王大明", id_type="national", id_number="D123456782")
        SeekerProfile.objects.filter(pk=seeker.seeker.pk).update(person=person)
        assert list(scope_people(jobs_clerk, Person.objects.all())) == [person]
        assert person not in scope_people(outsider, Person.objects.all())
