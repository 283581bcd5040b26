from django.urls import path

from . import views, views_review

app_name = "budgets"

urlpatterns = [
    path("for/<int:meeting>/", views.budget, name="meeting"),
    path("for/<int:meeting>/review/", views_review.review, name="review"),
    path("for/<int:meeting>/guard/", views_review.guard_view, name="guard"),
]
