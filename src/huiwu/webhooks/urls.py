from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoints, name="endpoints"),
    path("<int:endpoint>/", views.endpoint, name="endpoint"),
    path("<int:endpoint>/ping/", views.ping, name="ping"),
    path("<int:endpoint>/resume/", views.resume, name="resume"),
    path("<int:endpoint>/secret/", views.rotate, name="rotate"),
    path("<int:endpoint>/delete/", views.delete, name="delete"),
    path("deliveries/<int:delivery>/resend/", views.resend, name="resend"),
]
