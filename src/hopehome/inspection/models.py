"""Program 5: inspections, violations, penalty decisions with their history, publication.

The bureau's own work carries the whole chain (inspection → violation → penalty → events →
publication). Records imported from the Ministry of Labor's open data are penalty decisions
without an inspection, marked with their source and kept beside the bureau's own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hopehome.core.models import Division, Organization, TimeStampedModel

from .choices import (
    AmountType,
    AppealStatus,
    InspectionStatus,
    InspectionType,
    Law,
    Origin,
    PenaltyEventKind,
    PenaltyStatus,
    Project,
    Result,
    Source,
)


class Inspection(TimeStampedModel):
    """A labour inspection of a business unit at a site."""

    number = models.CharField(_("檢查編號"), max_length=20, unique=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("事業單位"), on_delete=models.PROTECT, related_name="inspections"
    )
    site = models.CharField(_("檢查場所"), max_length=200, blank=True)
    type = models.CharField(_("檢查類型"), max_length=20, choices=InspectionType.choices)
    project = models.CharField(_("專案"), max_length=20, choices=Project.choices, blank=True)
    origin = models.CharField(_("檢查來源"), max_length=20, choices=Origin.choices)
    division = models.ForeignKey(Division, verbose_name=_("承辦單位"), on_delete=models.PROTECT)
    lead_inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("主辦檢查員"), on_delete=models.PROTECT, related_name="led_inspections"
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("檢查員"), blank=True, related_name="inspections"
    )
    planned_on = models.DateField(_("預定檢查日"), null=True, blank=True)
    inspected_on = models.DateField(_("檢查日期"), null=True, blank=True, db_index=True)
    findings = models.TextField(_("檢查發現"), blank=True)
    result = models.CharField(_("檢查結果"), max_length=20, choices=Result.choices, blank=True)
    status = models.CharField(_("狀態"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED)
    improve_by = models.DateField(_("限期改善期限"), null=True, blank=True)
    follow_up_of = models.ForeignKey(
        "self", verbose_name=_("複查之原檢查"), null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    closed_on = models.DateField(_("結案日期"), null=True, blank=True)

    class Meta:
        ordering = ["-inspected_on", "-id"]
        indexes = [
            models.Index(fields=["type", "inspected_on"], name="inspection_type_date"),
            models.Index(fields=["lead_inspector", "status"], name="inspection_lead_status"),
            models.Index(fields=["division", "status"], name="inspection_division_status"),
        ]
        verbose_name = _("勞動檢查")
        verbose_name_plural = _("勞動檢查")

    def __str__(self) -> str:
        return f"{self.number} {self.organization}"


class Complaint(TimeStampedModel):
    """The complaint behind an inspection. The complainant's identity is confidential (勞基法 §74):
    only the assigned inspectors and their supervisor may read it, and it appears in no public
    page, API response or export."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="complaint")
    complainant_name = models.CharField(_("申訴人姓名"), max_length=100)
    complainant_phone = models.CharField(_("申訴人電話"), max_length=30, blank=True)
    complainant_email = models.EmailField(_("申訴人電子郵件"), blank=True)
    content = models.TextField(_("申訴內容"))
    received_on = models.DateField(_("收件日期"))

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("申訴案件")
        verbose_name_plural = _("申訴案件")

    def __str__(self) -> str:
        return f"{self.inspection.number} complaint"


class Violation(TimeStampedModel):
    """One violation found in an inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="violations")
    law = models.CharField(_("法規"), max_length=20, choices=Law.choices)
    article = models.CharField(_("條文"), max_length=40, help_text=_("例如：第24條、第32條第2項"))
    description = models.TextField(_("違規事實"))
    workers_affected = models.PositiveIntegerField(_("受影響勞工人數"), default=0)

    class Meta:
        ordering = ["inspection", "id"]
        indexes = [models.Index(fields=["law", "article"], name="violation_law_article")]
        verbose_name = _("違規事項")
        verbose_name_plural = _("違規事項")

    def __str__(self) -> str:
        return f"{self.get_law_display()}{self.article}"


class PenaltyRange(models.Model):
    """The statutory fine range of an article, with its validity (reference: labor-law.md §3.2)."""

    law = models.CharField(_("法規"), max_length=20, choices=Law.choices)
    article = models.CharField(_("違反條文"), max_length=40)
    penalty_article = models.CharField(_("罰則條文"), max_length=40)
    min_amount = models.PositiveIntegerField(_("最低罰鍰"))
    max_amount = models.PositiveIntegerField(_("最高罰鍰"))
    valid_from = models.DateField(_("生效日"))
    valid_to = models.DateField(_("失效日"), null=True, blank=True)

    class Meta:
        ordering = ["law", "article", "-valid_from"]
        verbose_name = _("罰鍰額度")
        verbose_name_plural = _("罰鍰額度")

    def __str__(self) -> str:
        return f"{self.get_law_display()}{self.article}: {self.min_amount}–{self.max_amount}"


class Penalty(TimeStampedModel):
    """A penalty decision (裁處): one 處分字號 of one authority, with one or more items.

    ``initial_amount`` is the amount decided; ``current_amount`` follows the event history
    (appeal, reduction, revocation). For imported records an empty amount means "not published",
    not zero. ``search_tokens`` feeds the full-text index (:mod:`hopehome.core.search`).
    """

    authority = models.CharField(_("主管機關"), max_length=100)
    raw_authority = models.CharField(_("主管機關（原始）"), max_length=100, blank=True)
    disposition_number = models.CharField(_("處分字號"), max_length=100)
    decided_on = models.DateField(_("處分日期"), db_index=True)
    announced_on = models.DateField(_("公告日期"), null=True, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("事業單位"), null=True, blank=True, on_delete=models.PROTECT, related_name="penalties"
    )
    unit_name = models.CharField(_("事業單位名稱"), max_length=200, blank=True)
    responsible_person = models.CharField(_("負責人"), max_length=100, blank=True)
    raw_name = models.CharField(_("事業單位名稱或負責人（原始）"), max_length=300, blank=True)
    parse_confidence = models.CharField(_("名稱解析"), max_length=10, default="high")
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("檢查"), null=True, blank=True, on_delete=models.PROTECT, related_name="penalties"
    )
    content = models.TextField(_("違反法規內容"), blank=True)
    initial_amount = models.PositiveIntegerField(_("原處分金額"), null=True, blank=True)
    current_amount = models.PositiveIntegerField(_("目前金額"), null=True, blank=True)
    amount_type = models.CharField(_("金額類型"), max_length=10, choices=AmountType.choices, default=AmountType.FINE)
    appeal_status = models.CharField(
        _("救濟狀態"), max_length=30, choices=AppealStatus.choices, default=AppealStatus.NONE_REPORTED
    )
    remarks = models.TextField(_("備註說明"), blank=True)
    status = models.CharField(_("公布狀態"), max_length=20, choices=PenaltyStatus.choices, default=PenaltyStatus.DECIDED)
    withdrawn_on = models.DateField(_("撤除公布日期"), null=True, blank=True)
    withdrawal_note = models.CharField(_("撤除說明"), max_length=300, blank=True)
    source = models.CharField(_("資料來源"), max_length=20, choices=Source.choices, default=Source.BUREAU)
    source_dataset = models.CharField(_("來源資料集"), max_length=100, blank=True)
    row_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    industry_code = models.CharField(_("行業"), max_length=4, blank=True, db_index=True)
    district_postcode = models.CharField(_("行政區"), max_length=3, blank=True)
    search_tokens = models.TextField(editable=False, default="")

    # PostgreSQL keeps the search tsvector in this stored generated column (migration 0004).
    search_vector_column = "search_vector"

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "disposition_number"], name="penalty_disposition_uniq")
        ]
        indexes = [
            models.Index(fields=["status", "decided_on"], name="penalty_status_decided"),
            models.Index(fields=["status", "appeal_status"], name="penalty_status_appeal"),
            # a year's penalties with their appeal status: "under appeal" in a year is counted
            # from this index alone
            models.Index(
                fields=["status", "decided_on", "appeal_status"], name="penalty_year_appeal"
            ),
            models.Index(fields=["organization", "status"], name="penalty_org_status"),
        ]
        verbose_name = _("裁處")
        verbose_name_plural = _("裁處")

    def __str__(self) -> str:
        return f"{self.disposition_number} {self.unit_name or self.responsible_person}"


class PenaltyItem(models.Model):
    """One article of a penalty decision (a decision may cover several)."""

    penalty = models.ForeignKey(Penalty, on_delete=models.CASCADE, related_name="items")
    violation = models.ForeignKey(Violation, null=True, blank=True, on_delete=models.SET_NULL, related_name="penalty_items")
    law = models.CharField(_("法規"), max_length=20, choices=Law.choices)
    article = models.CharField(_("條文"), max_length=40)
    raw_article = models.CharField(_("條文（原始）"), max_length=200, blank=True)
    description = models.TextField(_("違反法規內容"), blank=True)
    amount = models.PositiveIntegerField(_("罰鍰金額"), null=True, blank=True)

    class Meta:
        ordering = ["penalty", "id"]
        indexes = [models.Index(fields=["law", "article"], name="penaltyitem_law_article")]
        verbose_name = _("裁處條文")
        verbose_name_plural = _("裁處條文")

    def __str__(self) -> str:
        return f"{self.get_law_display()}{self.article}"


class PenaltyEvent(TimeStampedModel):
    """A step in a penalty's history: issued, appeal, reduction, revocation, payment …"""

    penalty = models.ForeignKey(Penalty, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=20, choices=PenaltyEventKind.choices)
    occurred_on = models.DateField(_("日期"))
    amount_after = models.PositiveIntegerField(_("事件後金額"), null=True, blank=True)
    note = models.CharField(_("說明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["penalty", "occurred_on", "id"]
        verbose_name = _("裁處歷程")
        verbose_name_plural = _("裁處歷程")

    def __str__(self) -> str:
        return f"{self.penalty.disposition_number} {self.get_kind_display()} {self.occurred_on}"


class CounsellingVisit(TimeStampedModel):
    """A counselling visit (輔導) to a business unit; its name, industry and date are public."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="counselling_visits")
    visited_on = models.DateField(_("輔導日期"), db_index=True)
    topic = models.CharField(_("輔導主題"), max_length=200)
    division = models.ForeignKey(Division, verbose_name=_("承辦單位"), on_delete=models.PROTECT)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("輔導訪視")
        verbose_name_plural = _("輔導訪視")

    def __str__(self) -> str:
        return f"{self.organization} {self.visited_on}"


class SafetyPartnership(TimeStampedModel):
    """A safety (or health-promotion) partnership signed with one or more parties."""

    title = models.CharField(_("名稱"), max_length=200)
    partners = models.ManyToManyField(Organization, verbose_name=_("合作夥伴"), related_name="safety_partnerships")
    signed_on = models.DateField(_("簽署日期"), db_index=True)
    scope = models.TextField(_("合作範圍"), blank=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("安全伙伴")
        verbose_name_plural = _("安全伙伴")

    def __str__(self) -> str:
        return self.title


class Award(TimeStampedModel):
    """An award to an enterprise (e.g. 全國職安衛生五星獎) that the bureau coached."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="awards")
    name = models.CharField(_("獎項"), max_length=100)
    awarded_on = models.DateField(_("獲獎日期"), db_index=True)
    note = models.CharField(_("說明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-awarded_on", "-id"]
        verbose_name = _("獲獎")
        verbose_name_plural = _("獲獎")

    def __str__(self) -> str:
        return f"{self.organization} {self.name}"
