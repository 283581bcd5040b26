"""Attendee lists from Excel (.xlsx) or CSV: find the header row, map columns (common Chinese and
English names without help, the organisation's own names remembered), check every row, import the
valid ones, report the others in plain words.

Streaming throughout (openpyxl read-only, csv reader) and written in batches, so memory stays flat
in the number of rows. A row is imported whole or not at all; a file refused whole imports nothing.
Importing the same file again changes nothing: people are recognised by mobile number or e-mail.
"""

from __future__ import annotations

import base64
import codecs
import csv
import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core.workbooks import WorkbookRefused, open_sheet

from . import crypto
from .enums import ConsentMethod, Source
from .models import Attendee, ImportMapping
from .validation import (
    clean_name,
    clean_text,
    contact_problem,
    looks_like_formula,
    normalise_email,
    normalise_id_number,
    normalise_mobile,
    normalise_travel_number,
    parse_bool,
    parse_category,
    parse_diets,
    parse_language,
    parse_moment,
    parse_services,
    split_list,
    travel_mode,
)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000  # the largest meeting's list; a longer file is split
MAX_ERRORS = 1_000  # rows reported one by one; beyond that only counted
BATCH = 2000
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    names: tuple[str, ...]


COLUMNS = [
    Column("name", _("Name"), ("姓名", "名字", "嘉宾姓名", "参会人", "参会人姓名", "name", "fullname")),
    Column(
        "mobile",
        _("Mobile"),
        (
            "手机",
            "手机号",
            "手机号码",
            "电话",
            "联系电话",
            "联系方式",
            "mobile",
            "phone",
            "mobilephone",
            "tel",
            "cell",
        ),
    ),
    Column("email", _("E-mail"), ("邮箱", "电子邮箱", "电子邮件", "邮件", "email", "mail", "emailaddress")),
    Column(
        "organisation",
        _("Organisation"),
        ("单位", "公司", "工作单位", "机构", "所在单位", "organisation", "organization", "company"),
    ),
    Column("title", _("Job title"), ("职务", "职位", "职称", "title", "jobtitle", "position")),
    Column("category", _("Category"), ("类别", "类型", "身份", "嘉宾类别", "参会类别", "category", "type")),
    Column(
        "diets",
        _("Dietary needs"),
        (
            "饮食",
            "饮食禁忌",
            "饮食需求",
            "饮食要求",
            "忌口",
            "dietary",
            "diet",
            "dietaryneeds",
            "dietary requirements",
        ),
    ),
    Column("accessibility", _("Accessibility needs"), ("无障碍", "无障碍需求", "特殊需求", "accessibility")),
    Column("language", _("Language"), ("语言", "language")),
    Column(
        "arrival_number",
        _("Arrival flight / train"),
        (
            "到达航班/车次",
            "到达航班",
            "到达车次",
            "抵达航班",
            "抵达航班/车次",
            "arrivalflight",
            "arrival",
            "arrivalnumber",
        ),
    ),
    Column("arrival_at", _("Arrives at"), ("到达时间", "抵达时间", "arrivaltime", "arrivesat")),
    Column(
        "departure_number",
        _("Departure flight / train"),
        (
            "返程航班/车次",
            "返程航班",
            "返程车次",
            "离开航班",
            "departureflight",
            "departure",
            "departurenumber",
        ),
    ),
    Column("departure_at", _("Leaves at"), ("返程时间", "离开时间", "离会时间", "departuretime", "leavesat")),
    Column("hotel", _("Hotel"), ("酒店", "入住酒店", "住宿酒店", "hotel")),
    Column("pickup", _("Pick-up"), ("接站", "接机", "接送", "是否接站", "是否接机", "pickup", "pick-up")),
    Column("services", _("Special services"), ("特殊服务", "服务需求", "services", "specialservices")),
    Column("tags", _("Tags"), ("标签", "tags", "tag")),
    Column("table_number", _("Table"), ("桌号", "table", "tablenumber")),
    Column(
        "id_number",
        _("ID card number"),
        ("身份证", "身份证号", "身份证号码", "idnumber", "idcard", "idcardnumber"),
    ),
    Column("note", _("Reception notes"), ("备注", "note", "notes", "remarks")),
]
BY_KEY = {c.key: c for c in COLUMNS}


def normalise_header(value) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).lower()
    text = re.sub(r"[（(][^)）]*[)）]", "", text)  # "手机（必填）", "Mobile (required)"
    return re.sub(r"[\s*:_\-.]", "", text)


_KNOWN = {normalise_header(n): c.key for c in COLUMNS for n in c.names}


# The whole file is refused (nothing imported); ``message`` says why. The workbook checks raise it too.
FileRejected = WorkbookRefused


# --- reading ---


@dataclass
class Table:
    rows: Iterator[list]  # every row, from the first, as lists of cell values
    total: int  # rows in the file (estimate for .xlsx), 0 when unknown
    close: Callable[[], None]


def open_table(path: Path, filename: str = "") -> Table:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise FileRejected(
            gettext("The file is %(size)s MB; at most %(limit)s MB can be imported. Split it into parts.")
            % {"size": size // (1024 * 1024), "limit": MAX_BYTES // (1024 * 1024)}
        )
    if size == 0:
        raise FileRejected(gettext("The file is empty."))
    with path.open("rb") as fh:
        head = fh.read(4096)
    suffix = Path(filename or path.name).suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(gettext("This is an old Excel file (.xls): save it as .xlsx and import that."))
    if suffix == ".xlsx":
        raise FileRejected(gettext("The file is named .xlsx but is not an Excel workbook."))
    if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8")):
        raise FileRejected(gettext("This is not a spreadsheet: import an Excel (.xlsx) or CSV file."))
    return _open_csv(path, head)


def _open_xlsx(path: Path) -> Table:
    sheet = open_sheet(path, max_rows=MAX_ROWS + HEADER_SEARCH_ROWS)
    return Table(sheet.rows, sheet.total, sheet.close)


def _open_csv(path: Path, head: bytes) -> Table:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "gb18030"  # what Excel in Chinese saves CSV as
    with path.open("rb") as fh:
        total = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    text = head.decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 20)[0] if "\n" in text else text, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    fh = path.open("rb")
    stream = io.TextIOWrapper(fh, encoding=encoding, errors="strict", newline="")

    def rows():
        try:
            yield from csv.reader(stream, delimiter=delimiter)
        except UnicodeDecodeError:
            raise FileRejected(
                gettext("The file mixes text encodings: save it again as UTF-8 CSV.")
            ) from None
        except csv.Error as exc:
            raise FileRejected(gettext("The CSV file is malformed: %(error)s") % {"error": exc}) from None

    return Table(rows(), total, stream.close)


# --- the header ---


def remembered(org) -> dict[str, str]:
    row = ImportMapping.objects.filter(org=org).first()
    return row.columns if row else {}


def guess(header: list, memory: dict[str, str]) -> dict[int, str]:
    """Column index → field, from the organisation's remembered names first, then the common ones."""
    mapping, used = {}, set()
    for i, cell in enumerate(header):
        key = normalise_header(cell)
        if not key:
            continue
        target = memory.get(key) or _KNOWN.get(key)
        if target and target not in used:
            mapping[i] = target
            used.add(target)
    return mapping


@dataclass
class Header:
    row: int  # 1-based row number of the header
    cells: list
    mapping: dict[int, str]
    preview: list[list]  # the first rows after the header


def find_header(table: Table, memory: dict[str, str], preview_rows: int = 0) -> Header:
    content = False
    for number in range(1, HEADER_SEARCH_ROWS + 1):
        try:
            cells = next(table.rows)
        except StopIteration:
            break
        content = content or any(cell_text(c) for c in cells)
        mapping = guess(cells, memory)
        if len(mapping) >= 2 or "name" in mapping.values():
            preview = []
            for _i in range(preview_rows):
                try:
                    preview.append(next(table.rows))
                except StopIteration:
                    break
            return Header(number, cells, mapping, preview)
    if not content:
        raise FileRejected(gettext("The sheet is empty."))
    raise FileRejected(
        gettext(
            "No header row in the first %(n)s rows: the column names (姓名/Name, 手机/Mobile, ...) must "
            "be in one row."
        )
        % {"n": HEADER_SEARCH_ROWS}
    )


def check_mapping(header: Header, mapping: dict[int, str]) -> list[str]:
    """Problems that refuse the file, and warnings (columns that will be ignored)."""
    fields = list(mapping.values())
    twice = sorted({f for f in fields if fields.count(f) > 1})
    if twice:
        raise FileRejected(
            gettext("Two columns are mapped to the same field: %(fields)s.")
            % {"fields": ", ".join(str(BY_KEY[f].label) for f in twice)}
        )
    if "name" not in fields:
        raise FileRejected(gettext("No column holds the names (姓名 / Name)."))
    if "mobile" not in fields and "email" not in fields:
        raise FileRejected(
            gettext("No column holds mobile numbers or e-mails: people could not be recognised.")
        )
    warnings = []
    for i, cell in enumerate(header.cells):
        if i not in mapping and (
            cell not in (None, "") or any(i < len(r) and r[i] not in (None, "") for r in header.preview)
        ):
            warnings.append(
                gettext("Column %(col)s (%(name)s) is not imported.")
                % {
                    "col": column_letter(i),
                    "name": cell if cell not in (None, "") else gettext("no name: merged cells?"),
                }
            )
    return warnings


def _unnamed_warning(i: int) -> str:
    return gettext("Column %(col)s (%(name)s) is not imported.") % {
        "col": column_letter(i),
        "name": gettext("no name: merged cells?"),
    }


def _warned(warnings: list[str], i: int) -> bool:
    return _unnamed_warning(i) in warnings


def column_letter(index: int) -> str:
    out, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def remember(org, header: Header, mapping: dict[int, str]) -> None:
    """Keep the names this file used that are not common ones, for the organisation's next file."""
    learned = {
        normalise_header(header.cells[i]): f
        for i, f in mapping.items()
        if i < len(header.cells)
        and normalise_header(header.cells[i])
        and _KNOWN.get(normalise_header(header.cells[i])) != f
    }
    if learned:
        row, _created = ImportMapping.objects.get_or_create(org=org)
        row.columns = {**row.columns, **learned}
        row.save(update_fields=["columns"])


# --- rows ---


def cell_text(value) -> str:
    """A cell as the text a person sees (12.0 → \"12\")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def clean_row(cells: list, mapping: dict[int, str], tz_name: str) -> tuple[dict, list[tuple[str, str]]]:
    """(model fields, [(field, message)]) for one row; fields with empty cells are left out."""
    out, errors = {}, []
    for index, key in mapping.items():
        raw = cells[index] if index < len(cells) else None
        text = cell_text(raw)
        if not text and key != "name":
            continue
        try:
            if text[:1] == "=" and isinstance(raw, str):
                raise ValidationError(
                    gettext("This looks like a spreadsheet formula; type the value itself.")
                )
            simple = _SIMPLE.get(key)
            if simple is not None:
                out[key] = simple(text)
            else:
                out.update(_clean_field(key, raw, text, tz_name))
        except ValidationError as exc:
            errors.append((key, " ".join(exc.messages)))
    if not errors and (problem := contact_problem(out.get("mobile", ""), out.get("email", ""))):
        errors.append(("mobile", problem))
    return out, errors


def _mobile(text: str) -> str:
    if looks_like_formula(text) and not text.startswith("+"):
        raise ValidationError(gettext("This looks like a spreadsheet formula; type the value itself."))
    return normalise_mobile(text)


# Fields that are one cleaned value each (the others set several fields).
_SIMPLE = {
    "name": clean_name,
    "mobile": _mobile,
    "email": normalise_email,
    "organisation": lambda t: clean_text(t, max_length=200),
    "hotel": lambda t: clean_text(t, max_length=200),
    "title": lambda t: clean_text(t, max_length=100),
    "accessibility": lambda t: clean_text(t, max_length=200),
    "note": lambda t: clean_text(t, max_length=2000),
    "table_number": lambda t: clean_text(t, max_length=20),
    "language": parse_language,
    "services": parse_services,
    "id_number": normalise_id_number,
}


def _clean_field(key: str, raw, text: str, tz_name: str) -> dict:
    if key == "category":
        category, custom = parse_category(text)
        return {"category": category, "custom_category": custom}
    if key == "diets":
        clean_text(text, max_length=400)
        diets, allergies, note = parse_diets(text)
        return {"diets": diets, "allergies": allergies, "diet_note": note}
    if key in ("arrival_number", "departure_number"):
        number = normalise_travel_number(text)
        return {key: number, key.replace("_number", "_mode"): travel_mode(number)}
    if key in ("arrival_at", "departure_at"):
        return {key: parse_moment(raw if not isinstance(raw, str) else text, tz_name)}
    if key == "pickup":
        return {"pickup": bool(parse_bool(text if isinstance(raw, str) else raw))}
    if key == "tags":
        return {"tags": [clean_text(t, max_length=30) for t in split_list(text)][:20]}
    raise ValueError(key)


# --- the import ---


@dataclass
class Outcome:
    meeting: int
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)  # {"row", "field", "message"}, the first MAX_ERRORS
    error_rows: int = 0  # every row not imported, listed or not
    warnings: list[str] = field(default_factory=list)

    def refuse(self, row: int, errors: list[tuple[str, str]]) -> None:
        """A row not imported: counted always, listed while the list is short enough to read."""
        self.error_rows += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors += [{"row": row, "field": f, "message": m} for f, m in errors]

    def as_dict(self) -> dict:
        return {
            "meeting": self.meeting,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
            "error_rows": self.error_rows,
        }


def run_import(
    *,
    meeting,
    path: Path,
    filename: str = "",
    mapping: dict[int, str] | None = None,
    consent_method: str = ConsentMethod.CLIENT,
    consent_scope: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Import the file into the meeting. Raises ``FileRejected`` (nothing imported) for a bad file."""
    table = open_table(path, filename)
    try:
        header = find_header(table, remembered(meeting.org))
        if mapping is not None:
            header.mapping = {int(i): f for i, f in mapping.items() if f}
        outcome = Outcome(meeting=meeting.pk)
        outcome.warnings = check_mapping(header, header.mapping)
        # Columns without a name (merged header cells) that turn out to hold values are reported.
        unnamed = [
            i
            for i in range(len(header.cells))
            if i not in header.mapping and header.cells[i] in (None, "") and not _warned(outcome.warnings, i)
        ]
        unnamed_used: set[int] = set()
        scope = consent_scope or gettext("Attendee list supplied by the client for this meeting")
        # An empty list needs no look-up per batch (someone adding a person meanwhile is caught by
        # the unique constraints and handled row by row).
        lookup = Attendee.objects.filter(meeting=meeting).exists()
        seen: dict[str, int] = {}
        batch: list[tuple[int, dict]] = []
        number = header.row
        for cells in table.rows:
            number += 1
            if not any(c is not None and c != "" and (not isinstance(c, str) or c.strip()) for c in cells):
                continue
            outcome.rows += 1
            for i in unnamed:
                if i < len(cells) and cells[i] not in (None, "") and i not in unnamed_used:
                    unnamed_used.add(i)
                    outcome.warnings.append(_unnamed_warning(i))
            data, errors = clean_row(cells, header.mapping, meeting.timezone)
            if not errors:
                for key in ("mobile", "email", "id_number"):
                    value = data.get(key)
                    if value and value in seen:
                        errors.append(
                            (
                                key,
                                gettext("The same person as row %(row)s (same %(field)s).")
                                % {"row": seen[value], "field": BY_KEY[key].label},
                            )
                        )
                        break
            if errors:
                outcome.refuse(number, errors)
            else:
                for key in ("mobile", "email", "id_number"):
                    if data.get(key):
                        seen[data[key]] = number
                batch.append((number, data))
            if len(batch) >= BATCH:
                _write(meeting, batch, outcome, consent_method, scope, lookup)
                batch = []
                if progress:
                    progress(number, max(table.total, number))
        if batch:
            _write(meeting, batch, outcome, consent_method, scope, lookup)
        if progress:
            progress(number, number)
    finally:
        table.close()
    return outcome


def _apply(attendee: Attendee, data: dict) -> bool:
    changed = False
    for key, value in data.items():
        if key == "id_number":
            if crypto.decrypt(attendee.id_number_encrypted) != value:
                attendee.id_number_encrypted, attendee.id_number_hint = crypto.encrypt(value), value[-4:]
                attendee.id_number_digest = crypto.digest(value)
                changed = True
        elif getattr(attendee, key) != value:
            setattr(attendee, key, value)
            changed = True
    return changed


def _new(meeting, data: dict, consent_method: str, scope: str, now) -> Attendee:
    id_number = data.pop("id_number", "")
    attendee = Attendee(
        org=meeting.org,
        meeting=meeting,
        source=Source.IMPORT,
        consent_method=consent_method,
        consent_scope=scope[:300],
        consent_at=now,
        **data,
    )
    if id_number:
        attendee.id_number_encrypted, attendee.id_number_hint = crypto.encrypt(id_number), id_number[-4:]
        attendee.id_number_digest = crypto.digest(id_number)
    return attendee


UPDATABLE = sorted(
    {*(f.name for f in Attendee._meta.concrete_fields)}
    - {"id", "org", "meeting", "token", "badge_secret", "created_at"}
)


def _write(
    meeting, batch: list[tuple[int, dict]], outcome: Outcome, consent_method: str, scope: str, lookup: bool
) -> None:
    mobiles = [d["mobile"] for _n, d in batch if d.get("mobile")]
    emails = [d["email"] for _n, d in batch if d.get("email")]
    # Two look-ups, each on its partial unique index (non-empty values only).
    existing = (
        [
            *Attendee.objects.filter(meeting=meeting, mobile__in=mobiles).exclude(mobile="").order_by(),
            *Attendee.objects.filter(meeting=meeting, email__in=emails).exclude(email="").order_by(),
        ]
        if lookup
        else []
    )
    by_mobile, by_email = {}, {}
    for a in existing:
        if a.mobile:
            by_mobile[a.mobile] = a
        if a.email:
            by_email[a.email] = a
    now = timezone.now()
    new, changed = [], []
    for number, data in batch:
        a = by_mobile.get(data.get("mobile")) if data.get("mobile") else None
        b = by_email.get(data.get("email")) if data.get("email") else None
        if a and b and a.pk != b.pk:
            message = gettext("The mobile number belongs to %(a)s and the e-mail to %(b)s on the list.")
            outcome.refuse(number, [("email", message % {"a": a.name, "b": b.name})])
            continue
        match = a or b
        if match is None:
            new.append((number, data))
        elif _apply(match, data):
            match.updated_at = now
            changed.append((number, match))
        else:
            outcome.unchanged += 1
    try:
        with transaction.atomic():
            if new:
                _Inserter.for_meeting(meeting, consent_method, scope, now).insert([d for _n, d in new])
            if changed:
                Attendee.objects.bulk_update([a for _n, a in changed], UPDATABLE, batch_size=BATCH)
        outcome.imported += len(new)
        outcome.updated += len(changed)
    except IntegrityError:
        # Someone added one of these people while the file was importing: go row by row.
        created_rows = [(n, _new(meeting, dict(d), consent_method, scope, now)) for n, d in new]
        for created, rows in ((True, created_rows), (False, changed)):
            for number, attendee in rows:
                try:
                    with transaction.atomic():
                        attendee.save()
                except IntegrityError:
                    outcome.refuse(number, [("mobile", gettext("Already on the list (added meanwhile)."))])
                    continue
                if created:
                    outcome.imported += 1
                else:
                    outcome.updated += 1


def _sqlite_moment(value):
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")


class _Inserter:
    """New attendees written with one executemany: the ORM's per-value preparation of ~50 columns
    was most of an import's time. Every column is prepared once with its field's own
    ``get_db_prep_save``; per row only the imported fields, the two random tokens and the
    encrypted ID number change."""

    def __init__(self, fields, template: list, index: dict[str, int], prepare: dict):
        self.fields, self.template, self.index, self.prepare = fields, template, index, prepare
        self.plain = {
            f.name for f in fields if isinstance(f, (models.CharField, models.TextField, models.BooleanField))
        }

    @classmethod
    def for_meeting(cls, meeting, consent_method: str, scope: str, now) -> _Inserter:
        fields = [f for f in Attendee._meta.concrete_fields if not f.primary_key]
        sample = _new(meeting, {"name": ""}, consent_method, scope, now)
        sample.created_at = sample.updated_at = now
        template = [f.get_db_prep_save(getattr(sample, f.attname), connection) for f in fields]
        index = {f.name: i for i, f in enumerate(fields)}
        prepare = {f.name: (lambda v, f=f: f.get_db_prep_save(v, connection)) for f in fields}
        if connection.vendor == "sqlite":  # what Django stores, without its per-value time-zone look-ups
            for f in fields:
                if isinstance(f, models.DateTimeField):
                    prepare[f.name] = _sqlite_moment
        return cls(fields, template, index, prepare)

    def insert(self, rows: list[dict]) -> None:
        index, prepare, plain = self.index, self.prepare, self.plain
        values = []
        for data in rows:
            row = list(self.template)
            for key, value in data.items():
                if key == "id_number":
                    row[index["id_number_encrypted"]] = crypto.encrypt(value)
                    row[index["id_number_hint"]] = value[-4:]
                    row[index["id_number_digest"]] = crypto.digest(value)
                else:
                    row[index[key]] = value if key in plain else prepare[key](value)
            raw = os.urandom(36)  # two tokens as new_token() makes them, from one system call
            row[index["token"]] = base64.urlsafe_b64encode(raw[:18]).decode()
            row[index["badge_secret"]] = base64.urlsafe_b64encode(raw[18:]).decode()
            values.append(row)
        table = connection.ops.quote_name(Attendee._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        with connection.cursor() as cursor:
            # names from the model's metadata, quoted by the backend; values are parameters
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)  # noqa: S608
