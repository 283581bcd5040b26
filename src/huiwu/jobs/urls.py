from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_start, name="start"),
    path("<int:job>/", views.job_detail, name="detail"),
    path("<int:job>/download/", views.job_download, name="download"),
]
