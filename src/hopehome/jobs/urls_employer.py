"""Employer pages, mounted at /employer/ (namespace ``employer``)."""

from django.urls import path

from .views import employer

urlpatterns = [
    path("", employer.dashboard, name="dashboard"),
    path("signup/", employer.signup, name="signup"),
    path("vacancies/new/", employer.vacancy_new, name="vacancy_new"),
    path("vacancies/<int:pk>/", employer.vacancy_submit, name="vacancy_submit"),
    path("vacancies/<int:pk>/edit/", employer.vacancy_edit, name="vacancy_edit"),
    path("vacancies/<int:pk>/close/", employer.vacancy_close, name="vacancy_close"),
    path("vacancies/<int:pk>/applications/", employer.applications, name="applications"),
    path("applications/<int:pk>/", employer.application, name="application"),
]
