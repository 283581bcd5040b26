"""``huiwu schedule``: solve a conf-agenda-instance file into a conf-agenda-solution file.

Pure Python (no Django): ``python -m huiwu schedule`` runs it without loading the web application,
so the solver's memory is its own. Exit 0 when a solution file was written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .instance import InstanceError, load
from .solver import solve, to_solution

SOLVER = "huiwu-cpsat-2"


def run(instance: str, out: str, time_limit: float = 30.0, workers: int = 2) -> tuple[int, str]:
    out_path = Path(out)
    try:
        inst = load(instance)
    except (OSError, InstanceError) as exc:
        problems = getattr(exc, "problems", [str(exc)])
        error = {
            "format": "conf-agenda-solution",
            "version": 1,
            "instance": "",
            "solver": SOLVER,
            "status": "error",
            "solve_seconds": 0,
            "assignments": [],
            "stats": {"errors": problems},
        }
        out_path.write_text(json.dumps(error, ensure_ascii=False, indent=1))
        return 2, "; ".join(problems[:5])
    result = solve(inst, time_limit=time_limit, workers=workers)
    out_path.write_text(json.dumps(to_solution(inst, result, SOLVER), ensure_ascii=False, indent=1))
    return 0, (
        f"{result.status}: {len(result.assignments)} sessions placed, objective "
        f"{result.objective}, bound {result.bound}, {result.solve_seconds:.2f} s"
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="huiwu schedule", description=__doc__.splitlines()[0])
    p.add_argument("--instance", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--time-limit", type=float, default=30.0)
    p.add_argument("--workers", type=int, default=2)
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    code, message = run(args.instance, args.out, args.time_limit, args.workers)
    print(message, file=sys.stderr if code else sys.stdout)
    return code
