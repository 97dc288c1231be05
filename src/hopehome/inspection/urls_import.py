"""Staff upload of the Ministry of Labor's violation open data (namespace ``inspection_import``)."""

from django.urls import path

from .views import imports

urlpatterns = [
    path("", imports.upload, name="upload"),
    path("rejects.csv", imports.rejects, name="rejects"),
]
