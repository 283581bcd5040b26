from django.urls import path

from .views import calendar, meetings, report, survey

app_name = "events"

urlpatterns = [
    path("", meetings.meeting_board, name="list"),
    path("new/", meetings.meeting_edit, name="create"),
    path("export.xlsx", calendar.export_meetings, name="export"),
    path("<int:meeting>/", meetings.meeting_detail, name="detail"),
    path("<int:meeting>/due-tasks/", meetings.due_tasks, name="due-tasks"),
    path("<int:meeting>/edit/", meetings.meeting_edit, name="edit"),
    path("<int:meeting>/tasks/", meetings.meeting_tasks, name="tasks"),
    path("<int:meeting>/requirements/", meetings.meeting_requirements, name="requirements"),
    path(
        "<int:meeting>/requirements/<int:item>/delete/",
        meetings.requirement_delete,
        name="requirement-delete",
    ),
    path("<int:meeting>/kpis/<int:kpi>/delete/", meetings.kpi_delete, name="kpi-delete"),
    path("<int:meeting>/stage/", meetings.meeting_stage, name="stage"),
    path("<int:meeting>/survey/", survey.survey_staff, name="survey"),
    path("<int:meeting>/report/approve/", report.report_approve, name="report-approve"),
]
