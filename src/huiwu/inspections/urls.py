from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("for/<int:meeting>/", views.meeting, name="meeting"),
    path("for/<int:meeting>/report.pdf", views.report_pdf, name="report-pdf"),
    path("<int:inspection>/", views.inspection, name="inspection"),
    path("items/<int:inspection_item>/", views.item, name="item"),
    path("photos/<int:photo>/", views.photo, name="photo"),
]
