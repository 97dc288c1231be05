"""Job redesign (職務再設計): applications, items in the five categories, review, disbursement
and the three-month follow-up. The approved total per person per calendar year is capped
(:class:`SubsidyCap`, NT$100,000 from 2019)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hopehome.core.models import Organization, Person, TimeStampedModel

from .choices import ApplicantKind, ApplicationStatus, Category, Impairment, ItemDecision


class SubsidyCap(models.Model):
    """The yearly cap per person, with the date it applies from (editable in the admin)."""

    effective_from = models.DateField(_("生效日期"), unique=True)
    amount = models.PositiveIntegerField(_("每人每年補助上限"))
    source_url = models.URLField(_("依據"), blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("職務再設計補助上限")
        verbose_name_plural = _("職務再設計補助上限")

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.amount:,}"


class RedesignApplication(TimeStampedModel):
    """An application for one worker with a disability certificate.

    Lifecycle: submitted → under review → approved | partly approved | rejected → disbursed →
    closed after the three-month follow-up. ``year`` is the calendar year the cap counts in
    (the year of the decision).
    """

    number = models.CharField(_("申請案號"), max_length=20, unique=True)
    applicant_kind = models.CharField(_("申請人"), max_length=20, choices=ApplicantKind.choices)
    employer = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="redesign_applications",
        verbose_name=_("雇主"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="redesign_applications", verbose_name=_("身心障礙者")
    )
    certificate_number = models.CharField(_("身心障礙證明字號"), max_length=40)
    certificate_valid_until = models.DateField(_("證明有效期限"), null=True, blank=True)
    impairment = models.CharField(_("障礙類型"), max_length=20, choices=Impairment.choices)
    job_title = models.CharField(_("職務"), max_length=100)
    workplace = models.CharField(_("工作地點"), max_length=200)
    needs = models.TextField(_("需求說明"))
    status = models.CharField(
        _("狀態"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_on = models.DateField(_("申請日期"))
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("承辦人"),
    )
    decided_on = models.DateField(_("核定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("核定人"),
    )
    year = models.PositiveSmallIntegerField(_("核定年度"), null=True, blank=True, db_index=True)
    decision_reason = models.TextField(_("審查意見"), blank=True)
    approved_total = models.PositiveIntegerField(_("核定金額"), default=0)
    cap_exception_reason = models.TextField(
        _("超過上限之核准理由"), blank=True, help_text=_("經專案核准超過每人每年上限時填寫。")
    )
    disbursed_on = models.DateField(_("撥款日期"), null=True, blank=True)
    disbursed_amount = models.PositiveIntegerField(_("撥款金額"), null=True, blank=True)
    employment_start = models.DateField(_("到職日期"), null=True, blank=True)
    followed_up_on = models.DateField(_("追蹤日期"), null=True, blank=True)
    employed_after_3_months = models.BooleanField(_("三個月後仍在職"), null=True, blank=True)
    follow_up_note = models.TextField(_("追蹤紀錄"), blank=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        indexes = [
            models.Index(fields=["person", "year", "status"], name="redesign_person_year"),
            models.Index(fields=["status", "submitted_on"], name="redesign_status_submitted"),
        ]
        verbose_name = _("職務再設計申請")
        verbose_name_plural = _("職務再設計申請")

    def __str__(self) -> str:
        return f"{self.number} · {self.person.name}"


class RedesignItem(models.Model):
    """One requested item: a device, a change, a personal assistant, with its amount."""

    application = models.ForeignKey(RedesignApplication, related_name="items", on_delete=models.CASCADE)
    category = models.CharField(_("補助類別"), max_length=20, choices=Category.choices)
    name = models.CharField(_("項目"), max_length=100)
    description = models.TextField(_("說明"), blank=True)
    amount_requested = models.PositiveIntegerField(_("申請金額"))
    decision = models.CharField(_("審查結果"), max_length=10, choices=ItemDecision.choices, default=ItemDecision.PENDING)
    amount_approved = models.PositiveIntegerField(_("核定金額"), null=True, blank=True)
    reason = models.CharField(_("審查理由"), max_length=200, blank=True)

    class Meta:
        ordering = ["application", "category", "id"]
        indexes = [models.Index(fields=["category", "decision"], name="redesign_item_category")]
        verbose_name = _("職務再設計項目")
        verbose_name_plural = _("職務再設計項目")

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.name}"
