from django.urls import path

from . import views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_edit, name="create"),
    path("<int:client>/", views.client_detail, name="detail"),
    path("<int:client>/edit/", views.client_edit, name="edit"),
    path("<int:client>/contacts/new/", views.contact_edit, name="contact-create"),
    path("<int:client>/contacts/<int:contact>/", views.contact_edit, name="contact-edit"),
    path("<int:client>/communications/new/", views.communication_new, name="communication-create"),
]
