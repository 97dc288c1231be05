from django.contrib.auth import views as auth_views
from django.urls import path

from . import views_staff

urlpatterns = [
    path("", views_staff.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(template_name="staff/login.html", redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("people/", views_staff.people, name="people"),
    path("people/<int:pk>/", views_staff.person_detail, name="person"),
    path("people/<int:pk>/edit/", views_staff.person_edit, name="person_edit"),
    path("people/<int:pk>/audit/", views_staff.person_audit, name="person_audit"),
    path("outcomes/<str:key>/<int:year>/", views_staff.indicator_drilldown, name="indicator_drilldown"),
    path("organizations/", views_staff.organizations, name="organizations"),
    path("organizations/new/", views_staff.organization_form, name="organization_create"),
    path("organizations/<int:pk>/edit/", views_staff.organization_form, name="organization_edit"),
]
