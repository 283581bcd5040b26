from django.urls import path

from . import views

app_name = "risks"

urlpatterns = [
    path("rules/", views.rules, name="rules"),
    path("rules/<int:rule>/", views.rule_edit, name="rule-edit"),
    path("for/<int:meeting>/", views.register, name="register"),
    path("for/<int:meeting>/suggest/", views.suggest, name="suggest"),
    path("for/<int:meeting>/backup/", views.backup_confirm, name="backup"),
    path("for/<int:meeting>/report.pdf", views.report_pdf, name="report-pdf"),
    path("for/<int:meeting>/report/issue/", views.report_issue, name="report-issue"),
    path("for/<int:meeting>/report/<int:number>.pdf", views.issued_pdf, name="issued-pdf"),
    path("<int:risk>/", views.risk_edit, name="edit"),
    path("<int:risk>/plans/", views.plan_add, name="plan-add"),
    path("plans/<int:plan>/drills/", views.drill_add, name="drill-add"),
]
