from django.urls import path

from . import views

app_name = "standards"

# "standards/" itself is the area's overview (``areas``): the meetings, each with its own standards
urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("identity/", views.identity, name="identity"),
    path("catalogue/versions/", views.versions, name="versions"),
    path("catalogue/export.xlsx", views.export, name="export"),
    path("catalogue/import/", views.import_, name="import"),
    path("catalogue/<int:standard>/", views.rule, name="rule"),
    path("for/<int:meeting>/", views.meeting, name="meeting"),
    path("overrides/<int:override>/remove/", views.override_remove, name="override-remove"),
]
