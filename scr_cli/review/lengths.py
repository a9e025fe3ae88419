"""A span of time a rule allows (working days, days, weeks or months), shared by every kind of rule."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Length:
    """A span of time a rule allows: working days, days, weeks or months."""

    unit: str  # working_days | days | weeks | months
    amount: int

    def describe(self) -> str:
        names = {"working_days": "working day", "days": "day", "weeks": "week", "months": "month"}
        word = names[self.unit]
        return f"{self.amount} {word}{'' if self.amount == 1 else 's'}"


def length_from(raw: dict[str, int]) -> Length:
    """A Length from the regime file's one-key mapping, e.g. {working_days: 20}."""
    (unit, amount), = raw.items()
    return Length(unit, int(amount))
