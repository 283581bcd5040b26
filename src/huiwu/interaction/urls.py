from django.urls import path

from . import views

app_name = "interaction"

urlpatterns = [
    path("for/<int:meeting>/", views.console, name="console"),
]
