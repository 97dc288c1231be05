"""Public accounts of the job app: sign-in, sign-out and job seeker sign-up.

Seekers and employers sign in here with their e-mail address. After sign-in each kind of user
lands on their own home: employers on the employer dashboard, bureau staff on the back office,
seekers on the page they were going to (``next``) or the job search.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from hopehome.core.permissions import staff_profile

from .. import services
from ..forms_portal import LoginForm, SignupForm, apply_errors

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request, value: str | None) -> str | None:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None


def home_url_for(request, user, next_url: str | None = None) -> str:
    """Where a user goes after signing in: their own area, or ``next`` within it."""
    next_url = _safe_next(request, next_url)
    if staff_profile(user) is not None:
        if next_url and next_url.startswith("/staff/"):
            return next_url
        return reverse("staff:dashboard")
    if services.employer_account(user) is not None:
        if next_url and next_url.startswith("/employer/"):
            return next_url
        return reverse("employer:dashboard")
    return next_url or reverse("jobs:search")


def seeker_required(view):
    """Only a signed-in job seeker reaches the view; it receives the seeker's profile.

    Anonymous visitors are sent to sign in (and back); an employer or staff account gets a 403
    that says these pages are for job seekers.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("jobs:login"))
        seeker = services.seeker_profile(request.user)
        if seeker is None:
            raise PermissionDenied(_("此功能僅供求職者帳號使用，請以求職者帳號登入。"))
        return view(request, seeker, *args, **kwargs)

    return wrapped


class SeekerLoginView(LoginView):
    form_class = LoginForm
    template_name = "jobs/accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self):
        return home_url_for(self.request, self.request.user, self.get_redirect_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


login = SeekerLoginView.as_view()


def logout(request):
    """GET asks for confirmation; POST signs out (and the app's offline copy is cleared)."""
    if request.method == "POST":
        auth_logout(request)
        messages.success(request, _("您已登出。"))
        return redirect("jobs:search")
    if not request.user.is_authenticated:
        return redirect("jobs:search")
    return render(request, "jobs/accounts/logout.html")


def signup(request):
    """A job seeker's account: e-mail, password twice, name, phone and (optional) birth date."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(home_url_for(request, request.user, next_url))
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                seeker = services.register_seeker(
                    email=data["email"], password=data["password1"], display_name=data["display_name"],
                    phone=data["phone"], birth_date=data["birth_date"],
                )  # fmt: skip
            except ValidationError as e:
                if hasattr(e, "error_dict") and "password" in e.error_dict:
                    e.error_dict["password1"] = e.error_dict.pop("password")
                apply_errors(form, e)
            else:
                auth_login(request, seeker.user, backend=BACKEND)
                messages.success(
                    request, _("帳號已建立，歡迎使用台南工作好找。填寫個人資料後即可查看推薦職缺。")
                )
                return redirect(next_url or reverse("jobs:profile"))
        status = 400
    return render(
        request, "jobs/accounts/signup.html", {"form": form, "next": next_url or ""}, status=status
    )
