"""Forms of the inspection back office. They parse input; the rules live in :mod:`.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hopehome.core.forms import AmountField, LenientDateField
from hopehome.core.models import Organization

from . import services
from .choices import (
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

DATE_HINT = _("可輸入西元或民國日期，例如 2019-12-17 或 108/12/17。")
MAX_VIOLATION_ROWS = 50


def _options(choices, empty_label) -> list[tuple[str, str]]:
    return [("", empty_label), *[(v, label) for v, label in choices if v != ""]]


class OrganizationChoiceField(forms.ModelChoiceField):
    """An organization, shown with its UBN so that same-named units can be told apart."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Organization.objects.order_by("name", "id"))
        kwargs.setdefault("empty_label", _("請選擇事業單位"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.ubn}）" if obj.ubn else obj.name


class StaffChoiceMixin:
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name() or obj.username
        profile = getattr(obj, "staff_profile", None)
        return f"{name}（{profile.division.name}）" if profile else name


class StaffChoiceField(StaffChoiceMixin, forms.ModelChoiceField):
    pass


class StaffMultipleChoiceField(StaffChoiceMixin, forms.ModelMultipleChoiceField):
    pass


# --- inspections ------------------------------------------------------------------------------
class InspectionFilterForm(forms.Form):
    q = forms.CharField(label=_("檢查編號或事業單位"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))  # fmt: skip
    status = forms.ChoiceField(
        label=_("狀態"), required=False, choices=_options(InspectionStatus.choices, _("全部狀態"))
    )
    type = forms.ChoiceField(
        label=_("檢查類型"), required=False, choices=_options(InspectionType.choices, _("全部類型"))
    )
    origin = forms.ChoiceField(
        label=_("檢查來源"), required=False, choices=_options(Origin.choices, _("全部來源"))
    )
    year = forms.IntegerField(
        label=_("年度（西元）"), required=False, min_value=2000, max_value=2100
    )

    def filters(self) -> dict[str, Any]:
        """The valid filter values; a value that did not validate is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {k: data.get(k) for k in ("q", "status", "type", "origin", "year") if data.get(k)}


class PlanForm(forms.Form):
    organization = OrganizationChoiceField(label=_("受檢事業單位"))
    site = forms.CharField(
        label=_("檢查場所"),
        required=False,
        max_length=200,
        help_text=_("與登記地址不同時填寫，例如工地或分店地址。"),
    )
    type = forms.ChoiceField(
        label=_("檢查類型"), choices=_options(InspectionType.choices, _("請選擇"))
    )
    project = forms.ChoiceField(
        label=_("專案"),
        required=False,
        choices=[("", _("無"))] + [c for c in Project.choices if c[0]],
    )
    origin = forms.ChoiceField(label=_("檢查來源"), choices=_options([c for c in Origin.choices if c[0] != Origin.FOLLOW_UP], _("請選擇")),
                               help_text=_("複查請由原檢查頁面安排。"))  # fmt: skip
    planned_on = LenientDateField(label=_("預定檢查日"), help_text=DATE_HINT)
    lead_inspector = StaffChoiceField(label=_("主辦檢查員"), queryset=None, empty_label=_("請選擇"))
    inspectors = StaffMultipleChoiceField(
        label=_("協同檢查員"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    complainant_name = forms.CharField(label=_("申訴人姓名"), required=False, max_length=100,
                                       help_text=_("申訴檢查必填。依勞動基準法第74條保密，僅承辦檢查員及其主管可見。"))  # fmt: skip
    complainant_phone = forms.CharField(label=_("申訴人電話"), required=False, max_length=30)
    complainant_email = forms.CharField(label=_("申訴人電子郵件"), required=False, max_length=254)
    content = forms.CharField(
        label=_("申訴內容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    received_on = LenientDateField(label=_("收件日期"), required=False, help_text=DATE_HINT)

    COMPLAINT_FIELDS = (
        "complainant_name",
        "complainant_phone",
        "complainant_email",
        "content",
        "received_on",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = services.assignable_inspectors()
        self.fields["lead_inspector"].queryset = staff
        self.fields["inspectors"].queryset = staff

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        complaint = {k: data.get(k) for k in self.COMPLAINT_FIELDS}
        return {
            "organization": data["organization"], "site": data["site"], "type": data["type"],
            "project": data.get("project") or "", "origin": data["origin"], "planned_on": data["planned_on"],
            "lead_inspector": data["lead_inspector"], "inspectors": list(data.get("inspectors") or []),
            "complaint": complaint if any(v for v in complaint.values()) else None,
        }  # fmt: skip


class RecordForm(forms.Form):
    inspected_on = LenientDateField(label=_("檢查日期"), help_text=DATE_HINT)
    findings = forms.CharField(label=_("檢查發現"), widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=_("不可記載申訴人身分。"))  # fmt: skip
    result = forms.ChoiceField(label=_("檢查結果"), choices=_options(Result.choices, _("請選擇")))


class ViolationForm(forms.Form):
    law = forms.ChoiceField(label=_("法規"), choices=_options(Law.choices, _("請選擇法規")))
    article = forms.CharField(label=_("條文"), max_length=40, help_text=services.ARTICLE_HINT)
    description = forms.CharField(label=_("違規事實"), widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("此內容會公開，不可記載申訴人身分。"))  # fmt: skip
    workers_affected = forms.IntegerField(
        label=_("受影響勞工人數"), min_value=0, max_value=1_000_000, required=False
    )

    def clean_article(self):
        return services.normalize_article(self.cleaned_data.get("article"))


class BaseViolationFormSet(forms.BaseFormSet):
    def violations(self) -> list[dict[str, Any]]:
        """The filled-in rows (blank extra rows are skipped)."""
        rows = []
        for form in self.forms:
            if not form.has_changed() or not getattr(form, "cleaned_data", None):
                continue
            data = dict(form.cleaned_data)
            data["workers_affected"] = data.get("workers_affected") or 0
            rows.append(data)
        return rows


def violation_formset(data=None, *, rows: int = 3):
    rows = max(1, min(int(rows or 3), MAX_VIOLATION_ROWS))
    factory = forms.formset_factory(ViolationForm, formset=BaseViolationFormSet, extra=rows,
                                    max_num=MAX_VIOLATION_ROWS, validate_max=True)  # fmt: skip
    return factory(data, prefix="violations")


class NoticeForm(forms.Form):
    improve_by = LenientDateField(
        label=_("改善期限"), help_text=format_lazy("{} {}", _("最長 90 天。"), DATE_HINT)
    )


class FollowUpForm(forms.Form):
    planned_on = LenientDateField(label=_("複查日期"), help_text=DATE_HINT)


class PenaltyForm(forms.Form):
    """A decision; one amount field ``amount_<violation id>`` per violation not yet penalised."""

    disposition_number = forms.CharField(
        label=_("處分字號"), max_length=100, help_text=_("例如：府勞條字第1080012345號。")
    )
    decided_on = LenientDateField(label=_("處分日期"), help_text=DATE_HINT)
    aggravated = forms.BooleanField(
        label=_("依勞動基準法第79條第4項加重（最高額可提高至 1.5 倍）"), required=False
    )

    def __init__(self, *args, violations=(), on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.violations = list(violations)
        self.ranges = {}
        for v in self.violations:
            row = services.penalty_range(v.law, v.article, on)
            self.ranges[v.pk] = row
            if row is not None:
                hint = services.range_message(v.law, v.article, row)
            else:
                hint = _("此條文未列於罰鍰額度表，請依該法罰則填寫。")
            self.fields[f"amount_{v.pk}"] = AmountField(
                label=_("%(law)s%(article)s 罰鍰金額（元）") % {"law": v.get_law_display(), "article": v.article},
                required=False, help_text=hint,
            )  # fmt: skip

    def amount_fields(self):
        return [(v, self[f"amount_{v.pk}"]) for v in self.violations]

    def items(self) -> list[dict[str, Any]]:
        return [
            {"violation": v, "amount": self.cleaned_data.get(f"amount_{v.pk}")}
            for v in self.violations
            if self.cleaned_data.get(f"amount_{v.pk}") is not None
        ]


class PenaltyFilterForm(forms.Form):
    q = forms.CharField(label=_("處分字號或事業單位"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))  # fmt: skip
    status = forms.ChoiceField(
        label=_("公布狀態"), required=False, choices=_options(PenaltyStatus.choices, _("全部"))
    )
    appeal_status = forms.ChoiceField(
        label=_("救濟狀態"), required=False, choices=_options(AppealStatus.choices, _("全部"))
    )
    source = forms.ChoiceField(
        label=_("資料來源"), required=False, choices=_options(Source.choices, _("全部"))
    )
    year = forms.IntegerField(
        label=_("處分年度（西元）"), required=False, min_value=2000, max_value=2100
    )

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            k: data.get(k)
            for k in ("q", "status", "appeal_status", "source", "year")
            if data.get(k)
        }


class PublishForm(forms.Form):
    announced_on = LenientDateField(label=_("公告日期"), help_text=DATE_HINT)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("撤除公布說明"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("此說明會在公開網站顯示。"))  # fmt: skip


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("事件"),
        choices=_options(
            [c for c in PenaltyEventKind.choices if c[0] in services.EVENT_KINDS], _("請選擇")
        ),
    )
    occurred_on = LenientDateField(label=_("事件日期"), help_text=DATE_HINT)
    amount_after = AmountField(
        label=_("減輕後金額（元）"), required=False, help_text=_("僅「變更減輕」填寫。")
    )
    note = forms.CharField(label=_("說明"), required=False, max_length=300,
                           help_text=_("選「撤銷」時，此說明會作為公開的撤除公布說明；空白則顯示「原處分經訴願撤銷」。"))  # fmt: skip


# --- outreach ---------------------------------------------------------------------------------
class CounsellingForm(forms.Form):
    organization = OrganizationChoiceField(label=_("受輔導事業單位"))
    visited_on = LenientDateField(label=_("輔導日期"), help_text=DATE_HINT)
    topic = forms.CharField(label=_("輔導主題"), max_length=200)


class PartnershipForm(forms.Form):
    title = forms.CharField(label=_("名稱"), max_length=200)
    partners = forms.ModelMultipleChoiceField(
        label=_("合作夥伴"), queryset=Organization.objects.order_by("name", "id"),
        widget=forms.SelectMultiple(attrs={"size": 8}), help_text=_("可按住 Ctrl（Mac 為 Command）選擇多個。"),
    )  # fmt: skip
    signed_on = LenientDateField(label=_("簽署日期"), help_text=DATE_HINT)
    scope = forms.CharField(
        label=_("合作範圍"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AwardForm(forms.Form):
    organization = OrganizationChoiceField(label=_("獲獎事業單位"))
    name = forms.CharField(
        label=_("獎項"), max_length=100, help_text=_("例如：全國職業安全衛生五星獎。")
    )
    awarded_on = LenientDateField(label=_("獲獎日期"), help_text=DATE_HINT)
    note = forms.CharField(label=_("說明"), required=False, max_length=200)
