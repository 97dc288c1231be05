"""Forms of the job-redesign screens; the rules themselves live in :mod:`.services`."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hopehome.core.choices import OrganizationKind, Sex
from hopehome.core.forms import AmountField, LenientDateField, apply_errors  # noqa: F401  (re-exported)
from hopehome.core.models import Organization
from hopehome.core.validators import normalize_identifier

from .choices import ApplicantKind, ApplicationStatus, Category, Impairment, ItemDecision
from .services import MAX_ITEM_AMOUNT, MAX_ITEMS, money

DATE_HINT = _("可輸入西元或民國日期，例如 2019-12-17 或 108/12/17。")
YEAR_MIN, YEAR_MAX = 2013, 2100


def _options(choices, empty) -> list[tuple[str, Any]]:
    return [("", empty)] + list(choices)


def _nfkc(value: str | None) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


class FilterForm(forms.Form):
    """Filters of the application list."""

    number = forms.CharField(label=_("申請案號"), required=False, max_length=20,
                             widget=forms.TextInput(attrs={"type": "search"}))  # fmt: skip
    status = forms.ChoiceField(
        label=_("狀態"), required=False, choices=_options(ApplicationStatus.choices, _("全部"))
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
                              help_text=_("核定年度；尚未核定者依申請日期。"))  # fmt: skip
    category = forms.ChoiceField(
        label=_("補助類別"), required=False, choices=_options(Category.choices, _("全部"))
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"status": data["status"], "year": data["year"], "category": data["category"],
                "number": _nfkc(data["number"]).upper()}  # fmt: skip


def public_employers():
    """Government bodies, schools and the bureau's own units (registered without a UBN)."""
    return Organization.objects.filter(
        Q(is_bureau_unit=True) | Q(kind__in=(OrganizationKind.GOVERNMENT, OrganizationKind.SCHOOL))
    ).order_by("name")


class ApplicationForm(forms.Form):
    """The intake of an application from the paper or e-mail form."""

    applicant_kind = forms.ChoiceField(
        label=_("申請人類別"), choices=ApplicantKind.choices, widget=forms.RadioSelect
    )
    employer_ubn = forms.CharField(
        label=_("雇主統一編號"), required=False, max_length=20,
        help_text=_("8 位數字；已登錄的雇主以統一編號帶出。自營作業者免填。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    employer_name = forms.CharField(label=_("雇主名稱"), required=False, max_length=200,
                                    help_text=_("統一編號尚未登錄時填寫。"))  # fmt: skip
    employer = forms.ModelChoiceField(
        label=_("或選擇機關、學校"), required=False, queryset=Organization.objects.none(),
        empty_label=_("（非機關學校，免選）"),
        help_text=_("雇主為政府機關、學校或本局所屬單位時，可直接選擇。"),
    )  # fmt: skip
    id_number = forms.CharField(
        label=_("身心障礙者身分證字號／統一證號"), max_length=20,
        help_text=_("已登錄的民眾以證號帶出；尚未登錄者會同時建立民眾資料。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )  # fmt: skip
    name = forms.CharField(label=_("身心障礙者姓名"), max_length=100)
    birth_date = LenientDateField(label=_("出生日期"), required=False, help_text=DATE_HINT)
    sex = forms.ChoiceField(
        label=_("性別"), required=False, choices=_options(Sex.choices, _("（未填）"))
    )
    phone = forms.CharField(label=_("聯絡電話"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))  # fmt: skip
    impairment = forms.ChoiceField(
        label=_("障礙類型"), choices=_options(Impairment.choices, _("請選擇"))
    )
    certificate_number = forms.CharField(label=_("身心障礙證明字號"), max_length=40)
    certificate_valid_until = LenientDateField(label=_("證明有效期限"), required=False,
                                               help_text=_("證明上的重新鑑定日期；無期限者免填。"))  # fmt: skip
    job_title = forms.CharField(
        label=_("職務"), max_length=100, help_text=_("例如：電話服務員、文書、財產管理。")
    )
    workplace = forms.CharField(label=_("工作地點"), max_length=200)
    needs = forms.CharField(label=_("需求說明"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                            help_text=_("工作上遇到的困難，以及需要的輔具、人力協助或環境調整。"))  # fmt: skip
    submitted_on = LenientDateField(
        label=_("申請日期"), required=False, help_text=_("收件日期；空白為今天。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = public_employers()

    def clean_id_number(self) -> str:
        return normalize_identifier(self.cleaned_data.get("id_number"))

    def clean_employer_ubn(self) -> str:
        return normalize_identifier(self.cleaned_data.get("employer_ubn"))

    def clean_name(self) -> str:
        return _nfkc(self.cleaned_data.get("name"))

    def clean_phone(self) -> str:
        phone = (self.cleaned_data.get("phone") or "").strip()
        digits = "".join(ch for ch in phone if ch.isdigit())
        if phone and (not re.fullmatch(r"[0-9()#+\- ]+", phone) or not 7 <= len(digits) <= 15):
            raise ValidationError(_("電話號碼格式不正確（例如 06-2991111 或 0912345678）。"))
        return phone

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_kind")
        if (
            kind == ApplicantKind.EMPLOYER
            and not data.get("employer")
            and not data.get("employer_ubn")
        ):
            self.add_error("employer_ubn", _("請輸入雇主統一編號，或選擇機關、學校。"))
        if kind == ApplicantKind.EMPLOYER and data.get("employer") and data.get("employer_ubn"):
            self.add_error("employer", _("統一編號與機關學校請擇一填寫。"))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("employer") is None:
            data.pop("employer", None)
        return data


class ItemForm(forms.Form):
    """One requested item; blank rows are skipped."""

    category = forms.ChoiceField(
        label=_("補助類別"), choices=_options(Category.choices, _("請選擇"))
    )
    name = forms.CharField(
        label=_("項目"), max_length=100, help_text=_("例如：擴視機、螢幕報讀軟體、視力協助員。")
    )
    description = forms.CharField(label=_("說明"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("規格、數量、時數與單價等。"))  # fmt: skip
    amount_requested = AmountField(label=_("申請金額（元）"))

    def clean_amount_requested(self):
        amount = self.cleaned_data.get("amount_requested")
        if amount is not None and not 1 <= amount <= MAX_ITEM_AMOUNT:
            raise ValidationError(
                _("申請金額須介於 1 元至 %(max)s 元。") % {"max": money(MAX_ITEM_AMOUNT)}
            )
        return amount

    def clean_name(self) -> str:
        return _nfkc(self.cleaned_data.get("name"))


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.items():
            raise ValidationError(_("請至少填寫一個申請項目。"))

    def items(self) -> list[dict[str, Any]]:
        """The filled-in rows."""
        return [
            dict(f.cleaned_data)
            for f in self.forms
            if f.has_changed() and getattr(f, "cleaned_data", None)
        ]


def item_formset(data=None, *, rows: int | str | None = 3):
    try:
        rows = int(rows or 3)
    except (TypeError, ValueError):
        rows = 3
    rows = max(1, min(rows, MAX_ITEMS))
    factory = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=rows, max_num=MAX_ITEMS,
                                    validate_max=True)  # fmt: skip
    return factory(data, prefix="items")


DECISION_CHOICES = [(v, label) for v, label in ItemDecision.choices if v != ItemDecision.PENDING]


class DecisionForm(forms.Form):
    """The decision: for each item ``decision_<id>``, ``amount_<id>``, ``reason_<id>``."""

    decided_on = LenientDateField(label=_("核定日期"), required=False, help_text=_("空白為今天。"))
    reason = forms.CharField(label=_("審查意見"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("部分核定或不予核定時必填。"))  # fmt: skip
    cap_exception_reason = forms.CharField(
        label=_("超過上限之專案核准理由"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("僅局長可核准超過每人每年補助上限，並須記明理由。"),
    )  # fmt: skip

    def __init__(self, *args, items=(), allow_exception: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        if not allow_exception:
            del self.fields["cap_exception_reason"]
        for item in self.items:
            self.fields[f"decision_{item.pk}"] = forms.ChoiceField(
                label=_("「%(item)s」審查結果") % {"item": item.name}, choices=DECISION_CHOICES, widget=forms.RadioSelect,
            )  # fmt: skip
            self.fields[f"amount_{item.pk}"] = AmountField(
                label=_("「%(item)s」核減後金額（元）") % {"item": item.name}, required=False,
                help_text=_("僅「核減」時填寫；申請金額 %(amount)s 元。") % {"amount": money(item.amount_requested)},
            )  # fmt: skip
            self.fields[f"reason_{item.pk}"] = forms.CharField(
                label=_("「%(item)s」審查理由") % {"item": item.name}, required=False, max_length=200,
                help_text=_("核減或不予補助時必填。"),
            )  # fmt: skip

    def rows(self):
        return [(item, self[f"decision_{item.pk}"], self[f"amount_{item.pk}"], self[f"reason_{item.pk}"])
                for item in self.items]  # fmt: skip

    def clean(self):
        data = super().clean()
        for item in self.items:
            decision = data.get(f"decision_{item.pk}")
            amount = data.get(f"amount_{item.pk}")
            reason = (data.get(f"reason_{item.pk}") or "").strip()
            if decision == ItemDecision.REDUCED:
                if amount is None:
                    self.add_error(f"amount_{item.pk}", _("核減時請填寫核定金額。"))
                elif not 1 <= amount < item.amount_requested:
                    self.add_error(f"amount_{item.pk}", _("核減後金額須介於 1 元至 %(max)s 元。") % {
                        "max": money(item.amount_requested - 1)})  # fmt: skip
            if decision in (ItemDecision.REDUCED, ItemDecision.REJECTED) and not reason:
                self.add_error(f"reason_{item.pk}", _("核減或不予補助時，請說明理由。"))
        return data

    def decisions(self) -> dict[int, tuple[str, int | None, str]]:
        data = self.cleaned_data
        result = {}
        for item in self.items:
            decision = data[f"decision_{item.pk}"]
            amount = data.get(f"amount_{item.pk}") if decision == ItemDecision.REDUCED else None
            result[item.pk] = (decision, amount, data.get(f"reason_{item.pk}") or "")
        return result


class DisburseForm(forms.Form):
    amount = AmountField(label=_("撥款金額（元）"))
    on = LenientDateField(label=_("撥款日期"), help_text=DATE_HINT)


class StartForm(forms.Form):
    employment_start = LenientDateField(label=_("到職日期"), help_text=DATE_HINT)


class FollowUpForm(forms.Form):
    on = LenientDateField(label=_("追蹤日期"), help_text=DATE_HINT)
    employed_after_3_months = forms.TypedChoiceField(
        label=_("到職三個月後是否仍在職"), choices=[("yes", _("仍在職")), ("no", _("已離職"))],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(label=_("追蹤紀錄"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("已離職時必填：離職原因與後續協助。"))  # fmt: skip
