"""Public pages of program 8, mounted at /casework/ (namespace ``casework``)."""

from django.urls import path

from .views import portal

urlpatterns = [path("", portal.index, name="index")]
