"""Opening an uploaded Excel workbook without trusting it.

An .xlsx file is a zip of XML parts, and both layers can be made to explode: a 433 KB file that
unpacks to 100 MB, XML entities that expand a billion times, or an external entity that reads a file
of the server. So before openpyxl sees a workbook its archive is measured (entries, unpacked bytes,
compression ratio), the XML is parsed by defusedxml (openpyxl uses it when it is installed, and the
project depends on it), and only the first *visible* sheet is read: a hidden first sheet is what a
person importing the file never saw."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

MAX_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# Real sheets compress 5-30 times; bombs compress hundreds or thousands of times.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024  # small parts may compress well without harm
# openpyxl reads the shared strings whole, even in read-only mode: this part alone is kept small.
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024


class WorkbookRefused(Exception):
    """The workbook is refused whole; ``message`` says why in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_archive(path: Path) -> None:
    """Refuse a workbook whose archive would unpack to too much, before anything is parsed."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookRefused(_("The file is damaged or not an Excel workbook (.xlsx).")) from None
    if len(entries) > MAX_ENTRIES:
        raise WorkbookRefused(_("The workbook has too many parts to be a spreadsheet."))
    unpacked = 0
    for entry in entries:
        unpacked += entry.file_size
        if (
            entry.filename.lower().endswith("sharedstrings.xml")
            and entry.file_size > MAX_SHARED_STRINGS_BYTES
        ):
            raise WorkbookRefused(
                _("The workbook holds more than %(limit)s MB of text: split it into parts.")
                % {"limit": MAX_SHARED_STRINGS_BYTES // (1024 * 1024)}
            )
        packed = max(entry.compress_size, 1)
        if entry.file_size > RATIO_FROM_BYTES and entry.file_size / packed > MAX_RATIO:
            raise WorkbookRefused(
                _("The workbook unpacks to far more than its size (a compression bomb): it is refused.")
            )
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookRefused(
            _("The workbook unpacks to more than %(limit)s MB: split it into parts.")
            % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


@dataclass
class Sheet:
    rows: Iterator[list]  # the visible sheet's rows as lists of values; parse errors become WorkbookRefused
    total: int  # its rows as the file declares them (an estimate), 0 when unknown
    workbook: Any
    file: IO[bytes]

    def close(self) -> None:
        self.workbook.close()
        self.file.close()


def open_sheet(
    path: Path, *, data_only: bool = False, max_rows: int | None = None, prefer: tuple[str, ...] = ()
) -> Sheet:
    """The first visible sheet of a checked workbook (the first visible one named in ``prefer``, when
    there is one), streamed (openpyxl read-only)."""
    from openpyxl import load_workbook

    check_archive(path)
    fh = path.open("rb")  # a file object: openpyxl would judge a path by its name
    try:
        workbook = load_workbook(fh, read_only=True, data_only=data_only)
        visible = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    except Exception:  # a broken, disguised or hostile archive: one sentence, not a traceback
        fh.close()
        raise WorkbookRefused(_("The file is damaged or not an Excel workbook (.xlsx).")) from None
    if not visible:
        workbook.close()
        fh.close()
        raise WorkbookRefused(_("The workbook has no visible sheet."))
    named = [ws for ws in visible if ws.title.strip().lower() in {p.lower() for p in prefer}]
    sheet = (named or visible)[0]
    try:
        total = sheet.max_row or 0
    except Exception:
        total = 0

    def rows() -> Iterator[list]:
        count = 0
        try:
            for row in sheet.iter_rows(values_only=True):
                count += 1
                if max_rows is not None and count > max_rows:
                    raise WorkbookRefused(
                        _("The sheet has more than %(limit)s rows: split it into parts.")
                        % {"limit": max_rows}
                    )
                yield list(row)
        except WorkbookRefused:
            raise
        except Exception:  # entities, external references, broken XML inside the sheet
            raise WorkbookRefused(_("The file is damaged or not an Excel workbook (.xlsx).")) from None

    return Sheet(rows(), total, workbook, fh)


def read_rows(
    path: Path, *, max_rows: int, data_only: bool = True, prefer: tuple[str, ...] = ()
) -> list[list]:
    """Every row of the first visible sheet (or the one named in ``prefer``) of a checked workbook (a
    small one: a catalogue), or ``WorkbookRefused``."""
    sheet = open_sheet(path, data_only=data_only, max_rows=max_rows, prefer=prefer)
    try:
        return list(sheet.rows)
    finally:
        sheet.close()
