from django.urls import path

from . import views

app_name = "wrapup"

urlpatterns = [
    path("for/<int:meeting>/kpis/", views.review, name="review"),
    path("for/<int:meeting>/count/", views.count, name="count"),
]
