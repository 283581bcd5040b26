from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("topics/", views.topics, name="topics"),
    path("for/<int:meeting>/", views.meeting, name="meeting"),
    path("for/<int:meeting>/live/", views.live, name="live"),
    path("stations/<int:station>/poster/", views.poster, name="poster"),
]
