"""Choices of job redesign (職務再設計, program 3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The five official subsidy categories (reference: labor-law.md §5)."""

    ENVIRONMENT = "environment", _("改善職場工作環境")
    EQUIPMENT = "equipment", _("改善工作設備或機具")
    DEVICES = "devices", _("提供就業所需之輔具")
    CONDITIONS = "conditions", _("改善工作條件")
    METHODS = "methods", _("調整工作方法")


class ApplicantKind(models.TextChoices):
    EMPLOYER = "employer", _("雇主")
    SELF_EMPLOYED = "self_employed", _("自營作業身心障礙者")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已申請")
    UNDER_REVIEW = "under_review", _("審查中")
    APPROVED = "approved", _("核定")
    PARTLY_APPROVED = "partly_approved", _("部分核定")
    REJECTED = "rejected", _("不予核定")
    DISBURSED = "disbursed", _("已撥款")
    CLOSED = "closed", _("已結案")


APPROVED_STATUSES = (
    ApplicationStatus.APPROVED,
    ApplicationStatus.PARTLY_APPROVED,
    ApplicationStatus.DISBURSED,
    ApplicationStatus.CLOSED,
)


class Impairment(models.TextChoices):
    """The impairment the redesign addresses (the certificate's category is kept on Person)."""

    VISUAL = "visual", _("視覺障礙")
    HEARING = "hearing", _("聽覺障礙")
    MOBILITY = "mobility", _("肢體障礙")
    INTELLECTUAL = "intellectual", _("智能障礙")
    PSYCHIATRIC = "psychiatric", _("精神障礙")
    OTHER = "other", _("其他障礙")


class ItemDecision(models.TextChoices):
    PENDING = "pending", _("待審")
    APPROVED = "approved", _("核定")
    REDUCED = "reduced", _("核減")
    REJECTED = "rejected", _("不予補助")
