"""List the Chinese catalogue's untranslated or fuzzy entries (dev helper; `make messages` first)."""

from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

for entry in polib.pofile(str(PO)):
    if not entry.translated() or "fuzzy" in entry.flags:
        print(f"{entry.occurrences[:1]} {entry.msgctxt or ''} {entry.msgid!r}")
