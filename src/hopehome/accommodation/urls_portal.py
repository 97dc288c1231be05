"""Public pages of job redesign, mounted at /accommodation/ (namespace ``accommodation``)."""

from django.urls import path

from .views import portal

urlpatterns = [path("", portal.index, name="index")]
