"""A WeChat nickname with emoji prints on the badge: the PDF embeds an emoji font beside the CJK one."""

import io

import pytest
from pypdf import PdfReader

from huiwu.attendees import services
from huiwu.attendees.pdf import render_badges

pytestmark = pytest.mark.integration


def test_an_emoji_name_prints_with_an_emoji_font(tenant_a):
    guest = services.save_attendee(
        meeting=tenant_a.meeting,
        actor=None,
        data=services.AttendeeInput(name="小美👩\u200d💻", mobile="13700000077"),
    )
    pdf = PdfReader(io.BytesIO(render_badges(tenant_a.meeting, [guest])))
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Color-Emoji" in f for f in fonts), fonts
    assert any("Noto-Sans-CJK-SC" in f for f in fonts), fonts
    assert "小美👩\u200d💻" in pdf.pages[0].extract_text()
