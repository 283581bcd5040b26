from django.urls import path

from . import public

app_name = "agenda_public"

urlpatterns = [
    path("", public.agenda, name="agenda"),
    path("speakers/", public.speakers, name="speakers"),
    path("speakers/<int:speaker>/", public.speaker, name="speaker"),
    path("speakers/<int:speaker>/photo", public.speaker_photo, name="speaker-photo"),
    path("agenda.ics", public.agenda_ics, name="ics"),
    path("my.ics", public.my_ics, name="my-ics"),
    path("agenda.pdf", public.agenda_pdf, name="pdf"),
    path("follow/", public.follow, name="follow"),
]
