"""The catalogue of service standards, and a meeting's own figures for its client. Figures travel as
decimal strings ("1.15") so that none is rounded on the way; a number is accepted too."""

from decimal import Decimal

from ninja import Field, Schema

from .base import In


class StandardOut(Schema):
    id: int
    key: str
    area: str
    kind: str = Field(description="minimum, maximum, range, ratio, deadline or flag")
    unit: str
    anchor: str = Field(description="what a deadline counts from (before_t, before_start, …)")
    low: str | None = Field(description="a decimal as a string, exactly as held (no rounding)")
    high: str | None
    enabled: bool
    overridden: bool = Field(False, description="the meeting's own figure")
    figure: str = Field(description="as people read it: ≥ 1.2 m, 22-26 °C")
    label: str
    applies_to: str
    variant: str = Field("", description="the source document the figure is from, or org")
    version: int = Field(0, description="the rule's version: send it back to change the rule")


class CatalogueOut(Schema):
    version: int = Field(description="the catalogue's version (reports name the version they used)")
    standards: list[StandardOut]


class FigureIn(In):
    low: Decimal | None = Field(None, description="for a minimum, a range, a ratio and a deadline")
    high: Decimal | None = Field(None, description="for a maximum and a range")
    unit: str | None = Field(
        None, max_length=10, description="a unit of the same measure; the rule's if left out"
    )
    enabled: bool = True
    reason: str = Field(..., min_length=1, max_length=500)
    version: int = Field(..., ge=1, description="the rule's version you saw")


class VariantIn(In):
    variant: str = Field(..., max_length=10, description="000 or 001 (the source document), or case")
    reason: str = Field(..., min_length=1, max_length=500)
    version: int = Field(..., ge=1)


class OverrideIn(In):
    low: Decimal | None = None
    high: Decimal | None = None
    enabled: bool = True
    reason: str = Field(..., min_length=1, max_length=500)


class ReasonIn(In):
    reason: str = Field(..., min_length=1, max_length=500)


class VisualCheckOut(Schema):
    field: str
    value: Decimal
    required: Decimal
    unit: str = Field(description='":1" for a contrast ratio, "pt" for a text size')
    holds: bool
    text: str


class IdentityOut(Schema):
    """The visual identity and its checks against the standards (WCAG contrast, signage size)."""

    primary: str
    on_primary: str
    text: str
    background: str
    signage_font: int
    version: int
    checks: list[VisualCheckOut]


class IdentityIn(In):
    primary: str = Field(..., max_length=7, description="#rrggbb")
    on_primary: str = Field(..., max_length=7)
    text: str = Field(..., max_length=7)
    background: str = Field(..., max_length=7)
    signage_font: int = Field(..., description="points")
    version: int = Field(..., ge=0, description="the version you saw (an older one is a 409)")
