"""Forms of the occupational-injury case screens: intake, editing, services, contacts, actions.

The forms parse and check what a person typed; the rules that decide whether a change is
allowed (visibility, lifecycle, versions, the consolation rate table) live in the services.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core.forms import LenientDateField
from hopehome.core.models import District, Organization
from hopehome.core.validators import classify_personal_id, normalize_identifier, validate_ubn

from .choices import CaseSource, ClosureReason, ContactMethod, InjuryKind, ServiceKind, Severity

DATE_HINT = _("可輸入西元或民國日期，例如 2026-10-02 或 115/10/02。")
PHONE_RE = re.compile(r"[0-9()#+\- ]{7,20}")


def _choices(options, empty_label) -> list[tuple[str, str]]:
    return [("", empty_label), *options]


class VersionField(forms.IntegerField):
    """The version of the case the page was built from (optimistic locking)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("error_messages", {"required": _("頁面資料不完整，請重新開啟個案後再操作。"),
                                             "invalid": _("頁面資料不完整，請重新開啟個案後再操作。")})  # fmt: skip
        super().__init__(**kwargs)


class CaseFieldsMixin(forms.Form):
    """Employer and injury facts shared by the intake and edit forms."""

    employer_name = forms.CharField(label=_("雇主名稱"), max_length=200, required=False)
    employer_ubn = forms.CharField(
        label=_("雇主統一編號"), max_length=12, required=False,
        help_text=_("選填。填寫已登錄機構的統一編號，即可連結該機構資料。"),
    )  # fmt: skip
    injury_date = LenientDateField(label=_("受傷日期"), help_text=DATE_HINT)
    kind = forms.ChoiceField(label=_("類型"), choices=_choices(InjuryKind.choices, _("請選擇")))
    severity = forms.ChoiceField(label=_("嚴重程度"), choices=_choices(Severity.choices, _("請選擇")))
    disability_grade = forms.IntegerField(
        label=_("失能等級"), required=False, min_value=1, max_value=15,
        help_text=_("失能案件必填，依勞保失能給付標準第 1 至 15 等級。"),
        error_messages={"min_value": _("失能等級須介於 1 到 15。"), "max_value": _("失能等級須介於 1 到 15。"),
                        "invalid": _("失能等級須為 1 到 15 的整數。")},
    )  # fmt: skip
    source = forms.ChoiceField(label=_("案件來源"), choices=_choices(CaseSource.choices, _("請選擇")))
    description = forms.CharField(label=_("事故概述"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean_employer_ubn(self) -> Organization | None:
        ubn = normalize_identifier(self.cleaned_data.get("employer_ubn"))
        if not ubn:
            return None
        validate_ubn(ubn)
        org = Organization.objects.filter(ubn=ubn).first()
        if org is None:
            raise ValidationError(_("查無統一編號 %(ubn)s 的機構；請留空並填寫雇主名稱，或先到機構管理新增。"),
                                  params={"ubn": ubn})  # fmt: skip
        return org

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("injury_date") and data["injury_date"] > today:
            self.add_error("injury_date", _("受傷日期不可晚於今天。"))
        if data.get("severity") == Severity.DISABILITY and not data.get("disability_grade"):
            self.add_error("disability_grade", _("失能案件須填寫失能等級（1–15）。"))
        org = data.get("employer_ubn")
        if org is not None and not (data.get("employer_name") or "").strip():
            data["employer_name"] = org.name
        if org is None and not (data.get("employer_name") or "").strip() and "employer_ubn" not in self.errors:
            self.add_error("employer_name", _("請填寫雇主名稱或統一編號。"))
        return data

    def case_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "employer": d.get("employer_ubn"), "employer_name": (d.get("employer_name") or "").strip(),
            "injury_date": d["injury_date"], "kind": d["kind"], "severity": d["severity"],
            "disability_grade": d.get("disability_grade"), "source": d["source"],
            "description": (d.get("description") or "").strip(),
        }  # fmt: skip


class CaseOpenForm(CaseFieldsMixin):
    """Open a case: find the worker by identifier, or register them, then the injury facts."""

    id_number = forms.CharField(
        label=_("身分證字號／統一證號"), max_length=12,
        help_text=_("先以證號查詢；已登錄的民眾免填下方姓名等資料。"),
    )  # fmt: skip
    name = forms.CharField(label=_("姓名"), max_length=100, required=False,
                           help_text=_("首次登錄的民眾必填。"))  # fmt: skip
    phone = forms.CharField(label=_("電話"), max_length=30, required=False)
    district = forms.ModelChoiceField(
        label=_("行政區"), required=False, queryset=District.objects.filter(is_active=True), empty_label=_("請選擇"),
    )  # fmt: skip
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    case_manager = forms.ModelChoiceField(label=_("個案管理員"), queryset=None, empty_label=_("請選擇"))
    next_followup_on = LenientDateField(label=_("首次追蹤日期"), required=False, help_text=DATE_HINT)

    field_order = ["id_number", "name", "phone", "district", "address", "case_manager", "employer_name",
                   "employer_ubn", "injury_date", "kind", "severity", "disability_grade", "source",
                   "description", "next_followup_on"]  # fmt: skip
    WORKER_FIELDS = ("id_number", "name", "phone", "district", "address")

    def __init__(self, *args, case_managers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case_managers is None:
            del self.fields["case_manager"]
        else:
            self.fields["case_manager"].queryset = case_managers
            self.fields["case_manager"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean_id_number(self) -> str:
        value = normalize_identifier(self.cleaned_data.get("id_number"))
        classify_personal_id(value, new_input=False)
        return value

    def clean_phone(self) -> str:
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not PHONE_RE.fullmatch(phone):
            raise ValidationError(_("電話號碼格式不正確，例如 0912-345-678 或 06-2982334。"))
        return phone

    def clean(self):
        data = super().clean()
        nxt = data.get("next_followup_on")
        if nxt and nxt < timezone.localdate():
            self.add_error("next_followup_on", _("下次追蹤日期不可早於今天。"))
        return data

    def worker_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"name": (d.get("name") or "").strip(), "phone": d.get("phone") or "",
                "district": d.get("district"), "address": (d.get("address") or "").strip()}  # fmt: skip

    def service_kwargs(self) -> dict[str, Any]:
        kwargs = self.case_fields()
        kwargs["next_followup_on"] = self.cleaned_data.get("next_followup_on")
        kwargs["case_manager"] = self.cleaned_data.get("case_manager")
        return kwargs


class CaseEditForm(CaseFieldsMixin):
    """Edit a case's facts, service plan and next follow-up, based on the version shown."""

    version = VersionField()
    service_plan = forms.CharField(
        label=_("服務計畫"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("例如：慰問金、法令權益諮詢、心理支持、復工計畫。開始服務前須填寫。"),
    )  # fmt: skip
    next_followup_on = LenientDateField(label=_("下次追蹤日期"), required=False, help_text=DATE_HINT)

    def __init__(self, *args, followup_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_followup_on"].required = followup_required

    @classmethod
    def initial_for(cls, case) -> dict[str, Any]:
        return {
            "version": case.version, "employer_name": case.employer_name,
            "employer_ubn": case.employer.ubn if case.employer_id and case.employer.ubn else "",
            "injury_date": case.injury_date, "kind": case.kind, "severity": case.severity,
            "disability_grade": case.disability_grade, "source": case.source, "description": case.description,
            "service_plan": case.service_plan, "next_followup_on": case.next_followup_on,
        }  # fmt: skip

    def changes(self, case) -> dict[str, Any]:
        """The fields to save; an unchanged follow-up date is left alone (it may be overdue)."""
        fields = self.case_fields()
        fields["service_plan"] = (self.cleaned_data.get("service_plan") or "").strip()
        nxt = self.cleaned_data.get("next_followup_on")
        if nxt != case.next_followup_on:
            fields["next_followup_on"] = nxt
        return fields


class ServiceForm(forms.Form):
    """Record a service on a case."""

    kind = forms.ChoiceField(label=_("服務項目"), choices=_choices(ServiceKind.choices, _("請選擇")))
    provided_on = LenientDateField(label=_("服務日期"), help_text=DATE_HINT)
    amount = forms.IntegerField(label=_("金額（新臺幣）"), required=False, min_value=0,
                                error_messages={"min_value": _("金額不可為負數。"),
                                                "invalid": _("金額須為整數（新臺幣元）。")})  # fmt: skip
    items = forms.CharField(label=_("物資品項"), max_length=200, required=False,
                            help_text=_("物資致贈必填，例如：電鍋、棉被、年菜。"))  # fmt: skip
    note = forms.CharField(label=_("說明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, standard_amount: int | None = None, consolation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        amount = self.fields["amount"]
        if standard_amount is not None:
            amount.help_text = _("職災慰問金依額度表為 %(amount)s 元，由系統帶入。") % {"amount": f"{standard_amount:,}"}
        else:
            amount.help_text = _("尚未設定此嚴重程度的慰問金額度。")
        if consolation:
            self.initial.setdefault("kind", ServiceKind.CONSOLATION)
            if standard_amount is not None:
                self.initial.setdefault("amount", standard_amount)
                amount.widget.attrs["readonly"] = True

    def clean(self):
        data = super().clean()
        if data.get("kind") == ServiceKind.GOODS and not (data.get("items") or "").strip():
            self.add_error("items", _("物資致贈請填寫品項。"))
        return data


class ContactForm(forms.Form):
    """A follow-up contact and the next follow-up date."""

    contacted_on = LenientDateField(label=_("追蹤日期"), help_text=DATE_HINT)
    method = forms.ChoiceField(label=_("方式"), choices=_choices(ContactMethod.choices, _("請選擇")))
    note = forms.CharField(label=_("追蹤紀錄"), widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("請填寫追蹤紀錄。")})  # fmt: skip
    next_followup_on = LenientDateField(label=_("下次追蹤日期"), required=False,
                                        help_text=_("未結案的個案必填，可輸入西元或民國日期。"))  # fmt: skip


# --- lifecycle actions ------------------------------------------------------------------------
class VersionForm(forms.Form):
    """An action that needs only the version it was based on (advance, approve)."""

    version = VersionField()


class ClosureRequestForm(VersionForm):
    reason = forms.ChoiceField(label=_("結案原因"), choices=_choices(ClosureReason.choices, _("請選擇")),
                               error_messages={"required": _("請選擇結案原因。")})  # fmt: skip
    note = forms.CharField(label=_("結案說明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(VersionForm):
    note = forms.CharField(label=_("退回理由"), max_length=500,
                           error_messages={"required": _("退回結案申請請說明理由。")})  # fmt: skip


class ReopenForm(VersionForm):
    reason = forms.CharField(label=_("重新開案理由"), max_length=500,
                             error_messages={"required": _("重新開案請說明理由。")})  # fmt: skip
    next_followup_on = LenientDateField(label=_("下次追蹤日期"), help_text=DATE_HINT,
                                        error_messages={"required": _("請設定下次追蹤日期。")})  # fmt: skip


class ExportForm(forms.Form):
    reason = forms.CharField(
        label=_("匯出理由"), max_length=180, help_text=_("例如：轉介至勞保局辦理失能給付。至少 4 個字。"),
        error_messages={"required": _("匯出個案資料必須說明理由（至少 4 個字）。")},
    )  # fmt: skip


class RateForm(forms.Form):
    """A new row of the consolation rate table."""

    severity = forms.ChoiceField(label=_("嚴重程度"), choices=_choices(Severity.choices, _("請選擇")))
    amount = forms.IntegerField(label=_("慰問金額（新臺幣）"),
                                error_messages={"invalid": _("金額須為整數（新臺幣元）。")})  # fmt: skip
    effective_from = LenientDateField(label=_("生效日"), help_text=DATE_HINT)
    note = forms.CharField(label=_("依據"), max_length=200, required=False,
                           help_text=_("例如：本市職災勞工慰問金發給規定修正條文。"))  # fmt: skip
