"""The services of 台南工作好找: accounts, vacancies, applications, seekers and advice."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hopehome.core.choices import AuditAction
from hopehome.core.dates import add_working_days
from hopehome.core.models import (
    AuditEntry,
    District,
    Holiday,
    Organization,
    Person,
    TargetGroup,
)
from hopehome.core.search import search
from hopehome.jobs import services
from hopehome.jobs.choices import (
    AdviceStatus,
    AdviceTopic,
    ApplicationSource,
    ApplicationStatus,
    EmploymentType,
    Occupation,
    RefusalReason,
    SalaryType,
    VacancyStatus,
)
from hopehome.jobs.models import Application, ApplicationEvent, SavedJob, SavedSearch, Vacancy
from tests.jobs.conftest import EMPLOYER_UBN, make_employer, make_vacancy, vacancy_fields

A = ApplicationStatus
V = VacancyStatus


def vacancy_data(**overrides):
    return vacancy_fields(**overrides)


def field_messages(excinfo, field):
    return " ".join(excinfo.value.message_dict.get(field, []))


# --- accounts -------------------------------------------------------------------------------
class TestAccounts:
    def test_register_seeker(self, db):
        profile = services.register_seeker(
            email="  New.Seeker@Example.TW ", password="a-long-pass-phrase", display_name="黃小華"
        )
        assert profile.user.username == "new.seeker@example.tw"
        assert profile.user.email == "new.seeker@example.tw"
        assert profile.user.check_password("a-long-pass-phrase")
        assert services.seeker_profile(profile.user) == profile
        assert services.employer_account(profile.user) is None
        assert AuditEntry.objects.filter(object_type="jobs.seekerprofile", action=AuditAction.CREATE).exists()

    def test_register_seeker_rejects_duplicates_and_bad_input(self, seeker):
        with pytest.raises(ValidationError) as e:
            services.register_seeker(email="YOUNG@example.tw", password="a-long-pass-phrase", display_name="x")
        assert "已註冊" in field_messages(e, "email")
        with pytest.raises(ValidationError) as e:
            services.register_seeker(email="not-an-email", password="short", display_name=" ")
        assert set(e.value.message_dict) == {"email", "password", "display_name"}

    def test_register_employer_reuses_organization(self, employer):
        org = employer.employer_account.organization
        account = services.register_employer(
            email="boss@anping.example", password="a-long-pass-phrase", ubn=EMPLOYER_UBN,
            organization_name="安平好食", contact_name="李主任", phone="06-2999999",
        )  # fmt: skip
        assert account.organization == org
        assert account.is_verified is False
        assert Organization.objects.filter(ubn=EMPLOYER_UBN).count() == 1

    def test_register_employer_creates_organization(self, db):
        account = services.register_employer(
            email="hr@new.example", password="a-long-pass-phrase", ubn="10458575",
            organization_name="永康精密有限公司", contact_name="陳小姐", phone="06-3000000",
            district=District.objects.get(postcode="710"),
        )  # fmt: skip
        assert account.organization.ubn == "10458575"
        assert account.organization.kind == "employer"
        assert account.organization.district.postcode == "710"

    def test_register_employer_rejects_bad_ubn(self, db):
        with pytest.raises(ValidationError) as e:
            services.register_employer(
                email="hr@bad.example", password="a-long-pass-phrase", ubn="12345678",
                organization_name="錯誤公司", contact_name="陳", phone="06-1",
            )  # fmt: skip
        assert "檢查碼" in field_messages(e, "ubn")
        assert not Organization.objects.filter(name="錯誤公司").exists()

    def test_verify_employer_needs_permission(self, jobs_clerk, seeker):
        account = make_employer("new@corp.example", "10458575", "新公司", verified=False)
        with pytest.raises(PermissionDenied):
            services.verify_employer(seeker, account)
        account = services.verify_employer(jobs_clerk, account)
        assert account.is_verified and account.verified_by == jobs_clerk and account.verified_at

    def test_update_seeker_profile(self, seeker):
        youth = TargetGroup.objects.get(code="youth")
        east = District.objects.get(postcode="701")
        profile = services.update_seeker_profile(
            seeker,
            {
                "desired_occupations": [Occupation.SALES, Occupation.FOOD],
                "desired_types": [EmploymentType.PART_TIME],
                "desired_salary": 30000,
                "desired_districts": [east],
                "target_groups": [youth],
                "needs_screen_reader": True,
                "person": Person(name="x"),  # not the seeker's to set
            },
        )
        profile.refresh_from_db()
        assert profile.desired_occupations == ["sales", "food"]
        assert list(profile.desired_districts.all()) == [east]
        assert list(profile.target_groups.all()) == [youth]
        assert profile.needs_screen_reader is True
        assert profile.person is None
        assert AuditEntry.objects.filter(object_type="jobs.seekerprofile", action=AuditAction.UPDATE).count() == 2

    def test_update_seeker_profile_salary(self, seeker):
        assert services.update_seeker_profile(seeker, {"desired_salary": "32000"}).desired_salary == 32000
        assert services.update_seeker_profile(seeker, {"desired_salary": ""}).desired_salary is None
        with pytest.raises(ValidationError) as e:
            services.update_seeker_profile(seeker, {"desired_salary": "很多"})
        assert "desired_salary" in e.value.message_dict
        with pytest.raises(ValidationError) as e:
            services.update_seeker_profile(seeker, {"display_name": "x" * 101})
        assert "display_name" in e.value.message_dict
        seeker.seeker.refresh_from_db()
        assert seeker.seeker.display_name == "林小青"

    def test_update_seeker_profile_rejects_unknown_choice(self, seeker):
        with pytest.raises(ValidationError) as e:
            services.update_seeker_profile(seeker, {"desired_occupations": ["astronaut"]})
        assert "astronaut" in field_messages(e, "desired_occupations")

    def test_staff_and_employers_have_no_seeker_profile(self, employer, jobs_clerk, vacancy):
        with pytest.raises(PermissionDenied):
            services.apply(employer, vacancy)
        with pytest.raises(PermissionDenied):
            services.ask_advice(jobs_clerk, topic=AdviceTopic.RESUME, question="?")


# --- vacancies ------------------------------------------------------------------------------
class TestSaveVacancy:
    def test_employer_creates_a_draft_for_own_organization(self, employer, other_employer):
        other_org = other_employer.employer_account.organization
        vacancy = services.save_vacancy(employer, vacancy_data(), employer=other_org)
        assert vacancy.employer == employer.employer_account.organization
        assert vacancy.status == V.DRAFT
        assert vacancy.created_by == employer
        assert vacancy.posted_by_staff is False
        assert vacancy.monthly_equivalent == 32000
        tokens = vacancy.search_tokens.split()
        for token in ("門市", "收銀", "安平", "南區", "銷售"):
            assert token in tokens
        assert AuditEntry.objects.filter(object_type="jobs.vacancy", object_id=str(vacancy.pk), action="create").exists()

    def test_other_employer_cannot_edit(self, employer, other_employer):
        vacancy = services.save_vacancy(employer, vacancy_data())
        with pytest.raises(PermissionDenied):
            services.save_vacancy(other_employer, {"title": "改掉"}, vacancy=vacancy)
        with pytest.raises(PermissionDenied):
            services.submit_vacancy(other_employer, vacancy)
        services.save_vacancy(employer, {"title": "門市儲備幹部"}, vacancy=vacancy)
        vacancy.refresh_from_db()
        assert vacancy.title == "門市儲備幹部"
        assert "幹部" in vacancy.search_tokens.split()

    def test_staff_posts_for_an_employer(self, jobs_case_manager, employer):
        org = employer.employer_account.organization
        with pytest.raises(ValidationError) as e:
            services.save_vacancy(jobs_case_manager, vacancy_data())
        assert "employer" in e.value.message_dict
        vacancy = services.save_vacancy(jobs_case_manager, vacancy_data(), employer=org)
        assert vacancy.posted_by_staff is True and vacancy.employer == org

    def test_staff_without_permission_and_seekers_are_refused(self, outsider, seeker, employer):
        org = employer.employer_account.organization
        for user in (outsider, seeker):
            with pytest.raises(PermissionDenied):
                services.save_vacancy(user, vacancy_data(), employer=org)

    def test_field_checks(self, employer):
        today = timezone.localdate()
        with pytest.raises(ValidationError) as e:
            services.save_vacancy(
                employer,
                vacancy_data(salary_min=36000, salary_max=30000, openings=0, expires_on=today + timedelta(days=61)),
            )
        errors = e.value.message_dict
        assert "30,000" in " ".join(errors["salary_max"]) and "36,000" in " ".join(errors["salary_max"])
        assert "至少 1 人" in " ".join(errors["openings"])
        assert "60 天" in " ".join(errors["expires_on"])
        with pytest.raises(ValidationError) as e:
            services.save_vacancy(employer, vacancy_data(expires_on=today))
        assert "必須晚於刊登日期" in field_messages(e, "expires_on")
        with pytest.raises(ValidationError) as e:
            services.save_vacancy(employer, vacancy_data(title="", occupation="astronaut"))
        assert {"title", "occupation"} <= set(e.value.message_dict)
        assert not Vacancy.objects.exists()

    def test_values_that_are_not_numbers(self, employer):
        with pytest.raises(ValidationError) as e:
            services.save_vacancy(employer, vacancy_data(salary_min="abc", openings="", salary_max=None))
        assert {"salary_min", "openings"} <= set(e.value.message_dict)

    def test_draft_keeps_screen_warnings_for_the_employer(self, employer):
        vacancy = services.save_vacancy(employer, vacancy_data(requirements="五官端正。"))
        assert vacancy.status == V.DRAFT
        assert vacancy.screen_findings == [{"category": "appearance", "phrase": "五官", "sentence": "五官端正"}]
        vacancy = services.save_vacancy(employer, {"requirements": "具服務熱忱。"}, vacancy=vacancy)
        assert vacancy.screen_findings == []

    def test_exactly_sixty_days_is_allowed(self, employer):
        today = timezone.localdate()
        vacancy = services.save_vacancy(employer, vacancy_data(expires_on=today + timedelta(days=60)))
        assert services.check_vacancy_rules(vacancy) == {}

    def test_published_vacancy_cannot_be_edited(self, employer, vacancy):
        with pytest.raises(ValidationError):
            services.save_vacancy(employer, {"title": "x"}, vacancy=vacancy)


class TestVacancyRules:
    def build(self, employer, **fields):
        return Vacancy(employer=employer.employer_account.organization, **{
            k: v for k, v in vacancy_data(**fields).items()
        })  # fmt: skip

    def test_monthly_minimum_wage_of_the_posting_year(self, employer):
        v = self.build(employer, salary_min=23000, salary_max=None, posted_on=date(2019, 3, 1),
                       expires_on=date(2019, 4, 1))  # fmt: skip
        errors = services.check_vacancy_rules(v)
        assert "2019 年最低月薪為 23,100 元" in errors["salary_min"][0]
        v.salary_min = 23100
        assert services.check_vacancy_rules(v) == {}
        v.posted_on, v.expires_on = date(2024, 5, 1), date(2024, 6, 1)
        assert "2024 年最低月薪為 27,470 元" in services.check_vacancy_rules(v)["salary_min"][0]

    def test_hourly_minimum_wage(self, employer):
        v = self.build(employer, salary_type=SalaryType.HOURLY, salary_min=149, salary_max=None,
                       posted_on=date(2019, 7, 1), expires_on=date(2019, 8, 1))  # fmt: skip
        message = services.check_vacancy_rules(v)["salary_min"][0]
        assert "時薪 149 元" in message and "2019 年最低時薪為 150 元" in message
        v.salary_min = 150
        assert services.check_vacancy_rules(v) == {}

    def test_dates_and_openings(self, employer):
        v = self.build(employer, posted_on=date(2025, 1, 10), expires_on=date(2025, 3, 12), openings=0)
        errors = services.check_vacancy_rules(v)
        assert "2025-03-11" in errors["expires_on"][0]
        assert "openings" in errors
        v.expires_on = date(2025, 1, 9)
        assert "必須晚於" in services.check_vacancy_rules(v)["expires_on"][0]


class TestVacancyLifecycle:
    def submitted(self, employer, **fields):
        vacancy = services.save_vacancy(employer, vacancy_data(**fields))
        return services.submit_vacancy(employer, vacancy)

    def test_submit_refuses_a_wage_below_minimum(self, employer):
        vacancy = services.save_vacancy(employer, vacancy_data(salary_min=20000, salary_max=None))
        with pytest.raises(ValidationError) as e:
            services.submit_vacancy(employer, vacancy)
        assert "最低月薪" in field_messages(e, "salary_min")
        vacancy.refresh_from_db()
        assert vacancy.status == V.DRAFT

    def test_submit_screens_and_publish_needs_a_note(self, employer, jobs_clerk):
        vacancy = self.submitted(employer, requirements="限女性，45歲以下。")
        assert vacancy.status == V.PENDING and vacancy.submitted_at
        categories = {f["category"] for f in vacancy.screen_findings}
        assert categories == {"sex", "age"}
        assert vacancy.screen_findings[0]["sentence"] == "限女性，45歲以下"
        with pytest.raises(ValidationError) as e:
            services.publish_vacancy(jobs_clerk, vacancy)
        assert "第5條" in field_messages(e, "note")
        vacancy = services.publish_vacancy(jobs_clerk, vacancy, note="已與雇主確認為女性更衣室管理員。")
        assert vacancy.status == V.PUBLISHED and vacancy.reviewed_by == jobs_clerk
        entry = AuditEntry.objects.filter(object_type="jobs.vacancy", context="publish vacancy").get()
        assert entry.changes["review_note"].startswith("已與雇主確認")

    def test_publish_and_close_follow_in_search(self, employer, jobs_clerk):
        vacancy = self.submitted(employer, title="護理助理", description="協助護理師照護住民。")
        published = Vacancy.objects.filter(status=V.PUBLISHED)
        assert not search(published, "護理").exists()
        services.publish_vacancy(jobs_clerk, vacancy)
        assert list(search(published, "護理")) == [vacancy]
        services.close_vacancy(employer, vacancy)
        assert not search(published, "護理").exists()
        vacancy.refresh_from_db()
        assert vacancy.status == V.CLOSED and vacancy.closed_at

    def test_review_permissions(self, employer, jobs_case_manager, seeker):
        vacancy = self.submitted(employer)
        for user in (jobs_case_manager, seeker, employer):
            with pytest.raises(PermissionDenied):
                services.publish_vacancy(user, vacancy)
            with pytest.raises(PermissionDenied):
                services.reject_vacancy(user, vacancy, "x")

    def test_unverified_employer_is_not_published(self, jobs_clerk):
        user = make_employer("new@corp.example", "10458575", "新公司", verified=False).user
        vacancy = services.submit_vacancy(user, services.save_vacancy(user, vacancy_data()))
        with pytest.raises(ValidationError) as e:
            services.publish_vacancy(jobs_clerk, vacancy)
        assert "查核" in e.value.messages[0]
        services.verify_employer(jobs_clerk, user.employer_account)
        assert services.publish_vacancy(jobs_clerk, vacancy).status == V.PUBLISHED

    def test_publish_refuses_a_vacancy_past_its_expiry(self, employer, jobs_clerk):
        vacancy = self.submitted(employer)
        Vacancy.objects.filter(pk=vacancy.pk).update(
            posted_on=timezone.localdate() - timedelta(days=20), expires_on=timezone.localdate() - timedelta(days=1)
        )
        with pytest.raises(ValidationError) as e:
            services.publish_vacancy(jobs_clerk, vacancy)
        assert "已過" in field_messages(e, "expires_on")

    def test_reject_needs_a_reason_and_can_be_resubmitted(self, employer, jobs_clerk):
        vacancy = self.submitted(employer)
        with pytest.raises(ValidationError) as e:
            services.reject_vacancy(jobs_clerk, vacancy, "  ")
        assert "reason" in e.value.message_dict
        vacancy = services.reject_vacancy(jobs_clerk, vacancy, "請補充工作地址。")
        assert vacancy.status == V.REJECTED and vacancy.rejection_reason == "請補充工作地址。"
        services.save_vacancy(employer, {"address": "臺南市南區健康路一段2號"}, vacancy=vacancy)
        vacancy = services.submit_vacancy(employer, vacancy)
        assert vacancy.status == V.PENDING and vacancy.rejection_reason == ""

    def test_only_pending_is_published_and_double_submit_refused(self, employer, jobs_clerk):
        vacancy = services.save_vacancy(employer, vacancy_data())
        with pytest.raises(ValidationError):
            services.publish_vacancy(jobs_clerk, vacancy)
        services.submit_vacancy(employer, vacancy)
        with pytest.raises(ValidationError):
            services.submit_vacancy(employer, vacancy)

    def test_staff_posted_vacancy(self, jobs_case_manager, jobs_clerk, other_employer):
        org = other_employer.employer_account.organization
        vacancy = services.save_vacancy(jobs_case_manager, vacancy_data(), employer=org)
        services.submit_vacancy(jobs_case_manager, vacancy)
        assert services.publish_vacancy(jobs_clerk, vacancy).posted_by_staff

    def test_close_rules(self, employer, other_employer, jobs_clerk, vacancy):
        with pytest.raises(PermissionDenied):
            services.close_vacancy(other_employer, vacancy)
        services.close_vacancy(jobs_clerk, vacancy)
        with pytest.raises(ValidationError):
            services.close_vacancy(employer, vacancy)

    def test_publish_emails_the_employer(self, employer, jobs_clerk, django_capture_on_commit_callbacks):
        vacancy = self.submitted(employer)
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_vacancy(jobs_clerk, vacancy)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [employer.email]
        assert "已刊登" in mail.outbox[0].subject

    def test_expire_vacancies(self, employer):
        org = employer.employer_account.organization
        today = timezone.localdate()
        old = make_vacancy(org, posted_on=today - timedelta(days=40), expires_on=today - timedelta(days=1))
        last_day = make_vacancy(org, expires_on=today)
        draft = make_vacancy(org, status=V.DRAFT, expires_on=today - timedelta(days=1))
        assert services.expire_vacancies(today) == 1
        old.refresh_from_db(), last_day.refresh_from_db(), draft.refresh_from_db()
        assert (old.status, last_day.status, draft.status) == (V.EXPIRED, V.PUBLISHED, V.DRAFT)
        assert AuditEntry.objects.filter(object_id=str(old.pk), context="vacancy expired").exists()
        assert services.expire_vacancies(today) == 0


# --- saved jobs and searches ----------------------------------------------------------------
class TestSaved:
    def test_save_and_unsave_job(self, seeker, vacancy):
        saved = services.save_job(seeker, vacancy)
        assert services.save_job(seeker, vacancy) == saved
        services.unsave_job(seeker, vacancy)
        assert not SavedJob.objects.exists()

    def test_cannot_save_a_draft(self, seeker, employer):
        draft = make_vacancy(employer.employer_account.organization, status=V.DRAFT)
        with pytest.raises(ValidationError):
            services.save_job(seeker, draft)

    def test_saved_search_ownership(self, seeker, other_seeker):
        saved = services.save_search(seeker, "南區門市", {"q": "門市", "district": "702", "page": 3, "junk": 1})
        assert saved.params == {"q": "門市", "district": "702"}
        with pytest.raises(ValidationError):
            services.save_search(seeker, " ", {})
        with pytest.raises(PermissionDenied):
            services.delete_saved_search(other_seeker, saved)
        services.delete_saved_search(seeker, saved)
        assert not SavedSearch.objects.exists()

    def test_digest_sends_new_matches_once(self, seeker, employer):
        org = employer.employer_account.organization
        saved = services.save_search(seeker, "南區門市", {"q": "門市", "district": "702"})
        SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - timedelta(days=1))
        match = make_vacancy(org, title="門市夥伴")
        make_vacancy(org, title="門市人員", district=District.objects.get(postcode="710"))  # other district
        make_vacancy(org, title="倉管人員", description="倉庫管理。")  # other words
        assert services.send_saved_search_digests() == 1
        assert len(mail.outbox) == 1
        body = mail.outbox[0].body
        assert "門市夥伴" in body and "倉管人員" not in body
        assert mail.outbox[0].to == [seeker.email]
        assert f"/{match.pk}" in body or "門市夥伴" in body
        assert services.send_saved_search_digests() == 0

    def test_digest_respects_opt_out(self, seeker, employer):
        services.save_search(seeker, "全部", {})
        SavedSearch.objects.update(last_sent_at=timezone.now() - timedelta(days=1))
        seeker.seeker.digest_enabled = False
        seeker.seeker.save()
        make_vacancy(employer.employer_account.organization)
        assert services.send_saved_search_digests() == 0


# --- applications ---------------------------------------------------------------------------
class TestApplications:
    def test_apply_once(self, seeker, vacancy, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            application = services.apply(seeker, vacancy, message="您好，我有門市經驗。")
        assert application.status == A.NEW and application.source == ApplicationSource.SEEKER
        assert list(application.events.values_list("from_status", "to_status")) == [("", A.NEW)]
        assert mail.outbox and mail.outbox[0].to == ["hr@anping.example"]
        with pytest.raises(ValidationError) as e:
            services.apply(seeker, vacancy)
        assert "不能重複應徵" in e.value.messages[0]
        assert Application.objects.count() == 1

    @pytest.mark.parametrize(
        "fields",
        [
            {"status": V.CLOSED},
            {"status": V.PENDING},
            {"status": V.DRAFT},
            {"posted_on": date(2020, 1, 1), "expires_on": date(2020, 2, 1)},
        ],
    )
    def test_cannot_apply_to_a_vacancy_not_open(self, seeker, employer, fields):
        v = make_vacancy(employer.employer_account.organization, **fields)
        with pytest.raises(ValidationError) as e:
            services.apply(seeker, v)
        assert "不再開放應徵" in e.value.messages[0]

    def test_employer_moves_an_application(self, seeker, employer, vacancy):
        application = services.apply(seeker, vacancy)
        before = application.last_action_at
        when = timezone.now() + timedelta(days=3)
        application = services.set_application_status(employer, application, A.INTERVIEW, interview_at=when)
        assert application.interview_at == when and application.last_action_at > before
        application = services.set_application_status(employer, application, A.HIRED)
        assert application.hired_on == timezone.localdate()
        steps = list(application.events.values_list("from_status", "to_status"))
        assert steps == [("", A.NEW), (A.NEW, A.INTERVIEW), (A.INTERVIEW, A.HIRED)]
        with pytest.raises(ValidationError) as e:
            services.set_application_status(employer, application, A.PROCESSING)
        assert "錄取" in field_messages(e, "status")

    @pytest.mark.parametrize(
        "start,target,ok",
        [
            (A.NEW, A.PROCESSING, True), (A.NEW, A.REFUSED, True), (A.PROCESSING, A.INTERVIEW, True),
            (A.PROCESSING, A.HIRED, True), (A.INTERVIEW, A.REFUSED, True), (A.INTERVIEW, A.PROCESSING, False),
            (A.PROCESSING, A.NEW, False), (A.NEW, A.CANCELLED, False), (A.NEW, A.EXPIRED, False),
            (A.REFUSED, A.HIRED, False), (A.CANCELLED, A.PROCESSING, False), (A.NEW, "bogus", False),
        ],
    )  # fmt: skip
    def test_allowed_moves(self, seeker, employer, vacancy, start, target, ok):
        application = services.apply(seeker, vacancy)
        Application.objects.filter(pk=application.pk).update(status=start)
        kwargs = {"refusal_reason": RefusalReason.FILLED} if target == A.REFUSED else {}
        if ok:
            assert services.set_application_status(employer, application, target, **kwargs).status == target
        else:
            with pytest.raises(ValidationError):
                services.set_application_status(employer, application, target, **kwargs)

    def test_refusal_needs_a_coded_reason(self, seeker, employer, vacancy, django_capture_on_commit_callbacks):
        application = services.apply(seeker, vacancy)
        with pytest.raises(ValidationError) as e:
            services.set_application_status(employer, application, A.REFUSED)
        assert "refusal_reason" in e.value.message_dict
        with pytest.raises(ValidationError):
            services.set_application_status(employer, application, A.REFUSED, refusal_reason="ugly")
        with pytest.raises(ValidationError) as e:
            services.set_application_status(employer, application, A.REFUSED, refusal_reason=RefusalReason.OTHER)
        assert "refusal_note" in e.value.message_dict
        with django_capture_on_commit_callbacks(execute=True):
            application = services.set_application_status(
                employer, application, A.REFUSED, refusal_reason=RefusalReason.SCHEDULE,
                refusal_note="需配合晚班。", show_reason_to_seeker=True,
            )  # fmt: skip
        assert application.show_reason_to_seeker is True
        assert application.refusal_reason == RefusalReason.SCHEDULE
        assert "工作時間無法配合" in mail.outbox[-1].body

    def test_refusal_reason_hidden_when_employer_chooses(self, seeker, employer, vacancy, django_capture_on_commit_callbacks):
        application = services.apply(seeker, vacancy)
        with django_capture_on_commit_callbacks(execute=True):
            services.set_application_status(employer, application, A.REFUSED, refusal_reason=RefusalReason.EXPERIENCE)
        assert "經驗不足" not in mail.outbox[-1].body
        application.refresh_from_db()
        assert application.show_reason_to_seeker is False

    def test_who_may_move_an_application(self, seeker, employer, other_employer, vacancy, jobs_clerk, jobs_case_manager):
        application = services.apply(seeker, vacancy)
        for user in (other_employer, jobs_clerk, seeker):
            with pytest.raises(PermissionDenied):
                services.set_application_status(user, application, A.PROCESSING)
        assert services.set_application_status(jobs_case_manager, application, A.PROCESSING).status == A.PROCESSING
        assert ApplicationEvent.objects.filter(application=application, actor=jobs_case_manager).exists()

    def test_cancel(self, seeker, other_seeker, employer, vacancy):
        application = services.apply(seeker, vacancy)
        with pytest.raises(PermissionDenied):
            services.cancel_application(other_seeker, application)
        application = services.cancel_application(seeker, application)
        assert application.status == A.CANCELLED
        with pytest.raises(ValidationError):
            services.cancel_application(seeker, application)

    def test_referral(self, seeker, vacancy, jobs_case_manager, jobs_clerk, django_capture_on_commit_callbacks):
        with pytest.raises(PermissionDenied):
            services.refer(jobs_clerk, seeker.seeker, vacancy)
        with django_capture_on_commit_callbacks(execute=True):
            application = services.refer(jobs_case_manager, seeker.seeker, vacancy, note="具門市經驗。")
        assert application.source == ApplicationSource.REFERRAL
        assert application.referred_by == jobs_case_manager
        assert application.events.get().note == "具門市經驗。"
        assert {m.to[0] for m in mail.outbox} == {seeker.email, "hr@anping.example"}
        with pytest.raises(ValidationError):
            services.refer(jobs_case_manager, seeker.seeker, vacancy)

    def test_expire_applications(self, seeker, other_seeker, employer, vacancy, django_capture_on_commit_callbacks):
        now = timezone.now()
        idle = services.apply(seeker, vacancy)
        recent = services.apply(other_seeker, vacancy)
        Application.objects.filter(pk=idle.pk).update(last_action_at=now - timedelta(days=61))
        Application.objects.filter(pk=recent.pk).update(last_action_at=now - timedelta(days=59))
        with django_capture_on_commit_callbacks(execute=True):
            assert services.expire_applications(now) == 1
        idle.refresh_from_db(), recent.refresh_from_db()
        assert (idle.status, recent.status) == (A.EXPIRED, A.NEW)
        assert idle.events.last().to_status == A.EXPIRED
        assert [m.to for m in mail.outbox] == [[seeker.email]]
        assert "60 天" in mail.outbox[0].body
        assert services.expire_applications(now) == 0


# --- seekers seen by staff ------------------------------------------------------------------
class TestSeekerRecords:
    def test_visible_seekers_needs_permission(self, jobs_clerk, jobs_case_manager, seeker):
        with pytest.raises(PermissionDenied):
            services.visible_seekers(jobs_clerk)
        assert list(services.visible_seekers(jobs_case_manager)) == [seeker.seeker]

    def test_view_without_person_is_audited_on_the_profile(self, jobs_case_manager, seeker):
        services.view_seeker(jobs_case_manager, seeker.seeker)
        entry = AuditEntry.objects.get(action=AuditAction.VIEW)
        assert entry.object_type == "jobs.seekerprofile" and entry.object_id == str(seeker.seeker.pk)
        assert entry.actor == jobs_case_manager and entry.person is None

    def test_view_with_person_is_audited_on_the_person(self, jobs_case_manager, seeker):
        person = Person.objects.create(name="林小青", id_type="national", id_number="A123456789")
        profile = seeker.seeker
        profile.person = person
        profile.save()
        services.view_seeker(jobs_case_manager, profile)
        entry = AuditEntry.objects.get(action=AuditAction.VIEW)
        assert entry.person == person

    def test_notes(self, jobs_case_manager, jobs_clerk, seeker):
        with pytest.raises(PermissionDenied):
            services.add_seeker_note(jobs_clerk, seeker.seeker, "x")
        with pytest.raises(ValidationError):
            services.add_seeker_note(jobs_case_manager, seeker.seeker, " ")
        note = services.add_seeker_note(jobs_case_manager, seeker.seeker, "電話聯繫，想找南區門市工作。")
        assert note.author == jobs_case_manager
        assert AuditEntry.objects.filter(object_type="jobs.seekernote", action="create").exists()


# --- advice ---------------------------------------------------------------------------------
class TestAdvice:
    def test_due_in_three_working_days(self, seeker):
        advice = services.ask_advice(seeker, topic=AdviceTopic.RESUME, question="履歷怎麼寫？")
        assert advice.due_on == add_working_days(timezone.localdate(), 3)
        assert advice.status == AdviceStatus.OPEN

    def test_due_date_skips_holidays(self, seeker, monkeypatch):
        # Friday 2019-02-01; the Lunar New Year holidays run to 2019-02-10.
        friday = timezone.make_aware(timezone.datetime(2019, 2, 1, 10, 0))
        monkeypatch.setattr(timezone, "now", lambda: friday)
        assert Holiday.objects.filter(date=date(2019, 2, 5)).exists()
        advice = services.ask_advice(seeker, topic=AdviceTopic.JOB_SEARCH, question="過年後想找工作")
        # Sat 2/2 is a make-up working day; 2/4–2/8 are holidays: 2/2, 2/11, 2/12.
        assert advice.due_on == date(2019, 2, 12)

    def test_bad_input(self, seeker):
        with pytest.raises(ValidationError) as e:
            services.ask_advice(seeker, topic="weather", question="")
        assert set(e.value.message_dict) == {"topic", "question"}

    def test_answer_within_target(self, seeker, jobs_clerk, django_capture_on_commit_callbacks):
        advice = services.ask_advice(seeker, topic=AdviceTopic.RIGHTS, question="加班費怎麼算？")
        with pytest.raises(PermissionDenied):
            services.answer_advice(seeker, advice, "x")
        with pytest.raises(ValidationError):
            services.answer_advice(jobs_clerk, advice, " ")
        with django_capture_on_commit_callbacks(execute=True):
            advice = services.answer_advice(jobs_clerk, advice, "依勞動基準法第24條計算。")
        assert advice.status == AdviceStatus.ANSWERED and advice.answered_within_target is True
        assert mail.outbox[0].to == [seeker.email] and "第24條" in mail.outbox[0].body
        with pytest.raises(ValidationError):
            services.answer_advice(jobs_clerk, advice, "again")

    def test_answer_late(self, seeker, jobs_clerk):
        advice = services.ask_advice(seeker, topic=AdviceTopic.RIGHTS, question="?")
        advice.due_on = timezone.localdate() - timedelta(days=1)
        advice.save()
        assert services.answer_advice(jobs_clerk, advice, "回覆").answered_within_target is False

    def test_answer_on_the_due_date_is_within_target(self, seeker, jobs_clerk):
        advice = services.ask_advice(seeker, topic=AdviceTopic.RIGHTS, question="?")
        advice.due_on = timezone.localdate()
        advice.save()
        assert services.answer_advice(jobs_clerk, advice, "回覆").answered_within_target is True

    def test_withdraw(self, seeker, other_seeker, jobs_clerk):
        advice = services.ask_advice(seeker, topic=AdviceTopic.OTHER, question="?")
        with pytest.raises(PermissionDenied):
            services.withdraw_advice(other_seeker, advice)
        assert services.withdraw_advice(seeker, advice).status == AdviceStatus.WITHDRAWN
        with pytest.raises(ValidationError):
            services.answer_advice(jobs_clerk, advice, "x")
