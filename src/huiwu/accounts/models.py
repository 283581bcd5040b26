from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. One full-name field: Chinese names do not split into first/last."""

    name = models.CharField(_("full name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=10, blank=True)

    first_name = None
    last_name = None

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name or self.username

    def get_short_name(self) -> str:
        return self.name or self.username


class TOTPDevice(models.Model):
    """A time-based one-time-password authenticator app, confirmed once before it is required."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted 30-second step: a code is good once, never replayed.
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("two-factor device")

    def __str__(self) -> str:
        return f"TOTP for {self.user}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
