"""Back-office screens of program 1, mounted at /staff/training/ (namespace ``training_staff``).

Fixed paths come before the course-code patterns. A course code may contain any character (codes
come from rosters too) but never starts the address with ``import``, which belongs to the roster
upload mounted beside these screens.
"""

from django.urls import path, re_path

from .views import staff

CODE = r"(?P<code>(?!import(?:/|$)).+)"

urlpatterns = [
    path("", staff.courses, name="courses"),
    path("new/", staff.course_create, name="course_create"),
    path("ttqs/", staff.ttqs, name="ttqs"),
    path("ttqs/new/", staff.ttqs_create, name="ttqs_create"),
    path("ttqs/bands/", staff.ttqs_bands, name="ttqs_bands"),
    path("figures/", staff.figures, name="figures"),
    path("enrollments/<int:pk>/outcome/", staff.enrollment_outcome, name="enrollment_outcome"),
    path("enrollments/<int:pk>/followup/", staff.followup, name="followup"),
    re_path(
        r"^enrollments/(?P<pk>[0-9]+)/(?P<action>admit|waitlist|withdraw|attend)/$",
        staff.enrollment_action,
        name="enrollment_action",
    ),
    re_path(rf"^{CODE}/edit/$", staff.course_edit, name="course_edit"),
    re_path(rf"^{CODE}/$", staff.course_detail, name="course_detail"),
]
