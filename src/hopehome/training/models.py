"""Program 1: vocational training courses, enrolments, employment follow-up and TTQS."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core.models import District, Organization, Person, TargetGroup, TimeStampedModel
from hopehome.core.text import fold

from .choices import (
    AdmissionMode,
    CourseCategory,
    CourseStatus,
    EmploymentSource,
    EnrollmentStatus,
    InsuranceChannel,
    TTQSFormType,
    TTQSGrade,
)


class Course(TimeStampedModel):
    """A training course (班次) run by a provider for the bureau."""

    code = models.CharField(_("課程代碼"), max_length=40, unique=True)
    title = models.CharField(_("課程名稱"), max_length=200)
    category = models.CharField(_("訓練類別"), max_length=20, choices=CourseCategory.choices)
    provider = models.ForeignKey(
        Organization, verbose_name=_("訓練單位"), on_delete=models.PROTECT, related_name="courses"
    )
    description = models.TextField(_("課程內容"), blank=True)
    hours = models.PositiveIntegerField(_("訓練時數"))
    capacity = models.PositiveIntegerField(_("招訓名額"))
    starts_on = models.DateField(_("開訓日期"))
    ends_on = models.DateField(_("結訓日期"))
    application_deadline = models.DateField(_("報名截止日"), null=True, blank=True)
    district = models.ForeignKey(
        District, verbose_name=_("上課地區"), null=True, blank=True, on_delete=models.PROTECT
    )
    venue = models.CharField(_("上課地點"), max_length=200, blank=True)
    subsidy = models.PositiveIntegerField(
        _("訓練費補助（每人，新臺幣）"), default=0, help_text=_("政府補助每位學員的訓練費用。")
    )
    trainee_fee = models.PositiveIntegerField(_("學員自付額（新臺幣）"), default=0)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("招訓對象"), blank=True, related_name="courses"
    )
    admission_mode = models.CharField(
        _("錄取方式"), max_length=20, choices=AdmissionMode.choices, default=AdmissionMode.FIRST_COME
    )
    status = models.CharField(
        _("狀態"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    search_key = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-starts_on", "code"]
        indexes = [
            models.Index(fields=["ends_on", "category"], name="course_end_category"),
            models.Index(fields=["status", "starts_on"], name="course_status_start"),
            models.Index(fields=["provider", "ends_on"], name="course_provider_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_dates_ordered"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="course_capacity_positive"),
            models.CheckConstraint(condition=models.Q(hours__gte=1), name="course_hours_positive"),
        ]
        verbose_name = _("訓練課程")
        verbose_name_plural = _("訓練課程")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        self.search_key = fold(" ".join([self.code, self.title, self.venue, self.description]))
        super().save(*args, **kwargs)

    @property
    def is_accepting_applications(self) -> bool:
        today = timezone.localdate()
        deadline = self.application_deadline or self.starts_on
        return self.status == CourseStatus.OPEN and today <= deadline


class Enrollment(TimeStampedModel):
    """A person's application to, and path through, one course.

    ``employed_on``, ``counts_as_employed`` and ``public_assistance`` summarise the follow-ups
    for the 訓後就業率; :func:`hopehome.training.services.refresh_employment` keeps them true.
    """

    course = models.ForeignKey(
        Course, verbose_name=_("課程"), on_delete=models.PROTECT, related_name="enrollments"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("學員"), on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(
        _("狀態"), max_length=20, choices=EnrollmentStatus.choices, default=EnrollmentStatus.APPLIED
    )
    confirmation_number = models.CharField(_("報名序號"), max_length=20, unique=True)
    applied_at = models.DateTimeField(_("報名時間"), default=timezone.now)
    decided_at = models.DateTimeField(_("錄取／備取時間"), null=True, blank=True)
    channel = models.CharField(_("報名管道"), max_length=20, default="portal")
    hours_attended = models.PositiveIntegerField(_("出席時數"), null=True, blank=True)
    completed_on = models.DateField(_("結訓日期"), null=True, blank=True)
    left_on = models.DateField(_("離訓日期"), null=True, blank=True)
    employed_on = models.DateField(_("就業日期"), null=True, blank=True)
    counts_as_employed = models.BooleanField(_("列計就業"), default=False)
    public_assistance = models.BooleanField(_("公法救助關係就業"), default=False)

    class Meta:
        ordering = ["course", "applied_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="enrollment_once_per_course")
        ]
        indexes = [
            models.Index(
                fields=["course", "status", "counts_as_employed", "public_assistance"],
                name="enrollment_outcome",
            ),
        ]
        verbose_name = _("報名／參訓紀錄")
        verbose_name_plural = _("報名／參訓紀錄")

    def __str__(self) -> str:
        return f"{self.confirmation_number} {self.person.masked_id}"


class EmploymentFollowUp(TimeStampedModel):
    """A job found after (or instead of finishing) training: a labour-insurance enrolment."""

    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("參訓紀錄"), on_delete=models.CASCADE, related_name="followups"
    )
    insured_on = models.DateField(_("就業日期（勞保加保日）"))
    employer = models.ForeignKey(
        Organization, verbose_name=_("雇主"), null=True, blank=True, on_delete=models.PROTECT
    )
    employer_name = models.CharField(_("雇主名稱"), max_length=200, blank=True)
    source = models.CharField(_("資料來源"), max_length=20, choices=EmploymentSource.choices)
    insurance_channel = models.CharField(
        _("投保方式"), max_length=20, choices=InsuranceChannel.choices, default=InsuranceChannel.REGULAR
    )
    public_assistance = models.BooleanField(_("屬公法上救助關係領取津貼就業"), default=False)
    confirmed_on = models.DateField(_("人工確認日期"), null=True, blank=True)
    note = models.CharField(_("備註"), max_length=200, blank=True)

    class Meta:
        ordering = ["enrollment", "insured_on", "id"]
        verbose_name = _("訓後就業追蹤")
        verbose_name_plural = _("訓後就業追蹤")

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.insured_on}"


class TTQSGradeBand(models.Model):
    """The lowest total score for a grade. Editable: the official thresholds are not public."""

    form_type = models.CharField(_("評核版本"), max_length=20, choices=TTQSFormType.choices)
    grade = models.CharField(_("等級"), max_length=10, choices=TTQSGrade.choices)
    min_total = models.PositiveSmallIntegerField(_("最低總分"))

    class Meta:
        ordering = ["form_type", "min_total"]
        constraints = [
            models.UniqueConstraint(fields=["form_type", "grade"], name="ttqs_band_uniq")
        ]
        verbose_name = _("TTQS 等級分數帶")
        verbose_name_plural = _("TTQS 等級分數帶")

    def __str__(self) -> str:
        return f"{self.get_form_type_display()} {self.get_grade_display()} ≥ {self.min_total}"


class TTQSEvaluation(TimeStampedModel):
    """One TTQS evaluation of a unit in a year: 19 indicator scores, total and grade."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("受評單位"), on_delete=models.PROTECT, related_name="ttqs_evaluations"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    form_type = models.CharField(_("評核版本"), max_length=20, choices=TTQSFormType.choices)
    scores = models.JSONField(_("各指標分數"))
    total = models.PositiveSmallIntegerField(_("總分"))
    grade = models.CharField(_("等級"), max_length=10, choices=TTQSGrade.choices)
    assessor = models.CharField(_("評核委員"), max_length=100)
    evaluated_on = models.DateField(_("評核日期"))
    note = models.CharField(_("備註"), max_length=200, blank=True)

    class Meta:
        ordering = ["organization", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="ttqs_once_per_unit_year")
        ]
        indexes = [models.Index(fields=["grade", "year"], name="ttqs_grade_year")]
        verbose_name = _("TTQS 評核")
        verbose_name_plural = _("TTQS 評核")

    def __str__(self) -> str:
        return f"{self.organization} {self.year} {self.get_grade_display()}"
