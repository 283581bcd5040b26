from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("for/<int:meeting>/", views.budget, name="meeting"),
]
