from django.urls import path

from . import views, views_contracts, views_money

app_name = "contracts"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("clauses/<int:clause>/", views.clause, name="clause"),
    path("templates/<int:contract_template>/", views.template, name="template"),
]

urlpatterns += [
    path("for/<int:meeting>/", views_contracts.meeting_contracts, name="meeting"),
    path("<int:contract>/", views_contracts.contract, name="contract"),
    path("<int:contract>/contract.pdf", views_contracts.contract_pdf, name="contract-pdf"),
    path("<int:contract>/signed.pdf", views_contracts.signed_pdf, name="signed-pdf"),
    path("<int:contract>/scan/", views_contracts.scan, name="scan"),
    path("<int:contract>/money/", views_money.money, name="money"),
    path("payments/", views_money.calendar, name="calendar"),
]
