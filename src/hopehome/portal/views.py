"""Public portal views and error pages."""

from django.shortcuts import render


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", {"message": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


# --- public pages -----------------------------------------------------------------------------
from django.urls import NoReverseMatch, reverse  # noqa: E402

from .programs import PROGRAMS  # noqa: E402


def home(request):
    """The four pillars and ten programs; a program links once its app is built."""
    pillars: dict[str, dict] = {}
    for program in PROGRAMS:
        url = None
        if program.url_name:
            try:
                url = reverse(program.url_name)
            except NoReverseMatch:
                url = None
        pillar = pillars.setdefault(program.pillar, {"title": program.pillar_title, "programs": []})
        pillar["programs"].append({"program": program, "url": url})
    return render(request, "portal/home.html", {"pillars": pillars.values()})


def accessibility(request):
    return render(request, "portal/accessibility.html")


def privacy(request):
    return render(request, "portal/privacy.html")
