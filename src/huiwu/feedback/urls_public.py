from django.urls import path

from . import public

app_name = "feedback_public"

urlpatterns = [
    path("s/<str:token>/", public.survey, name="survey"),
    path("<str:token>/", public.station, name="station"),
]
