"""No figure of DOMAIN.md's standards stays a constant in code: the code reads them from the catalogue
(``standards.selectors.standard``). The scan looks for the figures as they were written before they moved
there, and for the shapes a new one would take."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SRC = Path(__file__).resolve().parents[2] / "src" / "huiwu"
HOME = {SRC / "standards" / "catalogue.py"}  # where the figures live

PATTERNS = {
    # in code and in what users read (a docstring may say where a default comes from)
    "the 1.15 capacity rule": (
        r"Decimal\(\"1\.15\"\)|\*\s*1\.15\b|\b1\.15\s*\*|(_|gettext\w*|description=)\(?\"[^\"]*1\.15"
    ),
    "the 20% tea-break seats": r"\*\s*0\.2\b|(_|gettext\w*)\(\"[^\"]*\b20%",
    "the 40% venue share": r"Decimal\(\"0\.40?\"\)",
    "the 3-minute check-in target": r"TARGET_MINUTES\s*=|target\s*≤\s*3\b",
    "the ±5 minutes of the run-of-show": r"TOLERANCE\s*=\s*dt\.timedelta",
    "a deadline in days before T (T-3, T-15)": (
        r"start_date\s*-\s*dt\.timedelta\(days=(3|15|20|30|40|45|60)\)"
    ),
    "hours or minutes before a segment (tech 2 h, briefing 1 h, rehearsal 30 min)": (
        r"(first|start)\s*-\s*dt\.timedelta\((hours|minutes)=\d+\)"
    ),
    "the technical thresholds (5000 lm, 30 m, 1000 Mbps)": r">=\s*(5000|1000|30)\b",
    "a team size": r"BASE_TEAM|max\(2,\s*math\.ceil",
}


def sources():
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in (".py", ".html") or "migrations" in path.parts or path in HOME:
            continue
        if path.suffix == ".py" and "." in path.stem:
            continue  # "detail.html.py": makemessages' passing copy of a template (another test runs it)
        yield path


def lines_of(path):
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:  # gone since the listing (a passing copy, as above)
        return []


@pytest.mark.parametrize("name", list(PATTERNS))
def test_no_figure_of_the_standards_is_a_constant_in_code(name):
    pattern = re.compile(PATTERNS[name])
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sources()
        for n, line in enumerate(lines_of(path), start=1)
        if pattern.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == [], f"{name} is written in code; read it with standards.selectors.standard"


def test_the_scan_finds_what_it_looks_for():
    samples = {
        "the 1.15 capacity rule": 'SPARE = Decimal("1.15")',
        "the 20% tea-break seats": "math.ceil(attendance * 0.2)",
        "the 3-minute check-in target": "TARGET_MINUTES = 3",
        "a deadline in days before T (T-3, T-15)": "review_date=meeting.start_date - dt.timedelta(days=15)",
        "the technical thresholds (5000 lm, 30 m, 1000 Mbps)": 'f["projector_lumens"] >= 5000',
    }
    for name, line in samples.items():
        assert re.search(PATTERNS[name], line), name
