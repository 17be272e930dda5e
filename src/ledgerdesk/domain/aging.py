"""Aging buckets of receivables: not due, 1–30, 31–60, 61–90 and over 90 days past due."""

from __future__ import annotations

from datetime import date

BUCKETS = ("not_due", "1_30", "31_60", "61_90", "over_90")


def days_past_due(due: date | None, as_of: date) -> int:
    return 0 if due is None else max((as_of - due).days, 0)


def bucket_for(due: date | None, as_of: date) -> str:
    days = days_past_due(due, as_of)
    if days == 0:
        return "not_due"
    if days <= 30:
        return "1_30"
    if days <= 60:
        return "31_60"
    if days <= 90:
        return "61_90"
    return "over_90"


def empty() -> dict[str, int]:
    return {bucket: 0 for bucket in BUCKETS}
