"""The agenda solver on generated instances (a feasible agenda planted first), each solve in its own
process (`huiwu schedule`) so that peak memory is the solver's own; then the hard families
(`scheduling/families.py`) against the plain CP-SAT baseline (`bench/agenda_baseline.py`, same rules,
same objective, 2 workers, no start, no LNS), side by side at the same time limit.

HUIWU_BENCH_AGENDA_FAMILIES (default: every family), HUIWU_BENCH_AGENDA_RUNS (default
"400:10,400:60,1000:30,1000:150": sessions:seconds; the baseline runs at the limits of 60 s and more).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from huiwu.agenda.scheduling.families import FAMILIES, generate_family
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


def _child(args: list[str]) -> tuple[float, float]:
    """Run a solver process; (wall seconds, the peak MB of that process alone)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped by wait4
    return time.perf_counter() - t0, usage.ru_maxrss / 1024


def families() -> None:
    chosen = os.environ.get("HUIWU_BENCH_AGENDA_FAMILIES", ",".join(FAMILIES)).split(",")
    runs = [
        tuple(int(x) for x in r.split(":"))
        for r in os.environ.get("HUIWU_BENCH_AGENDA_RUNS", "400:10,400:60,1000:30,1000:150").split(",")
    ]
    print("\n# Agenda solver on the hard families, against a plain CP-SAT model of the same rules")
    print("(peak MB is the process's own; obj: lower is better; 'better' = how much below the baseline)")
    print(
        f"{'family':8} {'sessions':>8} {'limit':>5} | {'huiwu':>8} {'first s':>7} {'obj':>8} {'MB':>6} | "
        f"{'baseline':>8} {'first s':>7} {'obj':>8} {'MB':>6} | {'better':>7}"
    )
    work = Path(tempfile.mkdtemp(prefix="huiwu-bench-families-"))
    for n, limit in runs:
        for family in chosen:
            doc = generate_family(family, n, seed=1)
            src = work / f"{family}-{n}.json"
            src.write_text(json.dumps(doc))
            inst = parse(doc)
            ours = work / f"{family}-{n}-{limit}-huiwu.json"
            _wall, our_mb = _child(
                [sys.executable, "-m", "huiwu", "schedule", "--instance", str(src), "--out", str(ours),
                 "--time-limit", str(limit)]
            )  # fmt: skip
            mine = json.loads(ours.read_text())
            cells = [_row(inst, mine["assignments"], mine["stats"].get("first_solution_seconds"), our_mb)]
            if limit >= 60:
                theirs = work / f"{family}-{n}-{limit}-baseline.json"
                _wall, base_mb = _child(
                    [sys.executable, "-m", "bench.agenda_baseline", str(src), str(limit), str(theirs)]
                )
                base = json.loads(theirs.read_text()) if theirs.exists() else {"assignments": []}
                cells.append(_row(inst, base["assignments"], base.get("first_solution_seconds"), base_mb))
            else:
                cells.append(("", "", "", ""))
            (a_status, a_first, a_obj, a_mb), (b_status, b_first, b_obj, b_mb) = cells
            better = (
                f"{100 * (b_obj - a_obj) / b_obj:.1f}%"
                if isinstance(a_obj, int) and isinstance(b_obj, int) and b_obj
                else ("no base" if isinstance(a_obj, int) and b_status == "none" else "")
            )
            print(
                f"{family:8} {n:8d} {limit:5d} | {a_status:>8} {a_first!s:>7} {a_obj!s:>8} {a_mb!s:>6} | "
                f"{b_status:>8} {b_first!s:>7} {b_obj!s:>8} {b_mb!s:>6} | {better:>7}",
                flush=True,
            )


def _row(inst, assignments: list[dict], first, mb: float) -> tuple:
    if not assignments:
        return ("none", "—", "—", f"{mb:.0f}")
    if violations(inst, assignments) or len(assignments) != len(inst.sessions):
        return ("INVALID", "—", "—", f"{mb:.0f}")
    return ("valid", f"{first:.1f}" if first is not None else "—", objective(inst, assignments), f"{mb:.0f}")
