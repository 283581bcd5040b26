from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo organisation (idempotent) and print the demo login."

    def handle(self, *args, **opts):
        from huiwu.demo import DEMO_ORG, DEMO_PASSWORD, DEMO_USER, load_demo

        call_command("migrate", interactive=False, verbosity=0)
        org = load_demo()
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"Demo organisation: {org.name} ({DEMO_ORG})",
                    f"Demo login:        user {DEMO_USER}  password {DEMO_PASSWORD}",
                    "Other demo users (same password): zhangwei, lina, wangfang, zhaoqiang, sunli",
                    "Supplier portal (same password): demo-av, demo-catering",
                    "",
                ]
            )
        )
