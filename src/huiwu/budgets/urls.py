from django.urls import path

from . import views, views_review

app_name = "budgets"

urlpatterns = [
    path("", views_review.overview, name="overview"),
    path("templates/", views_review.templates, name="templates"),
    path("for/<int:meeting>/", views.budget, name="meeting"),
    path("for/<int:meeting>/review/", views_review.review, name="review"),
    path("for/<int:meeting>/guard/", views_review.guard_view, name="guard"),
    path("for/<int:meeting>/export.xlsx", views_review.export, name="export"),
    path("for/<int:meeting>/client.pdf", views_review.client_pdf, name="client-pdf"),
    path("for/<int:meeting>/import/", views_review.import_lines, name="import"),
]
