"""Back-office screens of the job-matching app, mounted at /staff/jobs/ (namespace ``jobs_staff``)."""

from django.urls import path

from .views import staff

urlpatterns = [
    path("", staff.review_queue, name="review_queue"),
    path("vacancies/", staff.vacancies, name="vacancies"),
    path("vacancies/new/", staff.vacancy_new, name="vacancy_new"),
    path("vacancies/<int:pk>/", staff.vacancy_detail, name="vacancy"),
    path("vacancies/<int:pk>/edit/", staff.vacancy_edit, name="vacancy_edit"),
    path("vacancies/<int:pk>/submit/", staff.vacancy_submit, name="vacancy_submit"),
    path("vacancies/<int:pk>/publish/", staff.vacancy_publish, name="vacancy_publish"),
    path("vacancies/<int:pk>/reject/", staff.vacancy_reject, name="vacancy_reject"),
    path("vacancies/<int:pk>/close/", staff.vacancy_close, name="vacancy_close"),
    path("employers/", staff.employers, name="employers"),
    path("employers/<int:pk>/verify/", staff.employer_verify, name="employer_verify"),
    path("seekers/", staff.seekers, name="seekers"),
    path("seekers/<int:pk>/", staff.seeker_detail, name="seeker"),
    path("seekers/<int:pk>/notes/", staff.seeker_note, name="seeker_note"),
    path("seekers/<int:pk>/refer/", staff.seeker_refer, name="seeker_refer"),
    path("applications/", staff.applications, name="applications"),
    path("advice/", staff.advice_queue, name="advice_queue"),
    path("advice/<int:pk>/", staff.advice_answer, name="advice_answer"),
]
