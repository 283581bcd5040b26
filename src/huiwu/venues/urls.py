from django.urls import path

from . import views

app_name = "venues"

urlpatterns = [
    path("", views.venue_list, name="list"),
    path("new/", views.venue_edit, name="create"),
    path("weights/", views.weights, name="weights"),
    path("export.xlsx", views.catalogue_export, name="export"),
    path("import/", views.catalogue_import, name="import"),
    path("<int:venue>/", views.venue_detail, name="detail"),
    path("<int:venue>/edit/", views.venue_edit, name="edit"),
    path("<int:venue>/files/", views.venue_file_add, name="file-add"),
    path("<int:venue>/files/<int:file>/", views.venue_file, name="file"),
    path("<int:venue>/rooms/new/", views.room_edit, name="room-create"),
    path("<int:venue>/rooms/<int:room>/", views.room_edit, name="room-edit"),
    path("for/<int:meeting>/", views.meeting_venues, name="meeting"),
    path("for/<int:meeting>/<int:evaluation>/choose/", views.choose, name="choose"),
    path("for/<int:meeting>/gaps/", views.gaps_to_tasks, name="gaps-to-tasks"),
    path("for/<int:meeting>/<int:evaluation>/hold/", views.hold, name="hold"),
]
