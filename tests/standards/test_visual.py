"""The visual identity against the standards: the WCAG contrast of text on its background (≥ 4.5:1 by
default) and the signage text size (≥ 32 pt), on the identity page and on the badge templates."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from huiwu.attendees.models import BadgeTemplate
from huiwu.standards import visual
from huiwu.standards.errors import BelowStandard, ColourInvalid, FigureInvalid, Stale
from huiwu.standards.models import Identity, Rule
from huiwu.standards.services import FigureInput, IdentityInput, set_identity, update_rule

colours = st.from_regex(r"\A#[0-9a-f]{6}\Z")


@pytest.mark.unit
def test_the_wcag_formula():
    assert visual.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert visual.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert visual.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the known grey limit
    assert visual.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    with pytest.raises(ValueError):
        visual.luminance("blue")


@pytest.mark.unit
@given(colours, colours)
def test_contrast_is_symmetric_and_bounded(a, b):
    ratio = visual.contrast(a, b)
    assert ratio == pytest.approx(visual.contrast(b, a))
    assert 1.0 <= ratio <= 21.0 + 1e-9


GOOD = {
    "primary": "#1d4ed8",
    "on_primary": "#ffffff",
    "text": "#111827",
    "background": "#ffffff",
    "signage_font": 36,
}


@pytest.mark.integration
def test_an_identity_that_meets_the_standards_is_saved(tenant_a):
    saved = set_identity(org=tenant_a.org, actor=tenant_a.owner, data=IdentityInput(**GOOD), version=0)
    assert (saved.primary, saved.version) == ("#1d4ed8", 1)
    with pytest.raises(Stale):
        set_identity(org=tenant_a.org, actor=tenant_a.owner, data=IdentityInput(**GOOD), version=0)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        ({"on_primary": "#93c5fd"}, BelowStandard, "on_primary"),  # light blue on blue: 3.7:1
        ({"text": "#777777"}, BelowStandard, "text"),  # 4.48:1, just under
        ({"signage_font": 24}, BelowStandard, "signage_font"),
        ({"primary": "blue"}, ColourInvalid, "primary"),
        ({"background": "#fff"}, ColourInvalid, "background"),
        ({"signage_font": 0}, FigureInvalid, "signage_font"),
    ],
)
def test_falling_short_is_refused_and_changes_nothing(tenant_a, change, error, field):
    with pytest.raises(error) as refused:
        set_identity(
            org=tenant_a.org, actor=tenant_a.owner, data=IdentityInput(**{**GOOD, **change}), version=0
        )
    assert refused.value.details["field"] == field
    assert not Identity.objects.filter(org=tenant_a.org).exists()


@pytest.mark.integration
def test_the_organisations_figure_decides(tenant_a):
    rule = Rule.objects.get(org=tenant_a.org, key="visual.contrast")
    update_rule(
        rule=rule, actor=None, data=FigureInput(low=7, unit="×"), reason="AAA 级", version=rule.version
    )
    with pytest.raises(BelowStandard) as refused:  # white on #1d4ed8 is 6.7:1: enough for AA, not AAA
        set_identity(org=tenant_a.org, actor=tenant_a.owner, data=IdentityInput(**GOOD), version=0)
    assert "6.7" in str(refused.value.message) and "7" in str(refused.value.message)


@pytest.mark.integration
def test_the_identity_page_shows_the_failures_beside_the_colours(owner_client, tenant_a):
    url = reverse("standards:identity", kwargs={"org": tenant_a.org.slug})
    page = owner_client.get(url).content.decode()
    assert 'data-testid="check-on_primary"' in page and "✓" in page
    bad = owner_client.post(url, {**GOOD, "on_primary": "#93c5fd", "version": 0})
    html = bad.content.decode()
    assert bad.status_code == 422
    assert "对比度" in html and "标准要求至少 4.5:1" in html
    assert 'fill="#93c5fd"' in html  # the preview shows what was typed
    assert owner_client.post(url, {**GOOD, "version": 0}).status_code == 302
    assert Identity.objects.get(org=tenant_a.org).version == 1


@pytest.mark.integration
def test_a_badge_band_whose_text_does_not_stand_out_is_refused(owner_client, tenant_a):
    url = reverse("attendees:badge-templates", kwargs={"org": tenant_a.org.slug})
    form = {}
    for category in ("vip", "speaker", "media", "staff", "regular", "custom"):
        form.update(
            {
                f"{category}-colour": "#1d4ed8",
                f"{category}-text_colour": "#ffffff",
                f"{category}-layout": "a6",
            }
        )
    form["media-colour"] = "#fde68a"  # pale yellow under white text
    refused = owner_client.post(url, form)
    assert refused.status_code == 400 and "对比度" in refused.content.decode()
    assert not BadgeTemplate.objects.filter(org=tenant_a.org).exists()
    form["media-text_colour"] = "#111827"  # dark text on the pale band
    assert owner_client.post(url, form).status_code == 302
    assert BadgeTemplate.objects.get(org=tenant_a.org, category="media").text_colour == "#111827"


@pytest.mark.integration
def test_the_api(api, tenant_a):
    client = api(tenant_a.raw_token)
    shown = client.get("/api/v1/visual-identity").json()
    assert shown["version"] == 0 and all(c["holds"] for c in shown["checks"])
    short = client.put("/api/v1/visual-identity", {**GOOD, "signage_font": 20, "version": 0})
    assert short.status_code == 422 and short.json()["code"] == "visual_below_standard"
    assert short.json()["details"]["failures"] == ["signage_font"]
    saved = client.put("/api/v1/visual-identity", {**GOOD, "primary": "#9f1239", "version": 0})
    assert saved.status_code == 200 and saved.json()["version"] == 1
    assert client.put("/api/v1/visual-identity", {**GOOD, "version": 0}).status_code == 409
