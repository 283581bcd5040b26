import csv
import io
import json
import subprocess
import sys
import zoneinfo

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from huiwu.attendees import crypto
from huiwu.attendees.importing import FileRejected, run_import
from huiwu.attendees.models import Attendee, ImportMapping
from tests.factories.events import MeetingFactory

pytestmark = pytest.mark.integration

HEADER = ["姓名", "手机", "邮箱", "单位", "职务", "类别", "饮食禁忌", "到达航班/车次", "到达时间", "身份证号"]
GOOD = [
    [
        "张三",
        "13812341234",
        "zhang@example.com",
        "星海科技",
        "CTO",
        "贵宾",
        "清真",
        "CA1501",
        "2026-12-14 15:20",
        "11010519491231002X",
    ],
    ["李四", "１３９００００１１１１", "", "蓝鲸资本", "合伙人", "Speaker", "", "G102", "", ""],
    ["Alice Smith", "+44 7911 123456", "alice@example.com", "Acme", "VP", "媒体", "vegetarian", "", "", ""],
]


def xlsx(path, rows, header=HEADER, title_row=None):
    wb = Workbook()
    ws = wb.active
    if title_row:
        ws.append([title_row])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def meeting(db):
    return MeetingFactory()


def test_a_clean_file_imports_and_importing_it_again_changes_nothing(meeting, tmp_path):
    path = xlsx(tmp_path / "list.xlsx", GOOD)
    first = run_import(meeting=meeting, path=path)
    assert (first.imported, first.updated, first.unchanged, first.errors) == (3, 0, 0, [])
    zhang = Attendee.objects.get(meeting=meeting, mobile="+8613812341234")
    assert (zhang.category, zhang.diets, zhang.arrival_mode, zhang.arrival_number) == (
        "vip",
        ["halal"],
        "flight",
        "CA1501",
    )
    assert zhang.arrival_at.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai")).hour == 15
    assert zhang.id_number_hint == "002X" and "11010519491231002X" not in zhang.id_number_encrypted
    assert crypto.decrypt(zhang.id_number_encrypted) == "11010519491231002X"
    assert zhang.consent_method == "client" and zhang.consent_at is not None
    assert Attendee.objects.get(meeting=meeting, name="李四").mobile == "+8613900001111"
    assert Attendee.objects.get(meeting=meeting, name="Alice Smith").mobile == "+447911123456"
    again = run_import(meeting=meeting, path=path)
    assert (again.imported, again.updated, again.unchanged, again.errors) == (0, 0, 3, [])
    assert Attendee.objects.filter(meeting=meeting).count() == 3


def test_a_changed_row_updates_the_same_person(meeting, tmp_path):
    run_import(meeting=meeting, path=xlsx(tmp_path / "a.xlsx", GOOD))
    changed = [list(r) for r in GOOD]
    changed[0][4] = "CEO"
    outcome = run_import(meeting=meeting, path=xlsx(tmp_path / "b.xlsx", changed))
    assert (outcome.imported, outcome.updated, outcome.unchanged) == (0, 1, 2)
    assert Attendee.objects.get(meeting=meeting, name="张三").title == "CEO"


def test_bad_rows_are_reported_in_plain_words_and_good_rows_still_import(meeting, tmp_path):
    rows = [
        *GOOD,
        ["王五", "12345", "", "", "", "", "", "", "", ""],  # bad phone
        ['=HYPERLINK("http://evil","x")', "13700000001", "", "", "", "", "", "", "", ""],  # formula
        ["赵六", "=cmd|' /C calc'!A0", "", "", "", "", "", "", "", ""],  # formula in the phone
        ["钱七", "13700000002", "", "", "", "", "", "", "2026-02-30 10:00", ""],  # invalid date
        ["孙八\u202e", "13700000003", "", "", "", "", "", "", "", ""],  # right-to-left override
        ["周九😀", "13700000004", "", "", "", "", "", "", "", ""],  # emoji: a WeChat nickname, welcome
        ["吴十", "13700000005", "", "", "", "", "", "", "", "110105194912310021"],  # bad ID check digit
        ["张三", "13812341234", "", "", "", "", "", "", "", ""],  # duplicate of row 3 in the same file
        ["", "", "", "", "", "", "", "", "", ""],  # a blank row is skipped silently
        ["<script>alert(1)</script>", "13700000006", "", "", "", "", "", "", "", ""],  # HTML is kept as text
    ]
    outcome = run_import(meeting=meeting, path=xlsx(tmp_path / "bad.xlsx", rows))
    assert outcome.imported == 5
    by_row = {e["row"]: e for e in outcome.errors}
    assert set(by_row) == {5, 6, 7, 8, 9, 11, 12}
    assert by_row[5]["field"] == "mobile" and "mobile" in by_row[5]["message"].lower()
    assert "formula" in by_row[6]["message"] and "formula" in by_row[7]["message"]
    assert by_row[8]["field"] == "arrival_at"
    assert "direction" in by_row[9]["message"]
    assert Attendee.objects.filter(meeting=meeting, name="周九😀").exists()
    assert by_row[11]["field"] == "id_number"
    assert "row 2" in by_row[12]["message"]
    assert Attendee.objects.filter(meeting=meeting, name__startswith="<script>").exists()
    assert not Attendee.objects.filter(meeting=meeting, mobile="+8613700000001").exists()


def test_a_title_row_above_the_header_and_merged_cells_are_handled(meeting, tmp_path):
    path = xlsx(tmp_path / "titled.xlsx", GOOD, title_row="2026 数字经济峰会 参会名单")
    outcome = run_import(meeting=meeting, path=path)
    assert outcome.imported == 3 and outcome.errors == []
    assert outcome.rows == 3


def test_csv_in_gbk_with_english_headers_imports(meeting, tmp_path):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["Name", "Mobile", "E-mail", "Organization", "Title"])
    w.writerow(["陈一", "13600000001", "chen@example.com", "云帆", "经理"])
    path = tmp_path / "list.csv"
    path.write_bytes(buf.getvalue().encode("gb18030"))
    outcome = run_import(meeting=meeting, path=path)
    assert outcome.imported == 1
    assert Attendee.objects.get(meeting=meeting).organisation == "云帆"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.xlsx", None, "empty"),
        ("fake.xlsx", b"name,mobile\nx,13800000000\n", "not an Excel workbook"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Excel"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not a spreadsheet"),
        ("zero.csv", b"", "empty"),
        ("noheader.csv", "甲,乙\n丙,丁\n".encode(), "No header row"),
        ("broken.xlsx", b"PK\x03\x04garbage", "damaged"),
    ],
)
def test_whole_file_problems_refuse_the_file(meeting, tmp_path, name, content, message):
    path = tmp_path / name
    if content is None:
        Workbook().save(path)
    else:
        path.write_bytes(content)
    with pytest.raises(FileRejected) as exc:
        run_import(meeting=meeting, path=path, filename=name)
    assert message.lower() in exc.value.message.lower()
    assert not Attendee.objects.filter(meeting=meeting).exists()


def test_a_file_over_the_limit_is_refused_without_reading_it(meeting, tmp_path, monkeypatch):
    from huiwu.attendees import importing

    monkeypatch.setattr(importing, "MAX_BYTES", 1000)
    path = xlsx(tmp_path / "big.xlsx", GOOD * 20)
    with pytest.raises(FileRejected, match="MB"):
        run_import(meeting=meeting, path=path)


def test_columns_mapped_by_hand_are_remembered_for_the_organisation(meeting, tmp_path):
    from huiwu.attendees import importing

    path = xlsx(tmp_path / "own.xlsx", [["周一", "13500000001"]], header=["嘉宾", "移动电话"])
    with pytest.raises(FileRejected):
        run_import(meeting=meeting, path=path)  # nothing recognised
    table = importing.open_table(path)
    header = importing.Header(1, next(table.rows), {}, [])
    table.close()
    importing.remember(meeting.org, header, {0: "name", 1: "mobile"})
    assert ImportMapping.objects.get(org=meeting.org).columns == {"嘉宾": "name", "移动电话": "mobile"}
    outcome = run_import(meeting=meeting, path=path)
    assert outcome.imported == 1


def test_the_command_line_import_prints_one_json_line(meeting, tmp_path, capsys):
    path = xlsx(tmp_path / "cli.xlsx", [*GOOD, ["坏", "1", "", "", "", "", "", "", "", ""]])
    call_command("import_attendees", str(path), "--org", meeting.org.slug, "--meeting", str(meeting.pk))
    out = json.loads(capsys.readouterr().out.strip())
    assert out["meeting"] == meeting.pk and out["imported"] == 3 and out["unchanged"] == 0
    assert out["errors"] == [{"row": 5, "field": "mobile", "message": out["errors"][0]["message"]}]
    call_command("import_attendees", str(path), "--org", meeting.org.slug, "--new-meeting", "新会议")
    out = json.loads(capsys.readouterr().out.strip())
    assert out["meeting"] != meeting.pk and out["imported"] == 3


def test_the_command_line_exits_non_zero_only_for_a_refused_file(meeting, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(SystemExit) as exc:
        call_command("import_attendees", str(bad), "--org", meeting.org.slug, "--meeting", str(meeting.pk))
    assert exc.value.code == 1


def test_the_huiwu_command_knows_import_attendees(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "huiwu", "import-attendees", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "--new-meeting" in result.stdout


def test_export_cells_never_run_as_formulas(meeting, tmp_path):
    from huiwu.core.excel import workbook

    wb = workbook(["h"], [["=1+1"], ["=cmd|' /C calc'!A0"], ["@SUM(A1)"], ["+86 138"], ["-5"], ["plain"]])
    path = tmp_path / "out.xlsx"
    wb.save(path)
    cells = [r[0] for r in load_workbook(path).active.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in cells] == ["'=1+1", "'=cmd|' /C calc'!A0", "'@SUM(A1)", "+86 138", "-5", "plain"]


def test_merged_header_cells_are_reported_not_guessed(meeting, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "手机", "到达信息", None])
    ws.append([None, None, "航班", "时间"])
    ws.merge_cells("C1:D1")
    ws.append(["周一", "13500000001", "CA1501", "2026-12-14 15:20"])
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    outcome = run_import(meeting=meeting, path=path)
    assert outcome.imported == 1
    assert any("Column D" in w and "merged" in w for w in outcome.warnings)
    assert any("Column C" in w for w in outcome.warnings)
    assert outcome.errors == [{"row": 2, "field": "name", "message": "A name is needed."}]
