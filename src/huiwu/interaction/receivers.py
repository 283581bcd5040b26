"""What the live interaction answers: a run-of-show cue going live opens its polls; done, closes them."""

from django.dispatch import receiver

from huiwu.onsite.signals import cue_status

from . import services


@receiver(cue_status)
def _cue_moved(sender, cue, actor=None, **kwargs):
    services.follow_cue(cue=cue, user=actor)
