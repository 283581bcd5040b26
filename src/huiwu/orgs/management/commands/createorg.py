from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from huiwu.core.errors import DomainError
from huiwu.orgs.services import create_organization


class Command(BaseCommand):
    help = "Create an organisation, optionally with an existing user as its owner."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("name")
        parser.add_argument("--owner", help="user name of the owner")

    def handle(self, *args, slug, name, owner=None, **opts):
        user = None
        if owner:
            user = get_user_model().objects.filter(username=owner).first()
            if user is None:
                raise CommandError(f"no user named {owner!r}")
        try:
            org = create_organization(name=name, slug=slug, owner=user)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"created organisation {org.slug}")
