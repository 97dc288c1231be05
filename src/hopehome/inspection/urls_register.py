"""The public violations register (namespace ``register``, mounted at /violations/)."""

from django.urls import path

from .views import register

urlpatterns = [
    path("", register.search, name="search"),
    path("units/<int:org_id>/", register.unit, name="unit"),
    path("name/", register.by_name, name="name"),
    path("statistics/", register.statistics_latest, name="statistics_latest"),
    path("statistics/<int:year>/", register.statistics, name="statistics"),
    path("download/<str:fmt>/", register.download, name="download"),
    path("data-dictionary/", register.dictionary, name="dictionary"),
]
