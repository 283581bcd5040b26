from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.staff_list, name="list"),
    path("<int:person>/", views.person, name="person"),
    path("<int:person>/reveal/", views.reveal, name="reveal"),
    path("certificates/<int:certificate>/remove/", views.certificate_remove, name="certificate-remove"),
    path("certificates/<int:certificate>/scan/", views.scan, name="scan"),
    path("training/<int:training>/remove/", views.training_remove, name="training-remove"),
]
