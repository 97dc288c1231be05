"""Back-office screens of housing repair, mounted at /staff/housing/ (namespace ``housing``)."""

from django.urls import path

from .views import files, housing

urlpatterns = [
    path("", housing.application_list, name="list"),
    path("new/", housing.application_create, name="create"),
    path("teams/", housing.teams, name="teams"),
    path("files/<int:pk>/", files.attachment, name="attachment"),
    path("<int:pk>/", housing.application_detail, name="detail"),
    path("<int:pk>/survey/", housing.survey, name="survey"),
    path("<int:pk>/decide/", housing.decide, name="decide"),
    path("<int:pk>/workday/", housing.work_day, name="workday"),
    path("<int:pk>/costs/", housing.costs, name="costs"),
    path("<int:pk>/complete/", housing.complete, name="complete"),
    path("<int:pk>/upload/", housing.upload, name="upload"),
]
