from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from .base import Id, In


class BudgetIn(In):
    total: str = Field(..., max_length=20, description="two decimals at most")
    currency: str = Field("CNY", max_length=3)
    rate: str | None = Field(None, max_length=20, description="yuan per unit; required unless CNY")


class BudgetCategoryIn(In):
    key: str = Field(..., max_length=30)
    name: str = Field(..., max_length=100)
    share: str = Field(..., max_length=10, description="percent, two decimals at most")


class BudgetCategoriesIn(In):
    version: int = Field(..., ge=0, description="the budget's version you saw")
    categories: list[BudgetCategoryIn] = Field(..., min_length=1, max_length=30)


class BudgetLineIn(In):
    category_id: Id
    name: str = Field(..., max_length=200)
    unit_price: str = Field(..., max_length=20)
    quantity: str = Field("1", max_length=14)
    unit: str = Field("", max_length=20)
    tax_rate: str = Field("0", max_length=10)
    credit: bool = False
    supplier_id: Id | None = None
    contract_id: Id | None = None
    client_price: str | None = Field(None, max_length=20)
    notes: str = Field("", max_length=300)


class BudgetLineChangeIn(BudgetLineIn):
    version: int = Field(..., ge=0, description="the line's version you saw")


class FiguresOut(Schema):
    planned: str
    committed: str
    actual: str
    forecast: str
    variance: str
    variance_share: str | None = Field(description="% of the plan")


class BudgetLineOut(Schema):
    id: int
    category_id: int
    name: str
    quantity: str
    unit: str
    unit_price: str
    tax_rate: str
    credit: bool
    supplier_id: int | None
    contract_id: int | None
    client_price: str | None
    notes: str
    version: int
    figures: FiguresOut


class BudgetCategoryOut(Schema):
    id: int
    key: str
    name: str
    share: str
    moved: str = Field(description="money the weekly reviews moved in (+) or out (−)")
    tolerance: str | None = Field(description="its own tolerance (%); none: the catalogue's")
    figures: FiguresOut


class BudgetAlertOut(Schema):
    id: int
    scope: str = Field(description='"total" or a category\'s key')
    label: str
    direction: str = Field(description="over or under")
    planned: str
    forecast: str
    tolerance: str
    opened_at: datetime
    cleared_at: datetime | None
    cleared_forecast: str | None


class BudgetOut(Schema):
    id: int
    meeting_id: int
    total: str
    currency: str
    rate: str | None
    version: int
    figures: FiguresOut
    categories: list[BudgetCategoryOut]
    lines: list[BudgetLineOut]
    tolerance: str = Field(description="the guard's tolerance (%), from the standards catalogue")
    alerts: list[BudgetAlertOut]


class BudgetDecisionIn(In):
    line_id: Id
    kind: str = Field(..., max_length=12, description="renegotiate, replace, accept or move")
    reason: str = Field("", max_length=500)
    amount: str | None = Field(
        None, max_length=20, description="move: the amount; renegotiate: the price asked"
    )
    source_id: Id | None = Field(None, description="move: the category the money comes from")
    backup_id: Id | None = Field(None, description="replace: one of the meeting's backup candidates")


class BudgetDecisionOut(Schema):
    id: int
    line_id: int
    kind: str
    reason: str
    amount: str | None
    source_id: int | None
    backup_id: int | None
    variance: str
    decided_by: str | None
    decided_at: datetime


class BudgetReviewOut(Schema):
    id: int
    number: int
    opened_at: datetime
    signed_off_at: datetime | None
    signed_off_by: str | None
    notes: str
    snapshot: dict = Field(description="every figure at sign-off (empty while open)")
    decisions: list[BudgetDecisionOut]


class BudgetSignOffIn(In):
    notes: str = Field("", max_length=1000)


class BudgetRevisionIn(In):
    version: int = Field(..., ge=0, description="the budget's version you saw")
    reason: str = Field(..., max_length=500)
    total: str | None = Field(None, max_length=20, description="a new total; none: it stays")


class BudgetApprovalIn(In):
    approver: str = Field(..., max_length=100, description="the client's person who approved it")
    approved_on: date


class BudgetRevisionOut(Schema):
    id: int
    number: int
    reason: str
    total: str
    proposed_at: datetime
    approved_on: date | None
    approver: str
    diff: dict = Field(description="what changed from the revision before")


class BudgetScenarioIn(In):
    name: str = Field(..., max_length=100)
    attendance: int = Field(..., ge=1, le=1_000_000)


class BudgetScenarioRowOut(Schema):
    name: str
    planned: str
    scenario: str
    change: str


class BudgetScenarioOut(Schema):
    id: int
    name: str
    attendance: int
    adopted_at: datetime | None
    rows: list[BudgetScenarioRowOut]
    total: BudgetScenarioRowOut
