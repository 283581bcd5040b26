from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("rules/", views.rules, name="rules"),
    path("for/<int:meeting>/", views.grid, name="grid"),
    path("for/<int:meeting>/move/", views.move, name="move"),
    path("for/<int:meeting>/sessions/new/", views.session_new, name="session-new"),
    path("for/<int:meeting>/speakers/", views.speakers, name="speakers"),
    path("for/<int:meeting>/slots/", views.slot_add, name="slot-add"),
    path("for/<int:meeting>/slots/default/", views.slot_default, name="slot-default"),
    path("for/<int:meeting>/modules/", views.module_add, name="module-add"),
    path("for/<int:meeting>/hours/", views.hours, name="hours"),
    path("for/<int:meeting>/schedule/", views.schedule, name="schedule"),
    path("for/<int:meeting>/publish/", views.publish, name="publish"),
    path("for/<int:meeting>/instance.json", views.instance_export, name="instance"),
    path("for/<int:meeting>/solution/", views.solution_import, name="solution"),
    path("sessions/<int:session>/", views.session_edit, name="session-edit"),
    path("sessions/<int:session>/delete/", views.session_delete, name="session-delete"),
    path("speakers/<int:speaker>/", views.speaker_edit, name="speaker-edit"),
    path("speakers/<int:speaker>/delete/", views.speaker_delete, name="speaker-delete"),
    path("slots/<int:slot>/delete/", views.slot_delete, name="slot-delete"),
    path("proposals/<int:proposal>/", views.proposal, name="proposal"),
    path("proposals/<int:proposal>/apply/", views.proposal_apply, name="proposal-apply"),
    path("proposals/<int:proposal>/undo/", views.proposal_undo, name="proposal-undo"),
    path("proposals/<int:proposal>/discard/", views.proposal_discard, name="proposal-discard"),
]
