from django.core.management.base import BaseCommand, CommandError

from huiwu.api.services import create_token
from huiwu.orgs.models import Membership


class Command(BaseCommand):
    help = "Create an API token for USER in organisation ORG and print it (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("org", help="organisation slug")
        parser.add_argument("user", help="user name")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, org, user, name, **opts):
        membership = (
            Membership.objects.select_related("org", "user")
            .filter(org__slug=org, user__username=user, is_active=True)
            .first()
        )
        if membership is None:
            raise CommandError(f"{user!r} is not an active member of {org!r}")
        _token, raw = create_token(membership=membership, name=name)
        self.stdout.write(raw)
