"""Public pages of program 1, mounted at /training/ (namespace ``training``).

A course code may contain any character, a slash included (codes come from rosters too).
"""

from django.urls import path, re_path

from .views import portal

urlpatterns = [
    path("", portal.catalogue, name="catalogue"),
    path("applied/<str:confirmation_number>/", portal.confirmation, name="confirmation"),
    re_path(r"^(?P<code>.+)/apply/$", portal.apply, name="apply"),
    re_path(r"^(?P<code>.+)/$", portal.course_detail, name="detail"),
]
