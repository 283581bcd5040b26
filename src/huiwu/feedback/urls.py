from django.urls import path

from . import views, views_survey

app_name = "feedback"

urlpatterns = [
    path("topics/", views.topics, name="topics"),
    path("for/<int:meeting>/", views.meeting, name="meeting"),
    path("for/<int:meeting>/live/", views.live, name="live"),
    path("stations/<int:station>/poster/", views.poster, name="poster"),
    path("for/<int:meeting>/survey/", views_survey.survey, name="survey"),
    path("for/<int:meeting>/survey/results/", views_survey.results, name="results"),
    path("for/<int:meeting>/calls/", views_survey.call_list, name="calls"),
    path("for/<int:meeting>/report/", views_survey.report, name="report"),
]
