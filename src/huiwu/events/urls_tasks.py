from django.urls import path

from .views import calendar, tasks

app_name = "tasks"

urlpatterns = [
    path("", tasks.my_tasks, name="mine"),
    path("calendar/", calendar.agency_calendar, name="calendar"),
    path("calendar/feed/", calendar.feed_issue, name="feed-issue"),
    path("export.xlsx", calendar.export_tasks, name="export"),
    path("<int:task>/", tasks.task_detail, name="detail"),
    path("<int:task>/reschedule/", tasks.task_reschedule, name="reschedule"),
    path("<int:task>/checklist/<int:index>/", tasks.task_checklist, name="checklist"),
    path("<int:task>/comments/", tasks.task_comment, name="comment"),
    path("<int:task>/attachments/", tasks.task_attach, name="attach"),
    path("<int:task>/attachments/<int:attachment>/", tasks.task_attachment, name="attachment"),
]
