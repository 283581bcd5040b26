from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<int:meeting>/report/", views.report_page, name="requirements"),
    path("<int:meeting>/report.pdf", views.report_pdf, name="requirements-pdf"),
]
