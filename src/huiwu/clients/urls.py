from django.urls import path

from . import views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_edit, name="create"),
    path("<int:client>/", views.client_detail, name="detail"),
    path("<int:client>/edit/", views.client_edit, name="edit"),
]
