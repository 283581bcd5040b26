"""Attendee import and badges: a generated 50,000-row .xlsx imported through the real importer
(timed and measured in its own process) next to the time openpyxl's read-only mode needs only to
read the same file; 10,000 rows as well, to show memory does not grow with the rows; then badge
PDFs for 1,000 attendees."""

import datetime as dt
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook
from pypdf import PdfReader

from huiwu.accounts.models import User
from huiwu.attendees.models import Attendee
from huiwu.attendees.pdf import render_badges
from huiwu.events.services import MeetingInput, create_meeting
from huiwu.orgs.services import create_organization

ROW_COUNTS = (10_000, 50_000)
DAY = dt.date(2026, 12, 15)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "晓东", "海燕"]

# The child's own peak (VmHWM): ru_maxrss would carry over this process's peak across exec.
HWM = """
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

READ = (
    HWM
    + """
import sys, time
from openpyxl import load_workbook
t0 = time.perf_counter()
wb = load_workbook(sys.argv[1], read_only=True)
n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
wb.close()
print(time.perf_counter() - t0, hwm(), n)
"""
)

IMPORT = (
    HWM
    + """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiwu.settings")
import django
django.setup()
from huiwu.attendees.importing import run_import
from huiwu.events.models import Meeting
meeting = Meeting.objects.get(pk=int(sys.argv[2]))
before = hwm()
t0 = time.perf_counter()
out = run_import(meeting=meeting, path=__import__("pathlib").Path(sys.argv[1]))
print(time.perf_counter() - t0, hwm(), before, out.imported,
      len(out.errors))
"""
)


def generate(path: Path, rows: int) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(
        ["姓名", "手机", "邮箱", "单位", "职务", "类别", "饮食禁忌", "到达航班/车次", "到达时间", "酒店"]
    )
    for i in range(rows):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 20) % len(GIVEN)]
        ws.append(
            [
                name,
                f"139{i:08d}",
                f"guest{i}@example.com",
                f"公司{i % 500}",
                "经理",
                "普通参会者" if i % 10 else "贵宾",
                "清真" if i % 17 == 0 else "",
                "CA1501" if i % 5 == 0 else "",
                "2026-12-14 15:20" if i % 5 == 0 else "",
                "外滩酒店",
            ]
        )
    wb.save(path)


def _child(script: str, *args) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True, check=True
    )
    return [float(x) for x in out.stdout.split()]


def run() -> None:
    print("\n# Attendees: import (.xlsx) and badge PDFs")
    owner = User.objects.create_user(username="bench-attendees", password="x")
    org = create_organization(name="Bench attendees", slug="bench-attendees", owner=owner)
    work = Path(tempfile.mkdtemp(prefix="huiwu-bench-attendees-"))
    print(f"{'rows':>7} {'read-only s':>12} {'import s':>9} {'ratio':>6} {'rows/s':>8} {'read MB':>8} "
          f"{'import MB':>10} {'Django MB':>10}")  # fmt: skip
    for rows in ROW_COUNTS:
        path = work / f"{rows}.xlsx"
        generate(path, rows)
        read_s, read_mb, _n = _child(READ, path)
        data = MeetingInput(name=f"bench {rows}", start_date=DAY, end_date=DAY + dt.timedelta(days=1))
        meeting = create_meeting(org=org, actor=owner, with_playbook=False, data=data)
        import_s, peak_mb, base_mb, imported, errors = _child(IMPORT, path, meeting.pk)
        assert imported == rows and errors == 0, (imported, errors)
        print(
            f"{rows:7d} {read_s:12.2f} {import_s:9.2f} {import_s / read_s:5.2f}× {rows / import_s:8.0f} "
            f"{read_mb:8.0f} {peak_mb:10.0f} {base_mb:10.0f}"
        )
    meeting = create_meeting(
        org=org,
        actor=owner,
        with_playbook=False,
        data=MeetingInput(name="bench badges", start_date=DAY, end_date=DAY),
    )
    Attendee.objects.bulk_create(
        Attendee(org=org, meeting=meeting, name=SURNAMES[i % 20] + GIVEN[i % 12], mobile=f"+86137{i:08d}",
                 organisation=f"公司{i % 50}", title="经理", category="vip" if i % 10 == 0 else "regular")
        for i in range(1000)
    )  # fmt: skip
    for layout in ("a6", "a4"):
        t0 = time.perf_counter()
        pdf = render_badges(meeting, Attendee.objects.filter(meeting=meeting).order_by("id"), layout=layout)
        seconds = time.perf_counter() - t0
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(
            f"badges {layout.upper()}: 1000 attendees, {pages} pages in {seconds:.1f} s = "
            f"{1000 / seconds:.0f} badges/s, {pages / seconds:.1f} pages/s, {len(pdf) / 1e6:.1f} MB"
        )
    print(json.dumps({"note": "import figures include writing to SQLite; read-only = openpyxl only"}))
