"""The agenda solver on generated instances (a feasible agenda planted first), each solve in its own
process (`huiwu schedule`) so that peak memory is the solver's own."""

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from huiwu.agenda.scheduling.generator import SIZES, generate
from huiwu.agenda.scheduling.instance import parse
from huiwu.agenda.scheduling.validator import objective, violations

LIMITS = {"S": 10, "M": 30, "L": 60, "XL": 60}


def run(sizes=("S", "M", "L", "XL")) -> None:
    print("\n# Agenda solver (CP-SAT, 2 workers; generated instances with a planted agenda)")
    print(
        f"{'size':5} {'sessions':>8} {'rooms':>5} {'days':>4} {'status':>9} {'first s':>8} {'objective':>10} "
        f"{'bound':>9} {'gap':>7} {'peak MB':>8} {'valid':>6}"
    )
    work = Path(tempfile.mkdtemp(prefix="huiwu-bench-agenda-"))
    for size in sizes:
        doc = generate(size, seed=1)
        src, out = work / f"{size}.json", work / f"{size}-solution.json"
        src.write_text(json.dumps(doc))
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "huiwu",
                "schedule",
                "--instance",
                str(src),
                "--out",
                str(out),
                "--time-limit",
                str(LIMITS[size]),
            ],
            capture_output=True,
            check=False,
        )
        wall = time.perf_counter() - t0
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        solution = json.loads(out.read_text())
        inst = parse(doc)
        stats = solution["stats"]
        valid = not violations(inst, solution["assignments"]) and bool(solution["assignments"])
        obj = objective(inst, solution["assignments"]) if solution["assignments"] else None
        bound = stats.get("best_bound")
        gap = f"{100 * (obj - bound) / obj:.1f}%" if obj and bound is not None else "—"
        first = stats.get("first_solution_seconds")
        n, rooms, days = SIZES[size]
        first_text = f"{first:.2f}" if first is not None else "—"
        bound_text = f"{bound:.0f}" if bound is not None else "—"
        print(
            f"{size:5} {n:8d} {rooms:5d} {days:4d} {solution['status']:>9} {first_text:>8} {obj!s:>10} "
            f"{bound_text:>9} {gap:>7} {peak:8.0f} {'yes' if valid else 'NO':>6}   ({wall:.0f} s wall)"
        )
