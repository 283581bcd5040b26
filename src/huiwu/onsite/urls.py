from django.urls import path

from . import views

app_name = "onsite"

urlpatterns = [
    path("for/<int:meeting>/incidents/", views.incidents, name="incidents"),
    path("incidents/<int:incident>/", views.incident, name="incident"),
    path("incidents/<int:incident>/act/", views.act, name="act"),
    path("incidents/<int:incident>/photo", views.incident_photo, name="incident-photo"),
    path("incidents/<int:incident>/report.pdf", views.report_pdf, name="incident-pdf"),
    path("incidents/figures/", views.figures, name="figures"),
    path("incidents/timers/", views.policy, name="policy"),
    path("for/<int:meeting>/run-of-show/", views.cue_list, name="cues"),
    path("cues/<int:cue>/status/", views.cue_status, name="cue-status"),
    path("for/<int:meeting>/team/", views.team_page, name="team"),
    path("for/<int:meeting>/checklists/", views.checklist_list, name="checklists"),
    path("checklists/<int:checklist>/", views.checklist_act, name="checklist-act"),
    path("for/<int:meeting>/command/", views.command, name="command"),
    path("for/<int:meeting>/command/panels/", views.command_panels, name="command-panels"),
    path("posts/<int:post>/", views.post_edit, name="post"),
    path("for/<int:meeting>/contacts/", views.contacts, name="contacts"),
    path("for/<int:meeting>/contacts.pdf", views.contacts_pdf, name="contacts-pdf"),
    path("for/<int:meeting>/run-sheet/", views.run_sheet, name="run-sheet"),
    path("for/<int:meeting>/run-sheet/acknowledgements/", views.run_sheet_acks, name="run-sheet-acks"),
    path("sheet-lines/<int:sheet_line>/", views.sheet_line, name="sheet-line"),
]
