"""Staff screens of occupational-injury cases, mounted at /staff/cases/ (namespace ``cases``)."""

from django.urls import path, re_path

from .views import cases

urlpatterns = [
    path("", cases.queue, name="queue"),
    path("team/", cases.team, name="team"),
    path("new/", cases.create, name="create"),
    path("rates/", cases.rates, name="rates"),
    path("<int:pk>/", cases.detail, name="detail"),
    path("<int:pk>/edit/", cases.edit, name="edit"),
    path("<int:pk>/services/new/", cases.add_service, name="service"),
    path("<int:pk>/contacts/new/", cases.add_contact, name="contact"),
    path("<int:pk>/export/", cases.export, name="export"),
    path("<int:pk>/log/", cases.access_log, name="access_log"),
    re_path(r"^(?P<pk>[0-9]+)/(?P<action>advance|request_closure|approve|return|reopen)/$", cases.action, name="action"),
]
