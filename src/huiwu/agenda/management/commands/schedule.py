"""``huiwu schedule --instance IN.json --out OUT.json --time-limit SECONDS``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from huiwu.agenda.scheduling.instance import InstanceError, load
from huiwu.agenda.scheduling.solver import solve, to_solution


class Command(BaseCommand):
    help = "Solve a conf-agenda-instance v1 file and write a conf-agenda-solution v1 file."

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--time-limit", type=float, default=30.0)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, instance, out, time_limit, workers, **opts):
        out_path = Path(out)
        try:
            inst = load(instance)
        except (OSError, InstanceError) as exc:
            problems = getattr(exc, "problems", [str(exc)])
            out_path.write_text(
                json.dumps(
                    {
                        "format": "conf-agenda-solution",
                        "version": 1,
                        "instance": "",
                        "solver": "huiwu-cpsat-1",
                        "status": "error",
                        "solve_seconds": 0,
                        "assignments": [],
                        "stats": {"errors": problems},
                    },
                    ensure_ascii=False,
                    indent=1,
                )
            )
            raise CommandError("; ".join(problems[:5])) from exc
        result = solve(inst, time_limit=time_limit, workers=workers)
        out_path.write_text(json.dumps(to_solution(inst, result), ensure_ascii=False, indent=1))
        self.stdout.write(
            f"{result.status}: {len(result.assignments)} sessions placed, objective "
            f"{result.objective}, bound {result.bound}, {result.solve_seconds:.2f} s"
        )
