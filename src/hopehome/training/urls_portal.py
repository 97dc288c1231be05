"""Public pages of program 1, mounted at /training/ (namespace ``training``)."""

from django.urls import path

from .views import portal

urlpatterns = [
    path("", portal.catalogue, name="catalogue"),
    path("applied/<str:confirmation_number>/", portal.confirmation, name="confirmation"),
    path("<str:code>/", portal.course_detail, name="detail"),
    path("<str:code>/apply/", portal.apply, name="apply"),
]
