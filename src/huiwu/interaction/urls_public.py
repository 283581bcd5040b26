from django.urls import path

from . import public

app_name = "interaction-public"

urlpatterns = [
    path("", public.enter, name="enter"),
    path("fairness.py", public.rule, name="rule"),
    path("screen/<str:token>/", public.screen, name="screen"),
    path("speaker/<str:token>/", public.speaker, name="speaker"),
    path("screen/<str:token>/lottery/<int:prize>/proof.json", public.proof, name="proof"),
    path("<str:code>/", public.room, name="room"),
    path("client/<str:token>/", public.client_view, name="client"),
    path("<str:code>/watch/", public.watch, name="watch"),
    path("<str:code>/vote/<int:poll>/", public.vote, name="vote"),
    path("<str:code>/name/", public.name, name="name"),
]
