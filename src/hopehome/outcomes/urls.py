"""Public outcomes pages: the latest year, and every indicator of a chosen year."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year, name="year"),
]
