"""No template marks data as safe: JSON for scripts goes through json_script (which escapes </script>),
and the only unescaped values are the SVG QR codes the server draws itself."""

import re
from pathlib import Path

import pytest

import huiwu

pytestmark = pytest.mark.unit

ALLOWED = {"qr_svg|safe"}


def test_no_template_marks_user_data_safe():
    found = []
    for path in Path(huiwu.__file__).parent.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"[\w.]+\|safe\b|autoescape off", text):
            if match.group(0) not in ALLOWED:
                found.append(f"{path.name}: {match.group(0)}")
    assert found == []
