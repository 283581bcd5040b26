from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_edit, name="create"),
    path("<int:meeting>/", views.meeting_detail, name="detail"),
    path("<int:meeting>/edit/", views.meeting_edit, name="edit"),
]
