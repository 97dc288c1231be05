"""Staff upload of training rosters (namespace ``training_import``)."""

from django.urls import path

from .views import imports

urlpatterns = [path("", imports.upload, name="upload")]
