"""Staff screens of program 5, mounted at /staff/inspection/ (namespace ``inspection_staff``)."""

from django.urls import path

from .views import staff

urlpatterns = [
    path("", staff.inspections, name="inspections"),
    path("new/", staff.plan, name="plan"),
    path("<int:pk>/", staff.detail, name="detail"),
    path("<int:pk>/record/", staff.record, name="record"),
    path("<int:pk>/notice/", staff.notice, name="notice"),
    path("<int:pk>/penalty/", staff.decide, name="decide"),
    path("<int:pk>/follow-up/", staff.follow_up, name="follow_up"),
    path("<int:pk>/close/", staff.close, name="close"),
    path("penalties/", staff.penalties, name="penalties"),
    path("penalties/<int:pk>/", staff.penalty, name="penalty"),
    path("penalties/<int:pk>/publish/", staff.publish, name="publish"),
    path("penalties/<int:pk>/withdraw/", staff.withdraw, name="withdraw"),
    path("penalties/<int:pk>/events/", staff.event, name="event"),
    path("counselling/", staff.counselling, name="counselling"),
    path("counselling/new/", staff.counselling_new, name="counselling_new"),
    path("partnerships/", staff.partnerships, name="partnerships"),
    path("partnerships/new/", staff.partnership_new, name="partnership_new"),
    path("awards/", staff.awards, name="awards"),
    path("awards/new/", staff.award_new, name="award_new"),
]
