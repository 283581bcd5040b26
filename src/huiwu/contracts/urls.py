from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("clauses/<int:clause>/", views.clause, name="clause"),
    path("templates/<int:contract_template>/", views.template, name="template"),
]
