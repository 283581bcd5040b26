from django.urls import path

from . import views, views_selection

app_name = "suppliers"

urlpatterns = [
    path("", views.supplier_list, name="list"),
    path("weights/", views.weights, name="weights"),
    path("export/", views.catalogue_export, name="export"),
    path("import/", views.catalogue_import, name="import"),
    path("<int:supplier>/", views.detail, name="detail"),
    path("meeting/<int:meeting>/", views_selection.meeting_needs, name="meeting"),
    path("meeting/<int:meeting>/kickoff/", views_selection.kickoff, name="kickoff"),
    path("duties/<int:supplier_duty>/remove/", views_selection.duty_remove, name="duty-remove"),
    path("needs/<int:supplier_need>/", views_selection.need, name="need"),
    path("candidates/<int:candidate>/", views_selection.candidate, name="candidate"),
    path("contacts/<int:supplier_contact>/remove/", views.contact_remove, name="contact-remove"),
    path("documents/<int:supplier_document>/remove/", views.document_remove, name="document-remove"),
    path("documents/<int:supplier_document>/file/", views.document_file, name="document-file"),
    path("cases/<int:supplier_case>/remove/", views.case_remove, name="case-remove"),
    path("failures/<int:supplier_failure>/remove/", views.failure_remove, name="failure-remove"),
    path("ratings/<int:supplier_rating>/remove/", views.rating_remove, name="rating-remove"),
    path("portal-users/<int:supplier_portal_user>/revoke/", views.portal_revoke, name="portal-revoke"),
]
