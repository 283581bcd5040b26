from __future__ import annotations

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
    figures: FiguresOut


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
