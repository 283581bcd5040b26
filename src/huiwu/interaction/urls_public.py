from django.urls import path

from . import public

app_name = "interaction-public"

urlpatterns = [
    path("", public.enter, name="enter"),
    path("screen/<str:token>/", public.screen, name="screen"),
    path("<str:code>/", public.room, name="room"),
    path("<str:code>/vote/<int:poll>/", public.vote, name="vote"),
    path("<str:code>/name/", public.name, name="name"),
]
