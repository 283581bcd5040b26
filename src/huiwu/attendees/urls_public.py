from django.urls import path

from . import public

app_name = "attendees_public"

urlpatterns = [
    path("r/<str:token>/", public.register, name="register"),
    path("e/<str:token>/", public.badge, name="badge"),
    path("i/<str:token>/", public.rsvp, name="rsvp"),
]
