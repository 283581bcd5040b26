"""``huiwu schedule --instance IN.json --out OUT.json --time-limit SECONDS`` (see scheduling/cli.py)."""

from django.core.management.base import BaseCommand, CommandError

from huiwu.agenda.scheduling.cli import run


class Command(BaseCommand):
    help = "Solve a conf-agenda-instance v1 file and write a conf-agenda-solution v1 file."

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--time-limit", type=float, default=30.0)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, instance, out, time_limit, workers, **opts):
        code, message = run(instance, out, time_limit, workers)
        if code:
            raise CommandError(message)
        self.stdout.write(message)
