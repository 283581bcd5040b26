import re
from urllib.parse import urlsplit

import pyotp
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from huiwu.accounts import services, throttle
from huiwu.accounts.models import TOTPDevice
from tests.factories.orgs import PASSWORD, UserFactory

pytestmark = pytest.mark.integration


def sign_in(client, username, password, next_url=""):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, "next": next_url}
    )


def test_sign_in_with_user_name_or_email(client, tenant_a):
    assert sign_in(client, tenant_a.owner.username, PASSWORD).status_code == 302
    client.logout()
    response = sign_in(client, tenant_a.owner.email, PASSWORD)
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200


def test_wrong_password_is_a_clear_translated_error(client, tenant_a):
    response = sign_in(client, tenant_a.owner.username, "wrong")
    assert response.status_code == 200
    assert "用户名或密码错误，请检查后重试。" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_open_redirect_is_refused(client, tenant_a):
    response = sign_in(client, tenant_a.owner.username, PASSWORD, next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_sign_out_needs_post(owner_client):
    assert owner_client.get(reverse("accounts:logout")).status_code == 405
    assert owner_client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in owner_client.session


def test_password_reset_by_mail(client, tenant_a):
    response = client.post(reverse("accounts:password-reset"), {"email": tenant_a.owner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    form = client.get(urlsplit(link).path, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "N3w-passphrase-ok", "new_password2": "N3w-passphrase-ok"})
    assert done.status_code == 302
    client.logout()
    assert sign_in(client, tenant_a.owner.username, "N3w-passphrase-ok").status_code == 302


def test_password_reset_for_unknown_mail_says_the_same(client, db):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_tampered_reset_link_is_refused(client, tenant_a):
    response = client.get("/accounts/reset/MQ/forged-token/", follow=True)
    assert "该链接已失效" in response.content.decode()


def enable_totp(user) -> pyotp.TOTP:
    device = services.start_totp_setup(user=user)
    totp = pyotp.TOTP(device.secret)
    services.confirm_totp(user=user, code=totp.at(timezone.now().timestamp() - 30))
    return totp


def test_totp_set_up_in_the_page(client, tenant_a):
    client.force_login(tenant_a.owner)
    page = client.post(reverse("accounts:security"), {"action": "start"})
    assert "<svg" in page.content.decode()
    secret = TOTPDevice.objects.get(user=tenant_a.owner).secret
    bad = client.post(reverse("accounts:security"), {"action": "confirm", "code": "000000"})
    assert "验证码无效" in bad.content.decode()
    ok = client.post(reverse("accounts:security"), {"action": "confirm", "code": pyotp.TOTP(secret).now()})
    assert ok.status_code == 302
    assert TOTPDevice.objects.get(user=tenant_a.owner).is_confirmed


def test_sign_in_with_totp_needs_the_code(client, tenant_a):
    totp = enable_totp(tenant_a.owner)
    response = sign_in(client, tenant_a.owner.username, PASSWORD)
    assert response["Location"] == reverse("accounts:login-verify")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("accounts:login-verify"), {"code": "12345x"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    right = client.post(reverse("accounts:login-verify"), {"code": totp.now()})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(tenant_a.owner.pk)


def test_a_totp_code_works_only_once(client, tenant_a):
    totp = enable_totp(tenant_a.owner)
    code = totp.now()
    services.verify_totp(user=tenant_a.owner, code=code)
    with pytest.raises(services.InvalidCode):
        services.verify_totp(user=tenant_a.owner, code=code)


def test_verify_page_without_password_step_goes_back(client, db):
    assert client.get(reverse("accounts:login-verify"))["Location"] == reverse("accounts:login")


def test_language_switch_is_remembered_on_the_user(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    page = client.get(reverse("accounts:security"))
    assert "Two-factor sign-in (TOTP)" in page.content.decode()


def test_unknown_language_changes_nothing(client, db):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("accounts:language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == ""


def test_chinese_is_the_default(client, db):
    page = client.get(reverse("accounts:login"))
    assert '<html lang="zh-Hans">' in page.content.decode()
    assert "忘记密码？" in page.content.decode()


def test_repeated_failures_are_throttled(client, tenant_a):
    for _ in range(throttle.FREE - 1):
        assert sign_in(client, tenant_a.owner.username, "wrong").status_code == 200
    assert sign_in(client, tenant_a.owner.username, "wrong").status_code == 429  # now it waits
    blocked = sign_in(client, tenant_a.owner.username, PASSWORD)
    assert blocked.status_code == 429
    assert "请" in blocked.content.decode() and "分钟" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_user_name_and_the_e_mail_of_one_account_share_the_throttle(client, tenant_a):
    for _ in range(throttle.FREE):
        sign_in(client, tenant_a.owner.username, "wrong")
    assert sign_in(client, tenant_a.owner.email, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_owner_gets_in_once_the_wait_is_over(client, tenant_a, monkeypatch):
    for _ in range(throttle.FREE + 3):
        sign_in(client, tenant_a.owner.username, "wrong")
    later = throttle.time.time() + 9  # the 8th failure waits 2^3 = 8 seconds
    monkeypatch.setattr(throttle.time, "time", lambda: later)
    assert sign_in(client, tenant_a.owner.username, PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(client, tenant_a):
    tenant_a.owner.is_staff = tenant_a.owner.is_superuser = True
    tenant_a.owner.save()
    url = "/django-admin/login/"
    for _ in range(throttle.FREE):
        client.post(url, {"username": tenant_a.owner.username, "password": "wrong"})
    client.post(url, {"username": tenant_a.owner.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "target", ["/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example", " /x", "x"]
)
def test_a_next_that_leaves_the_site_is_dropped(client, tenant_a, target):
    from urllib.parse import unquote

    response = sign_in(client, tenant_a.owner.username, PASSWORD, next_url=unquote(target))
    assert response["Location"] == "/"


def test_a_next_path_of_the_site_is_kept(client, tenant_a):
    response = sign_in(client, tenant_a.owner.username, PASSWORD, next_url="/o/x/meetings/?stage=2")
    assert response["Location"] == "/o/x/meetings/?stage=2"


def test_wrong_codes_in_one_pending_sign_in_are_throttled(client, tenant_a):
    totp = enable_totp(tenant_a.owner)
    sign_in(client, tenant_a.owner.username, PASSWORD)
    for _ in range(throttle.FREE):
        client.post(reverse("accounts:login-verify"), {"code": "000000"})
    stopped = client.post(reverse("accounts:login-verify"), {"code": totp.now()})
    assert stopped["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_oversized_form_is_a_clean_400(client, settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(reverse("accounts:login"), {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 400


def test_api_docs_use_no_cdn(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_the_admin_is_not_served_in_production_unless_asked_for(client, settings):
    import importlib

    from django.urls import clear_url_caches

    import huiwu.urls

    try:
        settings.HUIWU_ADMIN = False
        importlib.reload(huiwu.urls)
        clear_url_caches()
        assert client.get("/django-admin/login/").status_code == 404
    finally:
        settings.HUIWU_ADMIN = True
        importlib.reload(huiwu.urls)
        clear_url_caches()
    assert client.get("/django-admin/login/").status_code == 200
