"""What a service command takes: one frozen, keyword-only dataclass per kind of record.

A page builds it from its form's cleaned data, the API from its schema, an import from a row, the demo by
hand; the command validates it and writes. A partial change (an API PATCH) is the record's current input
with the sent fields replaced::

    data = ClientInput.of(client).but(**payload.dict(exclude_unset=True))
    update_client(client=client, actor=user, data=data)

Subclasses declare their fields with the model's names (``of`` reads them from a record, ``values``
hands them to ``core.records``), and are themselves ``@dataclass(frozen=True, kw_only=True)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Self


@dataclasses.dataclass(frozen=True, kw_only=True)
class RecordInput:
    @classmethod
    def of(cls, obj: Any) -> Self:
        """The input that would save ``obj`` unchanged."""
        return cls(**{f.name: getattr(obj, f.name) for f in dataclasses.fields(cls)})

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Self:
        """The input from a form's cleaned data: the keys it declares, the rest ignored (a form may carry
        a field the command does not take, such as the key against double submission)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{name: value for name, value in data.items() if name in names})

    def but(self, **changes: Any) -> Self:
        """This input with ``changes`` (a PATCH); a name the input does not have is a TypeError."""
        return dataclasses.replace(self, **changes)

    def values(self, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
        """The fields as ``{name: value}`` for a record, leaving out ``without`` (those the command
        treats itself)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in without}
