from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    VIP = "vip", _("VIP")
    SPEAKER = "speaker", _("Speaker")
    MEDIA = "media", _("Media")
    STAFF = "staff", pgettext_lazy("attendee category", "Staff")
    REGULAR = "regular", _("Regular attendee")
    CUSTOM = "custom", _("Other (named)")


class Diet(models.TextChoices):
    HALAL = "halal", _("Halal")
    VEGETARIAN = "vegetarian", _("Vegetarian")
    LOW_SUGAR = "low_sugar", _("Low sugar")
    LOW_FAT = "low_fat", _("Low fat")


class Service(models.TextChoices):
    HEADSET = "headset", _("Interpretation headset")
    WHEELCHAIR = "wheelchair", _("Wheelchair")
    DRIVER = "driver", _("Driver")


class Language(models.TextChoices):
    ZH = "zh-hans", _("Chinese")
    EN = "en", _("English")
    JA = "ja", _("Japanese")
    KO = "ko", _("Korean")
    FR = "fr", _("French")
    DE = "de", _("German")
    ES = "es", _("Spanish")
    RU = "ru", _("Russian")
    AR = "ar", _("Arabic")
    OTHER = "other", _("Other language")


class TravelMode(models.TextChoices):
    FLIGHT = "flight", _("Flight")
    TRAIN = "train", _("Train")
    CAR = "car", _("Car")
    OTHER = "other", _("Other way")


class Status(models.TextChoices):
    """Where the attendee's place stands."""

    CONFIRMED = "confirmed", _("Confirmed")
    PENDING = "pending", _("Awaiting approval")
    WAITLISTED = "waitlisted", _("Waiting list")
    REJECTED = "rejected", _("Not approved")
    CANCELLED = "cancelled", _("Cancelled")


class Rsvp(models.TextChoices):
    NONE = "", _("Not invited")
    INVITED = "invited", _("Invited, no answer yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by staff")
    IMPORT = "import", _("Imported")
    REGISTRATION = "registration", _("Registered online")
    COLLEAGUE = "colleague", _("Brought by a colleague")
    WALK_IN = "walk_in", _("Registered on site")


class ConsentMethod(models.TextChoices):
    ONLINE = "online", _("Ticked on the registration page")
    CLIENT = "client", _("Supplied by the client, who collected consent")
    PAPER = "paper", _("Signed on paper")
    EMAIL = "email", _("By e-mail")
    VERBAL = "verbal", _("Verbally, noted by staff")


class FieldMode(models.TextChoices):
    OFF = "off", _("Not asked")
    OPTIONAL = "optional", _("Optional")
    REQUIRED = "required", _("Required")


class BadgeLayout(models.TextChoices):
    A6 = "a6", _("A6, one badge per page")
    A4 = "a4", _("A4 sheet, four badges per page")
