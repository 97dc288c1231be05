"""The registry: districts, industries, target groups, people, organizations, staff, audit."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction, DisabilityCategory, IdType, OrganizationKind, Role, Sex
from .masking import mask_identifier
from .text import fold


class TimeStampedModel(models.Model):
    """Abstract base: creation and modification times."""

    created_at = models.DateTimeField(_("建立時間"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)

    class Meta:
        abstract = True


class BilingualNameMixin(models.Model):
    """A reference row with a zh-Hant and an English name; ``name`` follows the active language."""

    name_zh = models.CharField(_("中文名稱"), max_length=100)
    name_en = models.CharField(_("英文名稱"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = get_language() or "zh-hant"
        if lang.startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class District(BilingualNameMixin):
    """One of Tainan's 37 administrative districts; the postcode is the stable key."""

    postcode = models.CharField(_("郵遞區號"), max_length=3, unique=True)
    is_active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        ordering = ["postcode"]
        verbose_name = _("行政區")
        verbose_name_plural = _("行政區")


class Industry(BilingualNameMixin):
    """行業統計分類, stored with its revision (sections A–S of Rev. 11 are shipped)."""

    revision = models.CharField(_("修訂版次"), max_length=4, default="11")
    code = models.CharField(_("代碼"), max_length=4)
    level = models.CharField(_("層級"), max_length=10, default="section")

    class Meta:
        ordering = ["revision", "code"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "code"], name="industry_revision_code_uniq")
        ]
        verbose_name = _("行業")
        verbose_name_plural = _("行業")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TargetGroup(BilingualNameMixin):
    """A group a program is aimed at (youth, disabled, new immigrant …)."""

    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("服務對象")
        verbose_name_plural = _("服務對象")


class Division(BilingualNameMixin):
    """A division (科) or second-level agency of the bureau."""

    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("單位")
        verbose_name_plural = _("單位")


class Person(TimeStampedModel):
    """A member of the public known to the bureau. One person per identifier.

    The identifier is personal data: show :attr:`masked_id` unless the viewer is entitled to
    the full value (see :mod:`hopehome.core.permissions`), and read it through the access-logged
    accessors in :mod:`hopehome.core.services`.
    """

    name = models.CharField(_("姓名"), max_length=100)
    id_type = models.CharField(_("證號類別"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("身分證字號／統一證號"), max_length=10, unique=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    sex = models.CharField(_("性別"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("電話"), max_length=30, blank=True)
    email = models.EmailField(_("電子郵件"), blank=True)
    district = models.ForeignKey(
        District, verbose_name=_("行政區"), null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    registered_in_city = models.BooleanField(_("設籍本市"), default=False)
    disability_category = models.CharField(
        _("身心障礙類別"), max_length=3, choices=DisabilityCategory.choices, blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("服務對象身分"), blank=True, related_name="people"
    )
    name_key = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("民眾")
        verbose_name_plural = _("民眾")

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_id})"

    def save(self, *args, **kwargs):
        self.name_key = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def masked_id(self) -> str:
        return mask_identifier(self.id_number)

    def age_on(self, when: date) -> int | None:
        if not self.birth_date:
            return None
        b = self.birth_date
        return when.year - b.year - ((when.month, when.day) < (b.month, b.day))


class PersonIdentifier(TimeStampedModel):
    """A further identifier a person has held (old 統一證號 → new, 統一證號 → 身分證字號)."""

    person = models.ForeignKey(
        Person, related_name="former_identifiers", on_delete=models.CASCADE, verbose_name=_("民眾")
    )
    id_type = models.CharField(_("證號類別"), max_length=20, choices=IdType.choices)
    value = models.CharField(_("證號"), max_length=10, unique=True)
    valid_until = models.DateField(_("有效至"), null=True, blank=True)

    class Meta:
        ordering = ["person", "value"]
        verbose_name = _("其他證號")
        verbose_name_plural = _("其他證號")

    def __str__(self) -> str:
        return mask_identifier(self.value)


class Organization(TimeStampedModel):
    """An employer, school, union, NGO, sheltered workshop, government unit or training provider."""

    kind = models.CharField(_("類型"), max_length=30, choices=OrganizationKind.choices)
    name = models.CharField(_("名稱"), max_length=200)
    ubn = models.CharField(_("統一編號"), max_length=8, unique=True, null=True, blank=True)
    industry = models.ForeignKey(
        Industry, verbose_name=_("行業"), null=True, blank=True, on_delete=models.PROTECT
    )
    district = models.ForeignKey(
        District, verbose_name=_("行政區"), null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    employee_count = models.PositiveIntegerField(_("員工人數"), null=True, blank=True)
    responsible_person = models.CharField(_("負責人"), max_length=100, blank=True)
    is_bureau_unit = models.BooleanField(
        _("本局所屬單位"), default=False, help_text=_("勞工局本身或其所屬機關、中心。")
    )
    name_key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("機構")
        verbose_name_plural = _("機構")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = fold(self.name)
        if self.ubn == "":
            self.ubn = None
        super().save(*args, **kwargs)


class StaffProfile(TimeStampedModel):
    """A bureau staff member: the division they work in and their role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="staff_profile", on_delete=models.CASCADE
    )
    division = models.ForeignKey(Division, verbose_name=_("單位"), on_delete=models.PROTECT)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    title = models.CharField(_("職稱"), max_length=50, blank=True)

    class Meta:
        ordering = ["division", "role", "user__username"]
        verbose_name = _("局內人員")
        verbose_name_plural = _("局內人員")

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} · {self.get_role_display()}"


class AuditEntry(models.Model):
    """Who did what to which record, when, with the values before and after.

    Views and exports of a person's record are entries too (action ``view``/``export``).
    Entries are written by :mod:`hopehome.core.audit` and never changed.
    """

    at = models.DateTimeField(_("時間"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作者"), max_length=150)
    action = models.CharField(_("動作"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("資料類型"), max_length=60)
    object_id = models.CharField(_("資料編號"), max_length=40)
    object_repr = models.CharField(_("資料"), max_length=200)
    person = models.ForeignKey(
        Person,
        verbose_name=_("相關民眾"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    changes = models.JSONField(_("異動內容"), default=dict, blank=True)
    context = models.CharField(_("情境"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 位址"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person", "at"], name="audit_person_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]
        verbose_name = _("稽核紀錄")
        verbose_name_plural = _("稽核紀錄")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class MinimumWage(models.Model):
    """The statutory minimum wage (基本工資 → 最低工資) from a date; look up the latest row in force."""

    effective_from = models.DateField(_("生效日期"), unique=True)
    monthly = models.PositiveIntegerField(_("每月"))
    hourly = models.PositiveIntegerField(_("每小時"))
    source_url = models.URLField(_("依據"), blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("最低工資")
        verbose_name_plural = _("最低工資")

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.monthly:,} / {self.hourly:,}"

    @classmethod
    def in_force(cls, on: date) -> MinimumWage | None:
        return cls.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


class Holiday(models.Model):
    """A public holiday (or make-up working day) for working-day deadlines."""

    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名稱"), max_length=50)
    is_working_day = models.BooleanField(
        _("補行上班日"), default=False, help_text=_("週末補班時勾選，當天視為工作日。")
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("國定假日")
        verbose_name_plural = _("國定假日")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
