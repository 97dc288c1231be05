"""Back-office screens of job redesign, mounted at /staff/accommodation/ (``accommodation_staff``)."""

from django.urls import path

from .views import staff

urlpatterns = [
    path("", staff.application_list, name="list"),
    path("new/", staff.application_create, name="create"),
    path("follow-ups/", staff.follow_up_queue, name="follow_ups"),
    path("<int:pk>/", staff.application_detail, name="detail"),
    path("<int:pk>/review/", staff.start_review, name="review"),
    path("<int:pk>/items/new/", staff.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/", staff.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/delete/", staff.item_delete, name="item_delete"),
    path("<int:pk>/decide/", staff.decide, name="decide"),
    path("<int:pk>/disburse/", staff.disburse, name="disburse"),
    path("<int:pk>/start/", staff.record_start, name="start"),
    path("<int:pk>/follow-up/", staff.follow_up, name="follow_up"),
]
