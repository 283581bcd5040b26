from django.urls import path

from . import views, views_after, views_archive

app_name = "wrapup"

urlpatterns = [
    path("for/<int:meeting>/kpis/", views.review, name="review"),
    path("for/<int:meeting>/count/", views.count, name="count"),
    path("for/<int:meeting>/summary/", views_after.report, name="summary"),
    path("for/<int:meeting>/follow-up/", views_after.follow, name="follow"),
    path("for/<int:meeting>/retrospective/", views_after.retrospective, name="retro"),
    path("for/<int:meeting>/archive/", views_archive.archive_meeting, name="archive"),
    path("archive/", views_archive.archives, name="archives"),
    path("archive/<int:archive>/", views_archive.archived, name="archived"),
    path("people/", views_archive.person, name="person"),
]
