"""Choices of program 5: labour inspections, penalties and their publication."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionType(models.TextChoices):
    LABOR_CONDITIONS = "labor_conditions", _("勞動條件")
    OSH = "osh", _("職業安全衛生")
    PROJECT = "project", _("專案檢查")


class Project(models.TextChoices):
    """關鍵議題即時啟動專案 and other targeted programmes."""

    NONE = "", _("無")
    DELIVERY_PLATFORM = "delivery_platform", _("外送平台")
    BUS_OPERATOR = "bus_operator", _("客運業者")
    OTHER = "other", _("其他專案")


class Origin(models.TextChoices):
    PLANNED = "planned", _("計畫性檢查")
    COMPLAINT = "complaint", _("申訴檢查")
    ACCIDENT = "accident", _("災害檢查")
    REFERRAL = "referral", _("轉介")
    FOLLOW_UP = "follow_up", _("複查")


class Result(models.TextChoices):
    PENDING = "", _("尚未檢查")
    COMPLIANT = "compliant", _("合格")
    VIOLATIONS = "violations", _("違規")
    COUNSELLING_ONLY = "counselling_only", _("僅予輔導")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("規劃中")
    INSPECTED = "inspected", _("已檢查")
    NOTICE_ISSUED = "notice_issued", _("限期改善")
    PENALTY_DECIDED = "penalty_decided", _("已裁處")
    PUBLISHED = "published", _("已公布")
    FOLLOW_UP = "follow_up", _("複查中")
    CLOSED = "closed", _("結案")


class Law(models.TextChoices):
    LSA = "lsa", _("勞動基準法")
    OSHA = "osha", _("職業安全衛生法")
    GENDER = "gender", _("性別平等工作法")
    ESA = "esa", _("就業服務法")
    PENSION = "pension", _("勞工退休金條例")
    UNION = "union", _("工會法")
    MIDDLE_AGED = "middle_aged", _("中高齡者及高齡者就業促進法")
    INJURY_INSURANCE = "injury_insurance", _("勞工職業災害保險及保護法")


# Names that mean the same act (renamed acts, short forms).
LAW_ALIASES = {
    "勞動基準法": Law.LSA, "勞基法": Law.LSA,
    "職業安全衛生法": Law.OSHA, "職安法": Law.OSHA,
    "性別平等工作法": Law.GENDER, "性別工作平等法": Law.GENDER, "性平法": Law.GENDER,
    "就業服務法": Law.ESA, "就服法": Law.ESA,
    "勞工退休金條例": Law.PENSION, "勞退條例": Law.PENSION,
    "工會法": Law.UNION,
    "中高齡者及高齡者就業促進法": Law.MIDDLE_AGED,
    "勞工職業災害保險及保護法": Law.INJURY_INSURANCE, "災保法": Law.INJURY_INSURANCE,
}  # fmt: skip


class PenaltyStatus(models.TextChoices):
    DECIDED = "decided", _("已裁處，未公布")
    PUBLISHED = "published", _("已公布")
    WITHDRAWN = "withdrawn", _("已撤除公布")


class AppealStatus(models.TextChoices):
    NONE_REPORTED = "none_reported", _("無")
    APPEAL_PENDING = "appeal_pending", _("訴願中")
    LITIGATION_PENDING = "litigation_pending", _("行政訴訟中")
    UPHELD = "upheld", _("原處分維持")
    FINAL_NO_TIMELY_APPEAL = "final_no_timely_appeal", _("未於期限內提起訴願")
    REDUCED = "reduced", _("原處分變更（減輕）")
    REVOKED = "revoked", _("原處分撤銷")


UNDER_APPEAL = (AppealStatus.APPEAL_PENDING, AppealStatus.LITIGATION_PENDING)


class PenaltyEventKind(models.TextChoices):
    ISSUED = "issued", _("裁處")
    APPEAL_FILED = "appeal_filed", _("提起訴願")
    APPEAL_DISMISSED = "appeal_dismissed", _("訴願駁回")
    REDUCED = "reduced", _("變更減輕")
    REVOKED = "revoked", _("撤銷")
    PAID = "paid", _("已繳納")
    ENFORCEMENT = "enforcement", _("移送強制執行")


class AmountType(models.TextChoices):
    FINE = "fine", _("罰鍰")
    LATE_FEE = "late_fee", _("滯納金")


class Source(models.TextChoices):
    BUREAU = "bureau", _("本局裁處")
    MOL_IMPORT = "mol_import", _("勞動部開放資料")
