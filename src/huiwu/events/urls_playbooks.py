from django.urls import path

from .views import playbooks

app_name = "playbooks"

urlpatterns = [
    path("", playbooks.playbook_list, name="list"),
    path("<int:playbook>/", playbooks.playbook_detail, name="detail"),
    path("<int:playbook>/tasks/<int:ttask>/", playbooks.template_task_edit, name="task-edit"),
    path("<int:playbook>/tasks/<int:ttask>/delete/", playbooks.template_task_delete, name="task-delete"),
]
