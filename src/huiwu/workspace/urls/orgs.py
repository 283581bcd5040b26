from django.urls import path

from ..views import orgs as views

app_name = "orgs"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("members/", views.members, name="members"),
    path("members/invite/", views.invite, name="invite"),
    path("members/<int:member>/role/", views.member_role, name="member-role"),
    path("members/<int:member>/remove/", views.member_remove, name="member-remove"),
    path("invitations/<int:invitation>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token>/revoke/", views.token_revoke, name="token-revoke"),
    path("audit/", views.audit, name="audit"),
    path("settings/", views.settings_view, name="settings"),
]
