"""View decorators for the back office."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .permissions import has_perm, staff_profile


def staff_required(perm: str | None = None):
    """Only signed-in bureau staff (holding ``perm`` if given) reach the view."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if staff_profile(request.user) is None:
                raise PermissionDenied(_("此頁面僅供勞工局同仁使用。"))
            if perm and not has_perm(request.user, perm):
                raise PermissionDenied(_("您沒有執行此項作業的權限。"))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
