"""Program 8: occupational-injury cases (職災個案) and housing repair (職災弱勢房屋修繕)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from hopehome.core.models import District, Organization, Person, TimeStampedModel

from .choices import (
    AttachmentKind,
    CaseSource,
    CaseStatus,
    ClosureReason,
    ContactMethod,
    HouseholdCategory,
    InjuryKind,
    RepairStatus,
    ServiceKind,
    Severity,
)


class PrivateStorage(LazyObject):
    """Uploaded files live under ``VAR_DIR/uploads``, outside the web root, with no public URL;
    they are served only by permission-checked views."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.VAR_DIR / "uploads", base_url=None)


private_storage = PrivateStorage()


def select_private_storage():
    """The storage of uploaded files, as a callable so that migrations name no local path."""
    return private_storage


class ConsolationRate(models.Model):
    """The city's 職災慰問金 amount for a severity, editable because the city sets it by its own rules."""

    severity = models.CharField(_("嚴重程度"), max_length=20, choices=Severity.choices)
    amount = models.PositiveIntegerField(_("慰問金額（新臺幣）"))
    effective_from = models.DateField(_("生效日"))
    note = models.CharField(_("依據"), max_length=200, blank=True)

    class Meta:
        ordering = ["severity", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["severity", "effective_from"], name="consolation_rate_uniq")
        ]
        verbose_name = _("職災慰問金額度")
        verbose_name_plural = _("職災慰問金額度")

    def __str__(self) -> str:
        return f"{self.get_severity_display()} {self.amount} ({self.effective_from})"


class InjuryCase(TimeStampedModel):
    """An occupational-injury case coordinated by a case manager (個管員).

    ``version`` implements optimistic locking: every change through the services must name the
    version it was based on, and a stale one is refused with a conflict message.
    """

    number = models.CharField(_("案號"), max_length=20, unique=True)
    person = models.ForeignKey(
        Person, verbose_name=_("職災勞工"), on_delete=models.PROTECT, related_name="injury_cases"
    )
    employer = models.ForeignKey(
        Organization, verbose_name=_("雇主"), null=True, blank=True, on_delete=models.PROTECT
    )
    employer_name = models.CharField(_("雇主名稱"), max_length=200, blank=True)
    injury_date = models.DateField(_("受傷日期"))
    kind = models.CharField(_("類型"), max_length=20, choices=InjuryKind.choices)
    severity = models.CharField(_("嚴重程度"), max_length=20, choices=Severity.choices)
    disability_grade = models.PositiveSmallIntegerField(
        _("失能等級"), null=True, blank=True, help_text=_("勞保失能給付標準第 1 至 15 等級。")
    )
    source = models.CharField(_("案件來源"), max_length=20, choices=CaseSource.choices)
    description = models.TextField(_("事故概述"), blank=True)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("個案管理員"), on_delete=models.PROTECT,
        related_name="injury_cases",
    )  # fmt: skip
    status = models.CharField(_("狀態"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.INTAKE)
    opened_on = models.DateField(_("收案日期"), default=timezone.localdate)
    first_contact_on = models.DateField(_("首次接觸日期"), null=True, blank=True)
    service_plan = models.TextField(_("服務計畫"), blank=True)
    next_followup_on = models.DateField(_("下次追蹤日期"), null=True, blank=True, db_index=True)
    closure_reason = models.CharField(_("結案原因"), max_length=20, choices=ClosureReason.choices, blank=True)
    closure_note = models.TextField(_("結案說明"), blank=True)
    closure_requested_at = models.DateTimeField(_("申請結案時間"), null=True, blank=True)
    closed_on = models.DateField(_("結案日期"), null=True, blank=True)
    closure_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("核准結案者"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    reopened_count = models.PositiveSmallIntegerField(_("重新開案次數"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["case_manager", "status", "next_followup_on"], name="case_queue"),
            models.Index(fields=["status", "next_followup_on"], name="case_status_followup"),
            models.Index(fields=["opened_on"], name="case_opened"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(disability_grade__isnull=True)
                | models.Q(disability_grade__gte=1, disability_grade__lte=15),
                name="case_disability_grade_range",
            )
        ]
        verbose_name = _("職災個案")
        verbose_name_plural = _("職災個案")

    def __str__(self) -> str:
        return f"{self.number} {self.person.masked_id}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.next_followup_on is not None and self.next_followup_on < timezone.localdate()


class CaseService(TimeStampedModel):
    """One service delivered on a case (慰問金, 法令諮詢, 義剪, 物資 …)."""

    case = models.ForeignKey(InjuryCase, verbose_name=_("個案"), on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("服務項目"), max_length=20, choices=ServiceKind.choices)
    provided_on = models.DateField(_("服務日期"))
    amount = models.PositiveIntegerField(_("金額（新臺幣）"), default=0)
    items = models.CharField(_("物資品項"), max_length=200, blank=True, help_text=_("例如：電鍋、棉被、年菜。"))
    note = models.TextField(_("說明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登錄者"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "provided_on", "id"]
        indexes = [models.Index(fields=["kind", "provided_on"], name="case_service_kind_date")]
        verbose_name = _("個案服務")
        verbose_name_plural = _("個案服務")

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()} {self.provided_on}"


class CaseContact(TimeStampedModel):
    """A follow-up contact on a case; it sets the case's next follow-up date."""

    case = models.ForeignKey(InjuryCase, verbose_name=_("個案"), on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("追蹤日期"))
    method = models.CharField(_("方式"), max_length=20, choices=ContactMethod.choices)
    note = models.TextField(_("追蹤紀錄"))
    next_followup_on = models.DateField(_("下次追蹤日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登錄者"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "-contacted_on", "-id"]
        verbose_name = _("追蹤紀錄")
        verbose_name_plural = _("追蹤紀錄")

    def __str__(self) -> str:
        return f"{self.case.number} {self.contacted_on}"


class VolunteerTeam(TimeStampedModel):
    """A union or association that sends volunteers to repair homes."""

    organization = models.OneToOneField(
        Organization, verbose_name=_("團體"), on_delete=models.PROTECT, related_name="volunteer_team"
    )
    contact_name = models.CharField(_("聯絡人"), max_length=100, blank=True)
    contact_phone = models.CharField(_("聯絡電話"), max_length=30, blank=True)
    is_active = models.BooleanField(_("合作中"), default=True)

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("志工團隊")
        verbose_name_plural = _("志工團隊")

    def __str__(self) -> str:
        return self.organization.name


class Volunteer(TimeStampedModel):
    """A volunteer of a team, with the trades they bring."""

    team = models.ForeignKey(VolunteerTeam, verbose_name=_("志工團隊"), on_delete=models.PROTECT, related_name="volunteers")
    name = models.CharField(_("姓名"), max_length=100)
    phone = models.CharField(_("電話"), max_length=30, blank=True)
    trades = models.JSONField(_("專長工種"), default=list, blank=True)
    is_active = models.BooleanField(_("服務中"), default=True)

    class Meta:
        ordering = ["team", "name", "id"]
        verbose_name = _("志工")
        verbose_name_plural = _("志工")

    def __str__(self) -> str:
        return self.name


class RepairApplication(TimeStampedModel):
    """A household's application for home repair (住安心、享溫馨 / 有情有疼心有故事ㄟ厝)."""

    number = models.CharField(_("申請編號"), max_length=20, unique=True)
    applicant = models.ForeignKey(
        Person, verbose_name=_("申請人"), on_delete=models.PROTECT, related_name="repair_applications"
    )
    category = models.CharField(_("身分類別"), max_length=20, choices=HouseholdCategory.choices)
    injury_case = models.ForeignKey(
        InjuryCase, verbose_name=_("相關職災個案"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="repair_applications",
    )  # fmt: skip
    district = models.ForeignKey(District, verbose_name=_("行政區"), null=True, blank=True, on_delete=models.PROTECT)
    address = models.CharField(_("修繕地址"), max_length=200)
    eligibility_note = models.TextField(_("資格說明"), blank=True)
    status = models.CharField(_("狀態"), max_length=20, choices=RepairStatus.choices, default=RepairStatus.APPLIED)
    applied_on = models.DateField(_("申請日期"), default=timezone.localdate)
    surveyed_on = models.DateField(_("會勘日期"), null=True, blank=True)
    needs = models.JSONField(_("修繕需求（依工種）"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("核定者"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    rejection_reason = models.CharField(_("不予修繕理由"), max_length=200, blank=True)
    materials_cost = models.PositiveIntegerField(_("材料費（新臺幣）"), default=0)
    donations = models.TextField(_("捐贈物資與款項"), blank=True)
    completed_on = models.DateField(_("完工日期"), null=True, blank=True, db_index=True)
    satisfaction = models.PositiveSmallIntegerField(_("滿意度（1–5）"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["status", "completed_on"], name="repair_status_completed")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="repair_satisfaction_range",
            )
        ]
        verbose_name = _("房屋修繕申請")
        verbose_name_plural = _("房屋修繕申請")

    def __str__(self) -> str:
        return f"{self.number} {self.applicant.masked_id}"


class WorkDay(TimeStampedModel):
    """A day of volunteer work on a repair, with the team and the volunteers who came."""

    application = models.ForeignKey(
        RepairApplication, verbose_name=_("修繕案"), on_delete=models.CASCADE, related_name="work_days"
    )
    date = models.DateField(_("施工日期"))
    team = models.ForeignKey(VolunteerTeam, verbose_name=_("志工團隊"), on_delete=models.PROTECT, related_name="work_days")
    volunteers = models.ManyToManyField(Volunteer, verbose_name=_("出勤志工"), blank=True, related_name="work_days")
    trades = models.JSONField(_("施工工種"), default=list, blank=True)
    hours = models.DecimalField(_("每人時數"), max_digits=4, decimal_places=1, default=8)
    note = models.CharField(_("備註"), max_length=200, blank=True)

    class Meta:
        ordering = ["application", "date", "id"]
        indexes = [models.Index(fields=["date"], name="workday_date")]
        verbose_name = _("施工日")
        verbose_name_plural = _("施工日")

    def __str__(self) -> str:
        return f"{self.application.number} {self.date}"


class Attachment(TimeStampedModel):
    """An uploaded photo or PDF of a case or a repair; stored privately, metadata stripped."""

    injury_case = models.ForeignKey(
        InjuryCase, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    repair = models.ForeignKey(
        RepairApplication, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("類別"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("檔案"), storage=select_private_storage, upload_to="%Y/%m/")
    original_name = models.CharField(_("原始檔名"), max_length=200)
    content_type = models.CharField(_("檔案類型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（位元組）"))
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("說明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上傳者"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(injury_case__isnull=False) | models.Q(repair__isnull=False),
                name="attachment_has_owner",
            )
        ]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name


