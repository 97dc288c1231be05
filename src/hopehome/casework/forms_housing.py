"""Forms of the housing-repair screens; the rules themselves live in :mod:`.housing`."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hopehome.core.choices import OrganizationKind
from hopehome.core.forms import LenientDateField, apply_errors  # noqa: F401  (re-exported)
from hopehome.core.models import District, Organization

from .choices import AttachmentKind, HouseholdCategory, RepairStatus, Trade
from .housing import team_candidates
from .models import Volunteer, VolunteerTeam
from .uploads import REPAIR_KINDS, accepted_types_label, max_upload_bytes

DATE_HINT = _("可輸入西元或民國日期，例如 2019-12-17 或 108/12/17。")
TEAM_KIND_CHOICES = [(k.value, k.label) for k in (OrganizationKind.UNION, OrganizationKind.NGO)]


def _nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


class VersionedForm(forms.Form):
    """Carries the version of the application the form was opened on (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RepairFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("狀態"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部"))] + list(RepairStatus.choices)

    def status_value(self) -> str | None:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["status"] or None
        return None


class ApplicationForm(forms.Form):
    """A household applies for a home repair; the applicant is found or registered by ID."""

    id_number = forms.CharField(
        label=_("申請人身分證字號／統一證號"), max_length=20,
        help_text=_("已登錄的民眾以證號帶出；尚未登錄者會同時建立民眾資料。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )  # fmt: skip
    name = forms.CharField(label=_("申請人姓名"), max_length=100)
    phone = forms.CharField(
        label=_("聯絡電話"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )  # fmt: skip
    category = forms.ChoiceField(
        label=_("身分類別"), choices=HouseholdCategory.choices, widget=forms.RadioSelect
    )
    district = forms.ModelChoiceField(
        label=_("行政區"), required=False, queryset=District.objects.filter(is_active=True),
        empty_label=_("（請選擇）"),
    )  # fmt: skip
    address = forms.CharField(label=_("修繕地址"), max_length=200)
    eligibility_note = forms.CharField(
        label=_("資格說明"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：職災致失能、中低收入戶證明、原住民身分；證明文件可於建立後上傳。"),
    )  # fmt: skip
    injury_case = forms.CharField(
        label=_("相關職災個案案號"), required=False, max_length=20,
        help_text=_("選填，例如 OI2026-0001；須為您可檢視的個案。"),
    )  # fmt: skip
    applied_on = LenientDateField(label=_("申請日期"), required=False, help_text=DATE_HINT)

    def clean_name(self) -> str:
        return _nfkc(self.cleaned_data["name"])

    def service_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "applicant": {"id_number": d["id_number"], "name": d["name"], "phone": d["phone"],
                          "district": d["district"], "address": d["address"]},
            "category": d["category"], "address": d["address"], "district": d["district"],
            "eligibility_note": d["eligibility_note"], "injury_case": d["injury_case"] or None,
            "applied_on": d["applied_on"],
        }  # fmt: skip


class SurveyForm(VersionedForm):
    """The site survey: its date and the needs written per trade."""

    surveyed_on = LenientDateField(label=_("會勘日期"), help_text=DATE_HINT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Trade.choices:
            self.fields[f"need_{value}"] = forms.CharField(
                label=_("%(trade)s需求") % {"trade": label}, required=False, max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip

    def needs(self) -> dict[str, str]:
        return {t: self.cleaned_data.get(f"need_{t}", "") for t in Trade.values}

    def trade_fields(self):
        return [self[f"need_{t}"] for t in Trade.values]


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label=_("核定結果"), widget=forms.RadioSelect,
        choices=[("approve", _("核定修繕")), ("reject", _("不予修繕"))],
    )  # fmt: skip
    reason = forms.CharField(
        label=_("理由"), required=False, max_length=200,
        help_text=_("不予修繕時必填，會記錄在申請案中。"),
    )  # fmt: skip


class VolunteerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Volunteer) -> str:
        return f"{obj.name}（{obj.team.organization.name}）"


class WorkDayForm(VersionedForm):
    date = LenientDateField(label=_("施工日期"), help_text=DATE_HINT)
    team = forms.ModelChoiceField(
        label=_("志工團隊"), queryset=VolunteerTeam.objects.none(), empty_label=_("（請選擇）")
    )
    volunteers = VolunteerChoiceField(
        label=_("出勤志工"), queryset=Volunteer.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("只能選擇所選團隊的志工。"),
    )  # fmt: skip
    trades = forms.MultipleChoiceField(
        label=_("施工工種"), choices=Trade.choices, widget=forms.CheckboxSelectMultiple
    )
    hours = forms.DecimalField(label=_("每人時數"), initial=8, max_digits=4, decimal_places=1)
    note = forms.CharField(label=_("備註"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = VolunteerTeam.objects.filter(is_active=True).select_related(
            "organization"
        )
        self.fields["volunteers"].queryset = (
            Volunteer.objects.filter(is_active=True, team__is_active=True)
            .select_related("team__organization")
            .order_by("team__organization__name", "name", "id")
        )


class CostsForm(VersionedForm):
    materials_cost = forms.IntegerField(label=_("材料費（新臺幣元）"), min_value=0)
    donations = forms.CharField(
        label=_("捐贈物資與款項"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：台南市木工業職業工會捐贈木料一批、善心人士捐款 20,000 元。"),
    )  # fmt: skip


class CompletionForm(VersionedForm):
    completed_on = LenientDateField(label=_("完工日期"), help_text=DATE_HINT)
    satisfaction = forms.TypedChoiceField(
        label=_("住戶滿意度"), coerce=int, widget=forms.RadioSelect,
        choices=[(5, _("5 分：非常滿意")), (4, _("4 分：滿意")), (3, _("3 分：普通")),
                 (2, _("2 分：不滿意")), (1, _("1 分：非常不滿意"))],
    )  # fmt: skip


class UploadForm(forms.Form):
    """A photo or PDF for a repair; type and size are checked by the upload service."""

    kind = forms.ChoiceField(label=_("類別"))
    file = forms.FileField(label=_("檔案"), allow_empty_file=True)
    caption = forms.CharField(label=_("說明"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k.value, k.label) for k in AttachmentKind if k in REPAIR_KINDS
        ]
        self.fields["file"].help_text = _("接受 %(types)s，單檔上限 %(mb)s MB；照片的拍攝地點等資訊會自動移除。") % {
            "types": accepted_types_label(), "mb": max_upload_bytes() // (1024 * 1024),
        }  # fmt: skip
        self.fields["file"].widget.attrs["accept"] = (
            "image/jpeg,image/png,image/webp,application/pdf"
        )


class TeamForm(forms.Form):
    """A union or association joins: pick a registered one, or name a new one."""

    organization = forms.ModelChoiceField(
        label=_("已登錄的團體"), required=False, queryset=Organization.objects.none(),
        empty_label=_("（新團體，請填寫下方名稱）"),
    )  # fmt: skip
    new_name = forms.CharField(label=_("新團體名稱"), required=False, max_length=200)
    new_kind = forms.ChoiceField(label=_("新團體類型"), required=False, choices=TEAM_KIND_CHOICES)
    contact_name = forms.CharField(label=_("聯絡人"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("聯絡電話"), required=False, max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = team_candidates()

    def organization_value(self):
        d = self.cleaned_data
        if d.get("organization") is not None:
            return d["organization"]
        if _nfkc(d.get("new_name")):
            return {"name": _nfkc(d["new_name"]), "kind": d.get("new_kind")}
        return None


class VolunteerForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("志工團隊"), queryset=VolunteerTeam.objects.none(), empty_label=_("（請選擇）")
    )
    name = forms.CharField(label=_("志工姓名"), max_length=100)
    phone = forms.CharField(label=_("電話"), required=False, max_length=30)
    trades = forms.MultipleChoiceField(
        label=_("專長工種"), choices=Trade.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = VolunteerTeam.objects.filter(is_active=True).select_related(
            "organization"
        )

    def clean_name(self) -> str:
        return _nfkc(self.cleaned_data["name"])
