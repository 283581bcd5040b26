from django.urls import path

from ..views import notifications as views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notification_read_all, name="read-all"),
    path("<int:notification>/open/", views.notification_open, name="open"),
]
