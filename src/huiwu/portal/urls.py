from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("<int:supplier>/meetings/<int:meeting>/", views.meeting, name="meeting"),
    path("<int:supplier>/quotes/<int:quote>/", views.quote, name="quote"),
    path("<int:supplier>/documents/", views.documents, name="documents"),
    path("<int:supplier>/contracts/<int:contract>/", views.contract, name="contract"),
    path("<int:supplier>/contracts/<int:contract>/contract.pdf", views.contract_pdf, name="contract-pdf"),
    path("sign/<str:token>/", views.sign, name="sign"),
    path("sign/<str:token>/contract.pdf", views.sign_pdf, name="sign-pdf"),
]
