from .permissions import has_perm, staff_profile


def staff(request):
    profile = staff_profile(getattr(request, "user", None))
    return {
        "staff_profile": profile,
        "can_view_audit": bool(profile) and has_perm(request.user, "core.view_audit"),
    }
