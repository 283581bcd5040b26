"""Reads: the attendee list with its filters, counts for the meeting's overview."""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import Count, Q, QuerySet

from .enums import Category, Rsvp, Status
from .models import Attendee
from .validation import nfkc

FILTERS = ("q", "category", "status", "rsvp", "tag")


def clean_filters(data) -> dict:
    out = {}
    for key in FILTERS:
        value = (data.get(key) or "").strip()[:100]
        if not value:
            continue
        if key == "category" and value not in Category.values:
            continue
        if key == "status" and value not in Status.values:
            continue
        if key == "rsvp" and value not in (*Rsvp.values, "none"):
            continue
        out[key] = value
    return out


def filtered(meeting, filters: dict) -> QuerySet[Attendee]:
    rows = Attendee.objects.filter(meeting=meeting).select_related("butler")
    filters = clean_filters(filters)
    if q := filters.get("q"):
        q = nfkc(q)
        match = Q(name__icontains=q) | Q(organisation__icontains=q) | Q(email__iexact=q)
        digits = "".join(c for c in q if c.isdigit())
        if len(digits) >= 4:
            match |= Q(mobile__endswith=digits)
        rows = rows.filter(match)
    if category := filters.get("category"):
        rows = rows.filter(category=category)
    if status := filters.get("status"):
        rows = rows.filter(status=status)
    if rsvp := filters.get("rsvp"):
        rows = rows.filter(rsvp="" if rsvp == "none" else rsvp)
    if tag := filters.get("tag"):
        rows = rows.filter(_has_tag(tag))
    return rows


def _has_tag(tag: str) -> Q:
    """Whole tags only. PostgreSQL asks jsonb containment; SQLite (no JSON containment in Django) looks
    for the tag as the JSON text stores it: quoted, non-ASCII escaped."""
    if connection.vendor == "postgresql":
        return Q(tags__contains=[tag])
    return Q(tags__icontains=json.dumps(tag))


def counts(meeting) -> dict:
    rows = Attendee.objects.filter(meeting=meeting)
    by_status = dict(rows.values_list("status").annotate(n=Count("id")).order_by())
    by_rsvp = dict(rows.values_list("rsvp").annotate(n=Count("id")).order_by())
    by_category = dict(rows.values_list("category").annotate(n=Count("id")).order_by())
    return {
        "total": sum(by_status.values()),
        "status": by_status,
        "rsvp": by_rsvp,
        "category": by_category,
        "vip": by_category.get(Category.VIP, 0),
        "unanswered": by_rsvp.get(Rsvp.INVITED, 0),
    }
