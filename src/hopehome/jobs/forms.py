"""Forms of the job-matching app used by employers and by staff.

The forms parse and label input; business rules (minimum wage, posting period, allowed status
moves, permissions) are checked by :mod:`hopehome.jobs.services` and shown on the form with
:func:`hopehome.core.forms.apply_errors`.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hopehome.core.forms import LenientDateField, apply_errors  # noqa: F401  (re-exported)
from hopehome.core.models import District, Industry, Organization
from hopehome.core.text import fold, join_list
from hopehome.core.validators import normalize_identifier, validate_ubn

from .choices import ApplicationStatus, RefusalReason, VacancyStatus
from .models import ACCESS_FEATURES, FRIENDLY_FLAGS, Vacancy
from .services import VACANCY_FIELDS

DATE_HINT = _("可輸入西元或民國日期，例如 2019-12-17 或 108/12/17。")
PHONE_PATTERN = re.compile(r"[0-9()#+\- ]{7,20}")


def _phone(value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if value and not PHONE_PATTERN.fullmatch(value):
        raise ValidationError(_("電話號碼格式不正確，例如 0912-345-678 或 06-2982334。"))
    if required and not value:
        raise ValidationError(_("請填寫聯絡電話。"))
    return value


# --- vacancies ------------------------------------------------------------------------------
class VacancyForm(forms.ModelForm):
    """The editable fields of a vacancy, grouped in fieldsets for the page."""

    # Groups shown as <fieldset>s, in page order: (legend, field names).
    GROUPS = (
        (
            _("職缺內容"),
            ("title", "occupation", "industry", "employment_type", "description", "requirements"),
        ),
        (_("工作地點"), ("district", "address")),
        (_("薪資與工時"), ("salary_type", "salary_min", "salary_max", "working_hours", "openings")),
        (_("友善職場標示"), tuple(name for name, _label in FRIENDLY_FLAGS)),
        (_("無障礙與職場調整"), tuple(name for name, _label in ACCESS_FEATURES)),
        (_("聯絡方式"), ("contact_name", "contact_phone", "contact_email")),
        (_("刊登期間"), ("posted_on", "expires_on")),
    )
    GROUP_HINTS = {
        3: _("勾選適用的項目，求職者可依此篩選職缺。"),
        4: _("說明工作場所與工作方式提供的協助，方便身心障礙與視障求職者判斷。"),
        6: _("截止日期須晚於刊登日期，且最長為刊登後 60 天。"),
    }

    posted_on = LenientDateField(label=_("刊登日期"), help_text=DATE_HINT)
    expires_on = LenientDateField(label=_("截止日期"), help_text=DATE_HINT)

    class Meta:
        model = Vacancy
        fields = list(VACANCY_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "salary_min": _(
                "新臺幣元；月薪或時薪依上方「計薪方式」。不得低於刊登日適用的基本工資。"
            ),
            "salary_max": _("可留空。"),
            "requirements": _(
                "請描述工作需要的能力與證照；不得以性別、年齡、容貌、婚姻等與工作無關的條件限制求職者（就業服務法第5條）。"
            ),
            "working_hours": _("例如「週一至週五 09:00–18:00」或「輪班，每班 8 小時」。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "district" in self.fields:
            self.fields["district"].queryset = District.objects.filter(is_active=True)
        if "industry" in self.fields:
            self.fields["industry"].queryset = Industry.objects.all()
        for name in ("salary_min", "salary_max", "openings"):
            if name in self.fields:
                self.fields[name].widget.attrs.setdefault("inputmode", "numeric")

    def clean_contact_phone(self):
        return _phone(self.cleaned_data.get("contact_phone"), required=False)

    def fieldsets(self) -> list[dict]:
        """Each group as {"legend", "hint", "fields": [bound fields]} with the fields it has."""
        groups = []
        for index, (legend, names) in enumerate(self.GROUPS):
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                groups.append(
                    {"legend": legend, "hint": self.GROUP_HINTS.get(index, ""), "fields": fields}
                )
        return groups

    def service_data(self) -> dict:
        """The cleaned values keyed by model field name, for ``services.save_vacancy``."""
        return {name: self.cleaned_data.get(name) for name in self.fields if name in VACANCY_FIELDS}

    def _post_clean(self):
        """No model validation here: the vacancy's rules are the service's (one message, one
        place)."""


class StaffVacancyForm(VacancyForm):
    """A vacancy staff post for an employer, found by UBN or name."""

    organization = forms.CharField(
        label=_("事業單位（統一編號或名稱）"), max_length=200,
        help_text=_("輸入 8 位數統一編號，或完整的事業單位名稱。"),
    )  # fmt: skip

    field_order = ["organization"]

    def clean_organization(self) -> Organization:
        text = (self.cleaned_data.get("organization") or "").strip()
        ubn = normalize_identifier(text)
        if re.fullmatch(r"\d{8}", ubn):
            org = Organization.objects.filter(ubn=ubn).first()
            if org is None:
                raise ValidationError(
                    _("查無統一編號 %(ubn)s 的事業單位；請先在「機構」建立資料。"),
                    params={"ubn": ubn},
                )
            return org
        key = fold(text)
        exact = list(Organization.objects.filter(name_key=key)[:2])
        if len(exact) == 1:
            return exact[0]
        matches = list(
            Organization.objects.filter(name_key__contains=key).order_by("name", "id")[:6]
        )
        if len(matches) == 1 and not exact:
            return matches[0]
        if not matches:
            raise ValidationError(
                _("查無名稱含「%(name)s」的事業單位。"), params={"name": text[:50]}
            )
        listed = join_list(f"{o.name}（{o.ubn or '—'}）" for o in matches[:5])
        raise ValidationError(
            _("有多個事業單位符合「%(name)s」：%(list)s。請改輸入統一編號。"),
            params={"name": text[:50], "list": listed},
        )


# --- review ---------------------------------------------------------------------------------
class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("審核說明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("職缺有就業歧視檢查提示時必填：說明為何不構成歧視，或已請雇主修正。"),
    )  # fmt: skip


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("雇主會看到這段說明，請寫明需要修正的地方。"),
        error_messages={"required": _("請填寫退回原因。")},
    )  # fmt: skip

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("請填寫退回原因。"))
        return reason


# --- applications ---------------------------------------------------------------------------
NEXT_APPLICATION_STATUSES = {
    ApplicationStatus.NEW: (ApplicationStatus.PROCESSING, ApplicationStatus.INTERVIEW, ApplicationStatus.HIRED, ApplicationStatus.REFUSED),
    ApplicationStatus.PROCESSING: (ApplicationStatus.INTERVIEW, ApplicationStatus.HIRED, ApplicationStatus.REFUSED),
    ApplicationStatus.INTERVIEW: (ApplicationStatus.HIRED, ApplicationStatus.REFUSED),
}  # fmt: skip


class ApplicationStatusForm(forms.Form):
    """Move an application on: processing, interview (with a time), hired, or refused (coded reason)."""

    status = forms.ChoiceField(label=_("新的狀態"), widget=forms.RadioSelect)
    interview_at = forms.DateTimeField(
        label=_("面試時間"), required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("狀態為「面試」時填寫，例如 2019-12-17 14:30。"),
    )  # fmt: skip
    hired_on = LenientDateField(label=_("錄取日期"), required=False, help_text=_("留空表示今天。"))
    refusal_reason = forms.ChoiceField(label=_("未錄取原因"), required=False)
    refusal_note = forms.CharField(
        label=_("未錄取說明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    show_reason_to_seeker = forms.BooleanField(label=_("讓求職者看到未錄取原因"), required=False)
    note = forms.CharField(
        label=_("處理備註"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = NEXT_APPLICATION_STATUSES.get(current, ())
        labels = dict(ApplicationStatus.choices)
        self.fields["status"].choices = [(s.value, labels[s.value]) for s in allowed]
        self.fields["refusal_reason"].choices = [("", _("請選擇")), *RefusalReason.choices]

    @property
    def is_available(self) -> bool:
        return bool(self.fields["status"].choices)

    def clean(self):
        data = super().clean()
        if data.get("status") == ApplicationStatus.REFUSED and not data.get("refusal_reason"):
            self.add_error("refusal_reason", _("未錄取時請選擇原因。"))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "interview_at": data.get("interview_at"),
            "hired_on": data.get("hired_on"),
            "refusal_reason": data.get("refusal_reason") or "",
            "refusal_note": data.get("refusal_note") or "",
            "show_reason_to_seeker": bool(data.get("show_reason_to_seeker")),
            "note": data.get("note") or "",
        }


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("應徵狀態"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部狀態")), *ApplicationStatus.choices]

    def status_value(self) -> str:
        return self.cleaned_data.get("status", "") if self.is_valid() else ""


class VacancyFilterForm(forms.Form):
    q = forms.CharField(label=_("職稱、事業單位或統一編號"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("狀態"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部狀態")), *VacancyStatus.choices]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "status": ""}
        return {"q": self.cleaned_data["q"].strip(), "status": self.cleaned_data["status"]}


# --- seekers --------------------------------------------------------------------------------
class SeekerSearchForm(forms.Form):
    q = forms.CharField(label=_("姓名或電子郵件"), required=False, max_length=100)


class SeekerNoteForm(forms.Form):
    text = forms.CharField(
        label=_("服務紀錄"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("請填寫紀錄內容。")},
    )  # fmt: skip

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("請填寫紀錄內容。"))
        return text


class ReferralForm(forms.Form):
    """Refer a seeker to a vacancy, given by its number (shown on every vacancy page)."""

    vacancy = forms.IntegerField(
        label=_("職缺編號"), min_value=1, help_text=_("職缺頁面標題下方的編號。"),
        error_messages={"required": _("請輸入職缺編號。"), "invalid": _("職缺編號應為數字。"),
                        "min_value": _("職缺編號應為正整數。")},
    )  # fmt: skip
    note = forms.CharField(
        label=_("推介說明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_vacancy(self) -> Vacancy:
        number = self.cleaned_data["vacancy"]
        vacancy = Vacancy.objects.select_related("employer").filter(pk=number).first()
        if vacancy is None:
            raise ValidationError(_("查無編號 %(number)s 的職缺。"), params={"number": number})
        return vacancy


# --- advice ---------------------------------------------------------------------------------
class AdviceAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("回覆內容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("回覆會以電子郵件寄給求職者，並顯示在 App 的諮詢紀錄。"),
        error_messages={"required": _("請填寫回覆內容。")},
    )  # fmt: skip

    def clean_answer(self):
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise ValidationError(_("請填寫回覆內容。"))
        return answer


class AdviceFilterForm(forms.Form):
    VIEWS = (("open", _("待回覆")), ("overdue", _("已逾期")), ("answered", _("已回覆")))
    view = forms.ChoiceField(label=_("檢視"), required=False, choices=VIEWS)

    def view_value(self) -> str:
        return (self.cleaned_data.get("view") or "open") if self.is_valid() else "open"


# --- employer sign-up -----------------------------------------------------------------------
class EmployerSignupForm(forms.Form):
    """An employer account: the organization (by UBN), its contact person and a password."""

    ubn = forms.CharField(
        label=_("統一編號"), max_length=20, help_text=_("8 位數字，例如 04595257。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    organization_name = forms.CharField(
        label=_("事業單位名稱"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    contact_name = forms.CharField(
        label=_("聯絡人姓名"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("聯絡電話"), max_length=30, help_text=_("例如 06-2982334 或 0912-345-678。"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    email = forms.EmailField(
        label=_("電子郵件"), help_text=_("登入帳號，也用來接收應徵通知。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )  # fmt: skip
    district = forms.ModelChoiceField(
        label=_("所在行政區"), required=False, queryset=District.objects.filter(is_active=True),
        empty_label=_("請選擇"),
    )  # fmt: skip
    industry = forms.ModelChoiceField(
        label=_("行業"), required=False, queryset=Industry.objects.all(), empty_label=_("請選擇")
    )
    address = forms.CharField(
        label=_("地址"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )  # fmt: skip
    password1 = forms.CharField(
        label=_("密碼"), strip=False, help_text=_("至少 8 個字元，不要只用數字。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )  # fmt: skip
    password2 = forms.CharField(
        label=_("再輸入一次密碼"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_ubn(self) -> str:
        ubn = normalize_identifier(self.cleaned_data.get("ubn"))
        validate_ubn(ubn)
        return ubn

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data.get("phone"), required=True)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("兩次輸入的密碼不一致。"))
        elif p1:
            try:
                validate_password(p1)
            except ValidationError as e:
                self.add_error("password1", e)
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "email": data["email"],
            "password": data["password1"],
            "ubn": data["ubn"],
            "organization_name": data["organization_name"].strip(),
            "contact_name": data["contact_name"].strip(),
            "phone": data["phone"],
            "district": data.get("district"),
            "industry": data.get("industry"),
            "address": (data.get("address") or "").strip(),
        }
