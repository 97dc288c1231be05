"""Vacancies, job seekers, applications, referrals and advice requests (programs 3 and 4).

Employers post vacancies (or staff post for them); the bureau reviews and publishes them; job
seekers search, save, apply and ask for advice through the app (台南工作好找). ``Vacancy``
carries ``search_tokens`` for the shared bigram full-text index (:mod:`hopehome.core.search`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core.choices import choice_label
from hopehome.core.models import (
    District,
    Industry,
    Organization,
    Person,
    TargetGroup,
    TimeStampedModel,
)

from .choices import (
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

# Hours per month used to compare an hourly wage with a monthly one (40 h × 52 weeks ÷ 12).
HOURS_PER_MONTH = 174

# Boolean fields of a vacancy, with their labels, in display order.
FRIENDLY_FLAGS = (
    ("friendly_youth", _("青年友善")),
    ("friendly_disability", _("身障友善")),
    ("friendly_middle_aged", _("中高齡友善")),
    ("friendly_new_immigrant", _("新住民友善")),
    ("friendly_indigenous", _("原住民友善")),
)
ACCESS_FEATURES = (
    ("access_step_free", _("無障礙通行（無階梯）")),
    ("access_screen_reader", _("工作工具支援螢幕報讀")),
    ("access_assistive_devices", _("提供輔具")),
    ("access_flexible_hours", _("彈性工時")),
)

# Partial search indexes, one per flag (the vacancies showing it, newest first).
FLAG_INDEXES = (
    ("friendly_youth", "vacancy_flag_youth"),
    ("friendly_disability", "vacancy_flag_disability"),
    ("friendly_middle_aged", "vacancy_flag_middle_aged"),
    ("friendly_new_immigrant", "vacancy_flag_new_immigrant"),
    ("friendly_indigenous", "vacancy_flag_indigenous"),
    ("access_step_free", "vacancy_access_step_free"),
    ("access_screen_reader", "vacancy_access_screen_reader"),
    ("access_assistive_devices", "vacancy_access_assistive"),
    ("access_flexible_hours", "vacancy_access_flexible_hours"),
)


class EmployerAccount(TimeStampedModel):
    """A public user who posts vacancies for one organization (signed up with its UBN).

    Staff verify a new account before its first vacancy is published; an unverified employer
    may still draft and submit.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="employer_account", on_delete=models.CASCADE
    )
    organization = models.ForeignKey(
        Organization, related_name="employer_accounts", on_delete=models.PROTECT, verbose_name=_("事業單位")
    )
    contact_name = models.CharField(_("聯絡人"), max_length=100)
    phone = models.CharField(_("聯絡電話"), max_length=30)
    is_verified = models.BooleanField(_("已查核"), default=False)
    verified_at = models.DateTimeField(_("查核時間"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization__name", "id"]
        verbose_name = _("雇主帳號")
        verbose_name_plural = _("雇主帳號")

    def __str__(self) -> str:
        return f"{self.organization} · {self.contact_name}"


class Vacancy(TimeStampedModel):
    """A job opening. Lifecycle: draft → pending → published → closed | expired; or rejected."""

    employer = models.ForeignKey(
        Organization, related_name="vacancies", on_delete=models.PROTECT, verbose_name=_("雇主")
    )
    title = models.CharField(_("職稱"), max_length=100)
    description = models.TextField(_("工作內容"))
    occupation = models.CharField(_("職業類別"), max_length=30, choices=Occupation.choices)
    industry = models.ForeignKey(
        Industry, verbose_name=_("行業"), null=True, blank=True, on_delete=models.PROTECT
    )
    district = models.ForeignKey(District, verbose_name=_("工作地點行政區"), on_delete=models.PROTECT)
    address = models.CharField(_("工作地址"), max_length=200, blank=True)
    employment_type = models.CharField(_("工作性質"), max_length=20, choices=EmploymentType.choices)
    salary_type = models.CharField(_("計薪方式"), max_length=10, choices=SalaryType.choices)
    salary_min = models.PositiveIntegerField(_("薪資下限"))
    salary_max = models.PositiveIntegerField(_("薪資上限"), null=True, blank=True)
    monthly_equivalent = models.PositiveIntegerField(
        _("月薪換算"), editable=False, default=0, help_text=_("時薪 × 174 小時，用於薪資篩選與排序。")
    )
    working_hours = models.CharField(_("工作時間／班別"), max_length=200)
    openings = models.PositiveSmallIntegerField(_("需求人數"), default=1)
    requirements = models.TextField(_("條件要求"), blank=True)
    friendly_youth = models.BooleanField(_("青年友善"), default=False)
    friendly_disability = models.BooleanField(_("身障友善"), default=False)
    friendly_middle_aged = models.BooleanField(_("中高齡友善"), default=False)
    friendly_new_immigrant = models.BooleanField(_("新住民友善"), default=False)
    friendly_indigenous = models.BooleanField(_("原住民友善"), default=False)
    access_step_free = models.BooleanField(_("無障礙通行（無階梯）"), default=False)
    access_screen_reader = models.BooleanField(_("工作工具支援螢幕報讀"), default=False)
    access_assistive_devices = models.BooleanField(_("提供輔具"), default=False)
    access_flexible_hours = models.BooleanField(_("彈性工時"), default=False)
    contact_name = models.CharField(_("聯絡人"), max_length=100)
    contact_phone = models.CharField(_("聯絡電話"), max_length=30, blank=True)
    contact_email = models.EmailField(_("聯絡電子郵件"), blank=True)
    posted_on = models.DateField(_("刊登日期"))
    expires_on = models.DateField(_("截止日期"))
    status = models.CharField(
        _("狀態"), max_length=12, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    rejection_reason = models.TextField(_("退回原因"), blank=True)
    screen_findings = models.JSONField(
        _("就業歧視檢查結果"), default=list, blank=True, editable=False,
        help_text=_("就業服務法第5條：每筆含類別、觸發詞與所在句子。"),
    )
    submitted_at = models.DateTimeField(_("送審時間"), null=True, blank=True)
    published_at = models.DateTimeField(_("刊登時間"), null=True, blank=True)
    closed_at = models.DateTimeField(_("關閉時間"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("審核人"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("建立者"),
    )
    posted_by_staff = models.BooleanField(_("由本局代為刊登"), default=False)
    search_tokens = models.TextField(editable=False, default="")

    # PostgreSQL keeps the search tsvector in this stored generated column (migration 0003).
    search_vector_column = "search_vector"

    class Meta:
        ordering = ["-posted_on", "-id"]
        indexes = [
            models.Index(fields=["status", "-posted_on", "-id"], name="vacancy_status_posted"),
            models.Index(fields=["status", "-monthly_equivalent", "-id"], name="vacancy_status_salary"),
            models.Index(fields=["status", "district", "-posted_on"], name="vacancy_status_district"),
            models.Index(fields=["status", "occupation", "-posted_on"], name="vacancy_status_occupation"),
            models.Index(fields=["status", "expires_on"], name="vacancy_status_expires"),
            models.Index(fields=["employer", "status"], name="vacancy_employer_status"),
            # Search (migration 0003): the display orders, district + type together, and each
            # friendly flag or accessibility feature, each with the closing date, so that a page
            # is read and the matches counted from the index alone.
            models.Index(fields=["status", "-posted_on", "-id", "expires_on"], name="vacancy_search_newest"),
            models.Index(
                fields=["status", "-monthly_equivalent", "-id", "expires_on"], name="vacancy_search_salary"
            ),
            models.Index(
                fields=["status", "district", "employment_type", "-posted_on", "-id", "expires_on"],
                name="vacancy_search_district_type",
            ),
            *(
                models.Index(
                    fields=["status", "-posted_on", "-id", "expires_on", flag],
                    condition=Q(**{flag: True}),
                    name=name,
                )
                for flag, name in FLAG_INDEXES
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(openings__gte=1), name="vacancy_openings_positive"),
        ]
        verbose_name = _("職缺")
        verbose_name_plural = _("職缺")

    def __str__(self) -> str:
        return f"{self.title} · {self.employer}"

    # The labels of a result's choices, translated once per language (core.choices.choice_label):
    # a results page shows them for every vacancy.
    def get_occupation_display(self) -> str:
        return choice_label(Occupation, self.occupation)

    def get_employment_type_display(self) -> str:
        return choice_label(EmploymentType, self.employment_type)

    def get_salary_type_display(self) -> str:
        return choice_label(SalaryType, self.salary_type)

    def save(self, *args, **kwargs):
        factor = HOURS_PER_MONTH if self.salary_type == SalaryType.HOURLY else 1
        self.monthly_equivalent = (self.salary_min or 0) * factor
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status == VacancyStatus.PUBLISHED and self.expires_on >= timezone.localdate()

    def friendly_labels(self) -> list:
        return [label for field, label in FRIENDLY_FLAGS if getattr(self, field)]

    def access_labels(self) -> list:
        return [label for field, label in ACCESS_FEATURES if getattr(self, field)]


class SeekerProfile(TimeStampedModel):
    """A job seeker's account and profile (signed up with an e-mail address).

    Personal data: staff read it through audited accessors. ``person`` links the registry
    record once the bureau knows the seeker's identifier (a referral, a counselling visit).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, related_name="seeker", on_delete=models.CASCADE)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="seeker_profiles",
        verbose_name=_("民眾資料"),
    )
    display_name = models.CharField(_("姓名"), max_length=100)
    phone = models.CharField(_("電話"), max_length=30, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    desired_occupations = models.JSONField(_("希望職類"), default=list, blank=True)
    desired_districts = models.ManyToManyField(
        District, blank=True, related_name="+", verbose_name=_("希望工作地區")
    )
    desired_types = models.JSONField(_("希望工作性質"), default=list, blank=True)
    desired_salary = models.PositiveIntegerField(_("希望月薪（下限）"), null=True, blank=True)
    skills = models.TextField(_("專長與證照"), blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="+", verbose_name=_("身分別")
    )
    needs_step_free = models.BooleanField(_("需要無障礙通行"), default=False)
    needs_screen_reader = models.BooleanField(_("需要螢幕報讀相容的工作工具"), default=False)
    needs_assistive_devices = models.BooleanField(_("需要輔具"), default=False)
    needs_flexible_hours = models.BooleanField(_("需要彈性工時"), default=False)
    accommodation_notes = models.TextField(_("其他職場調整需求"), blank=True)
    digest_enabled = models.BooleanField(_("以電子郵件通知新職缺"), default=True)

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("求職者")
        verbose_name_plural = _("求職者")

    def __str__(self) -> str:
        return self.display_name


# Seeker needs and the vacancy features that meet them, for the recommendation score.
NEEDS_TO_FEATURES = (
    ("needs_step_free", "access_step_free"),
    ("needs_screen_reader", "access_screen_reader"),
    ("needs_assistive_devices", "access_assistive_devices"),
    ("needs_flexible_hours", "access_flexible_hours"),
)


class SavedJob(models.Model):
    """A vacancy a seeker kept (readable offline in the app)."""

    seeker = models.ForeignKey(SeekerProfile, related_name="saved_jobs", on_delete=models.CASCADE)
    vacancy = models.ForeignKey(Vacancy, related_name="+", on_delete=models.CASCADE)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["seeker", "vacancy"], name="savedjob_uniq")]
        verbose_name = _("收藏職缺")
        verbose_name_plural = _("收藏職缺")

    def __str__(self) -> str:
        return f"{self.seeker} → {self.vacancy_id}"


class SavedSearch(TimeStampedModel):
    """A search a seeker wants new matches of by e-mail. ``params`` are the search form's fields."""

    seeker = models.ForeignKey(SeekerProfile, related_name="saved_searches", on_delete=models.CASCADE)
    name = models.CharField(_("名稱"), max_length=100)
    params = models.JSONField(_("條件"), default=dict)
    last_sent_at = models.DateTimeField(_("上次通知時間"), null=True, blank=True)

    class Meta:
        ordering = ["seeker", "name", "id"]
        verbose_name = _("儲存的搜尋")
        verbose_name_plural = _("儲存的搜尋")

    def __str__(self) -> str:
        return self.name


class Application(TimeStampedModel):
    """A seeker's application to a vacancy, made by the seeker or by staff as a referral (推介).

    Lifecycle: new → processing → interview → hired | refused; cancelled by the seeker; expired
    after 60 days with nobody acting on it.
    """

    vacancy = models.ForeignKey(Vacancy, related_name="applications", on_delete=models.PROTECT, verbose_name=_("職缺"))
    seeker = models.ForeignKey(
        SeekerProfile, related_name="applications", on_delete=models.PROTECT, verbose_name=_("求職者")
    )
    source = models.CharField(
        _("來源"), max_length=10, choices=ApplicationSource.choices, default=ApplicationSource.SEEKER
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("推介人員"),
    )
    message = models.TextField(_("應徵訊息"), blank=True)
    status = models.CharField(
        _("狀態"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.NEW
    )
    last_action_at = models.DateTimeField(_("最後處理時間"), default=timezone.now)
    interview_at = models.DateTimeField(_("面試時間"), null=True, blank=True)
    hired_on = models.DateField(_("錄取日期"), null=True, blank=True)
    refusal_reason = models.CharField(
        _("未錄取原因"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    refusal_note = models.TextField(_("未錄取說明"), blank=True)
    show_reason_to_seeker = models.BooleanField(_("讓求職者看到原因"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "seeker"], name="application_uniq")]
        indexes = [
            models.Index(fields=["vacancy", "status"], name="application_vacancy_status"),
            models.Index(fields=["seeker", "-created_at"], name="application_seeker"),
            models.Index(fields=["status", "last_action_at"], name="application_status_action"),
            models.Index(fields=["status", "hired_on"], name="application_status_hired"),
        ]
        verbose_name = _("應徵")
        verbose_name_plural = _("應徵")

    def __str__(self) -> str:
        return f"{self.seeker} → {self.vacancy.title}"


class ApplicationEvent(models.Model):
    """One step in an application's history."""

    application = models.ForeignKey(Application, related_name="events", on_delete=models.CASCADE)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=12, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("應徵歷程")
        verbose_name_plural = _("應徵歷程")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class SeekerNote(TimeStampedModel):
    """A staff note on a seeker's record (personal data: scoped and audited)."""

    seeker = models.ForeignKey(SeekerProfile, related_name="notes", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("紀錄內容"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("服務紀錄")
        verbose_name_plural = _("服務紀錄")

    def __str__(self) -> str:
        return f"{self.seeker} · {self.created_at:%Y-%m-%d}"


class AdviceRequest(TimeStampedModel):
    """A question a seeker asks through the app; staff answer within 3 working days."""

    seeker = models.ForeignKey(SeekerProfile, related_name="advice_requests", on_delete=models.PROTECT)
    topic = models.CharField(_("主題"), max_length=20, choices=AdviceTopic.choices)
    question = models.TextField(_("問題"))
    status = models.CharField(_("狀態"), max_length=10, choices=AdviceStatus.choices, default=AdviceStatus.OPEN)
    asked_at = models.DateTimeField(_("提問時間"), default=timezone.now)
    due_on = models.DateField(_("回覆期限"))
    answer = models.TextField(_("回覆"), blank=True)
    answered_at = models.DateTimeField(_("回覆時間"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("回覆人員"),
    )
    answered_within_target = models.BooleanField(_("於期限內回覆"), null=True, editable=False)

    class Meta:
        ordering = ["due_on", "asked_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="advice_status_due"),
            models.Index(fields=["answered_at"], name="advice_answered_at"),
        ]
        verbose_name = _("求職諮詢")
        verbose_name_plural = _("求職諮詢")

    def __str__(self) -> str:
        return f"{self.get_topic_display()} · {self.seeker}"
