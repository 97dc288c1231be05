"""Forms of the job seeker app (台南工作好找): sign-in, sign-up, profile, applying and advice.

The search form itself lives in :mod:`hopehome.jobs.queries` (``VacancySearchForm``).
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hopehome.core.forms import LenientDateField, apply_errors
from hopehome.core.models import District, TargetGroup

from .choices import AdviceTopic, EmploymentType, Occupation

__all__ = [
    "AdviceForm",
    "ApplyForm",
    "LoginForm",
    "SaveSearchForm",
    "SeekerProfileForm",
    "SignupForm",
    "apply_errors",
]

PHONE_RE = re.compile(r"[0-9()#+\- ]{7,20}")


def _clean_phone(value: str) -> str:
    phone = (value or "").strip()
    if phone and not PHONE_RE.fullmatch(phone):
        raise ValidationError(_("電話號碼格式不正確，例如 0912-345-678 或 06-2982334。"))
    return phone


class LoginForm(AuthenticationForm):
    """Sign-in with the e-mail address as the user name (compared in lower case)."""

    username = forms.CharField(
        label=_("電子郵件"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("密碼"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("電子郵件或密碼不正確，請再試一次。密碼須區分大小寫。"),
        "inactive": _("此帳號已停用，請洽臺南市政府勞工局。"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("電子郵件")
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].error_messages["required"] = _("請輸入電子郵件。")
        self.fields["password"].error_messages["required"] = _("請輸入密碼。")

    def clean_username(self):
        return (self.cleaned_data.get("username") or "").strip().lower()


class SignupForm(forms.Form):
    """A job seeker's new account; the account itself is created by ``services.register_seeker``."""

    email = forms.EmailField(
        label=_("電子郵件"),
        max_length=254,
        help_text=_("登入時使用，也用來通知您應徵進度與新職缺。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("請輸入電子郵件。"),
            "invalid": _("請輸入有效的電子郵件地址，例如 name@example.com。"),
        },
    )
    password1 = forms.CharField(
        label=_("密碼"),
        strip=False,
        help_text=_("至少 8 個字元，不可全為數字，也不要使用常見的密碼。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("請輸入密碼。")},
    )
    password2 = forms.CharField(
        label=_("再輸入一次密碼"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("請再輸入一次密碼。")},
    )
    display_name = forms.CharField(
        label=_("姓名"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("請輸入姓名。")},
    )
    phone = forms.CharField(
        label=_("電話"),
        max_length=30,
        required=False,
        help_text=_("選填，例如 0912-345-678。"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    birth_date = LenientDateField(
        label=_("出生日期"),
        required=False,
        help_text=_(
            "選填。可輸入西元或民國日期，例如 2000-05-01 或 89/05/01；用於推薦青年與中高齡友善職缺。"
        ),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"autocomplete": "bday"}),
    )

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone"))

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("兩次輸入的密碼不一致。"))
        elif first:
            try:
                from django.contrib.auth import get_user_model

                probe = get_user_model()(
                    username=data.get("email") or "", email=data.get("email") or ""
                )
                password_validation.validate_password(first, probe)
            except ValidationError as e:
                self.add_error("password1", e.messages)
        return data


class SeekerProfileForm(forms.Form):
    """The seeker's own profile; the fields carry the model's names for ``update_seeker_profile``."""

    display_name = forms.CharField(
        label=_("姓名"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label=_("電話"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )  # fmt: skip
    birth_date = LenientDateField(
        label=_("出生日期"), required=False,
        help_text=_("可輸入西元或民國日期，例如 2000-05-01 或 89/05/01。"),
    )  # fmt: skip
    desired_occupations = forms.MultipleChoiceField(
        label=_("希望職類"),
        required=False,
        choices=Occupation.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    desired_districts = forms.ModelMultipleChoiceField(
        label=_("希望工作地區"), required=False, queryset=District.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    desired_types = forms.MultipleChoiceField(
        label=_("希望工作性質"),
        required=False,
        choices=EmploymentType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    desired_salary = forms.IntegerField(
        label=_("希望月薪（下限，新臺幣元）"), required=False, min_value=0, max_value=10_000_000,
        help_text=_("時薪工作以每月 174 小時換算比較。"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("請輸入整數金額，例如 30000。"), "min_value": _("金額不可為負數。")},
    )  # fmt: skip
    skills = forms.CharField(
        label=_("專長與證照"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：丙級電腦軟體應用、堆高機操作、日語檢定 N2。"),
    )  # fmt: skip
    target_groups = forms.ModelMultipleChoiceField(
        label=_("身分別（選填，用於推薦友善職缺）"), required=False, queryset=TargetGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    needs_step_free = forms.BooleanField(label=_("需要無障礙通行"), required=False)
    needs_screen_reader = forms.BooleanField(label=_("需要螢幕報讀相容的工作工具"), required=False)
    needs_assistive_devices = forms.BooleanField(label=_("需要輔具"), required=False)
    needs_flexible_hours = forms.BooleanField(label=_("需要彈性工時"), required=False)
    accommodation_notes = forms.CharField(
        label=_("其他職場調整需求"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：需要擴視機、點字觸摸顯示器或視力協助員。可申請職務再設計補助。"),
    )  # fmt: skip
    digest_enabled = forms.BooleanField(
        label=_("以電子郵件通知符合我儲存搜尋的新職缺"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desired_districts"].queryset = District.objects.filter(
            is_active=True
        ).order_by("postcode")
        self.fields["target_groups"].queryset = TargetGroup.objects.order_by("sort_order", "code")

    @classmethod
    def initial_for(cls, seeker) -> dict:
        return {
            "display_name": seeker.display_name,
            "phone": seeker.phone,
            "birth_date": seeker.birth_date,
            "desired_occupations": list(seeker.desired_occupations or []),
            "desired_districts": list(seeker.desired_districts.all()),
            "desired_types": list(seeker.desired_types or []),
            "desired_salary": seeker.desired_salary,
            "skills": seeker.skills,
            "target_groups": list(seeker.target_groups.all()),
            "needs_step_free": seeker.needs_step_free,
            "needs_screen_reader": seeker.needs_screen_reader,
            "needs_assistive_devices": seeker.needs_assistive_devices,
            "needs_flexible_hours": seeker.needs_flexible_hours,
            "accommodation_notes": seeker.accommodation_notes,
            "digest_enabled": seeker.digest_enabled,
        }

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone"))

    def profile_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["desired_districts"] = list(data.get("desired_districts") or [])
        data["target_groups"] = list(data.get("target_groups") or [])
        return data


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("給雇主的訊息"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "選填，最多 2,000 字。可簡述經歷、可上班時間，或需要的職場調整（例如螢幕報讀軟體）。"
        ),
        error_messages={"max_length": _("訊息最多 %(limit_value)d 字（目前 %(show_value)d 字）。")},
    )


class SaveSearchForm(forms.Form):
    name = forms.CharField(
        label=_("搜尋名稱"),
        max_length=100,
        help_text=_("例如：東區門市兼職。有符合的新職缺時會以電子郵件通知您。"),
        error_messages={"required": _("請為這個搜尋取個名稱。")},
    )
    query = forms.CharField(required=False, widget=forms.HiddenInput)


class AdviceForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("主題"),
        choices=[("", _("請選擇主題"))] + list(AdviceTopic.choices),
        error_messages={"required": _("請選擇主題。"), "invalid_choice": _("請從清單中選擇主題。")},
    )
    question = forms.CharField(
        label=_("您的問題"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("就業服務人員會在 3 個工作天內回覆。請勿填寫身分證字號等敏感資料。"),
        error_messages={
            "required": _("請輸入您的問題。"),
            "max_length": _("問題最多 %(limit_value)d 字。"),
        },
    )
