"""The lottery: prizes in tiers, each drawn once from a pool frozen before the draw.

Freezing writes the pool (its entries sorted, hashed) and a secret seed whose hash is published at
once: the big screen shows both hashes before anyone draws. Drawing reveals the seed; the winners are
the first picks of ``fairness.picks`` — a rule anyone can run on the proof. An absent winner is replaced
by the next pick, with the reason kept. Every step is audited."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.attendees.enums import Category
from huiwu.attendees.models import Attendee
from huiwu.checkin.models import CheckIn
from huiwu.core import realtime
from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.text import clean_text
from huiwu.events.models import Meeting
from huiwu.orgs.models import Membership

from . import fairness
from .errors import (
    AlreadyDrawn,
    NoOneLeft,
    NotFrozen,
    PoolChanged,
    PoolEmpty,
    PrizeInvalid,
    Stale,
    WinnerDecided,
)
from .models import Draw, DrawStatus, Live, Participant, Pool, Prize, Winner, WinnerStatus
from .services import planner

register_actions(
    {
        "interaction.prize.saved": gettext_lazy("Prize saved"),
        "interaction.prize.deleted": gettext_lazy("Prize deleted"),
        "interaction.lottery.frozen": gettext_lazy("Lottery pool frozen"),
        "interaction.lottery.drawn": gettext_lazy("Lottery drawn"),
        "interaction.lottery.confirmed": gettext_lazy("Lottery winner confirmed"),
        "interaction.lottery.redrawn": gettext_lazy("Lottery winner drawn again"),
    }
)

ONLINE_WINDOW = dt.timedelta(minutes=2)  # a participant heard from within it is online
MAX_QUANTITY = 1000
ROLL = 60  # names the big screen rolls through before the winners show


@dataclass(frozen=True)
class PrizeInput(RecordInput):
    tier: int | str = 1
    name: str = ""
    quantity: int | str = 1
    pool: str = Pool.CHECKED_IN
    day: dt.date | str | None = None
    category: str = ""
    repeat_winners: bool = False


def _checked(meeting: Meeting, data: PrizeInput) -> dict[str, Any]:
    try:
        name = clean_text(data.name, max_length=100)
    except Exception as exc:  # ValidationError: its messages
        raise PrizeInvalid(
            " ".join(getattr(exc, "messages", [str(exc)])), details={"field": "name"}
        ) from None
    if not name:
        raise PrizeInvalid(gettext("Name the prize."), details={"field": "name"})
    tier, quantity = str(data.tier).strip(), str(data.quantity).strip()
    if not tier.isdecimal() or not 1 <= int(tier) <= 20:
        raise PrizeInvalid(gettext("The tier is a number from 1 to 20."), details={"field": "tier"})
    if not quantity.isdecimal() or not 1 <= int(quantity) <= MAX_QUANTITY:
        raise PrizeInvalid(
            gettext("The quantity is a number from 1 to %(n)s.") % {"n": MAX_QUANTITY},
            details={"field": "quantity"},
        )
    if data.pool not in Pool.values:
        raise PrizeInvalid(details={"field": "pool"})
    day = None
    if data.pool == Pool.CHECKED_IN_DAY:
        try:
            day = data.day if isinstance(data.day, dt.date) else dt.date.fromisoformat(str(data.day or ""))
        except ValueError:
            day = None
        if day is None or not meeting.start_date <= day <= meeting.end_date:
            raise PrizeInvalid(gettext("Choose one of the meeting's days."), details={"field": "day"})
    if data.category and (data.category not in Category.values or data.category == Category.STAFF):
        raise PrizeInvalid(
            gettext("Choose a category of attendees (staff never win)."), details={"field": "category"}
        )
    return {
        "tier": int(tier),
        "name": name,
        "quantity": int(quantity),
        "pool": data.pool,
        "day": day,
        "category": data.category,
        "repeat_winners": bool(data.repeat_winners),
    }


def _unfrozen(prize: Prize) -> None:
    if Draw.objects.filter(prize=prize).exists():
        raise AlreadyDrawn(gettext("Its pool is frozen: the prize no longer changes."))


@transaction.atomic
def save_prize(
    *,
    meeting: Meeting,
    membership: Membership | None,
    data: PrizeInput,
    prize: Prize | None = None,
    version: int | None = None,
) -> Prize:
    """A new prize, or a change of one whose pool is not frozen yet."""
    who = planner(membership, meeting)
    values = _checked(meeting, data)
    if prize is None:
        prize = Prize.objects.create(org=meeting.org, meeting=meeting, **values)
    else:
        row = Prize.objects.select_for_update().get(pk=prize.pk, meeting=meeting)
        if version is not None and row.version != version:
            raise Stale()
        _unfrozen(row)
        for key, value in values.items():
            setattr(row, key, value)
        row.version += 1
        row.save()
        prize = row
    log_action(
        "interaction.prize.saved", target=prize, actor=who.user, org=meeting.org, data={"name": prize.name}
    )
    return prize


@transaction.atomic
def delete_prize(*, prize: Prize, membership: Membership | None) -> None:
    who = planner(membership, prize.meeting)
    _unfrozen(prize)
    log_action(
        "interaction.prize.deleted",
        target=prize.meeting,
        actor=who.user,
        org=prize.org,
        data={"name": prize.name},
    )
    prize.delete()


# --- the pool


def _won(prize: Prize) -> tuple[set[str], set[int]]:
    """Entries and attendees who won another prize of the meeting (an absent winner did not win)."""
    rows = (
        Winner.objects.filter(draw__prize__meeting_id=prize.meeting_id)
        .exclude(draw__prize=prize)
        .exclude(status=WinnerStatus.ABSENT)
    )
    entries, people = set(), set()
    for entry, attendee in rows.values_list("entry", "attendee_id"):
        entries.add(entry)
        if attendee:
            people.add(attendee)
    return entries, people


def eligible(prize: Prize, now: dt.datetime | None = None) -> list[str]:
    """Who may win ``prize`` now: its pool's people, never staff, of its category if it has one, without
    those who won another prize of the meeting (unless it allows it)."""
    won_entries, won_people = (set(), set()) if prize.repeat_winners else _won(prize)
    if prize.pool == Pool.ONLINE:
        since = (now or timezone.now()) - ONLINE_WINDOW
        rows = Participant.objects.filter(live__meeting_id=prize.meeting_id, seen_at__gte=since)
        if prize.category:
            rows = rows.filter(attendee__category=prize.category)
        rows = rows.exclude(attendee__category=Category.STAFF)
        out = []
        for pid, attendee in rows.values_list("pk", "attendee_id").iterator():
            entry = f"p{pid}"
            if entry in won_entries or (attendee and attendee in won_people):
                continue
            out.append(entry)
        return out
    checkins = CheckIn.objects.filter(meeting_id=prize.meeting_id)
    if prize.pool == Pool.CHECKED_IN_DAY and prize.day is not None:
        checkins = checkins.filter(day=prize.day)
    people = Attendee.objects.filter(pk__in=checkins.values("attendee_id")).exclude(category=Category.STAFF)
    if prize.category:
        people = people.filter(category=prize.category)
    return [f"a{pk}" for pk in people.values_list("pk", flat=True).iterator() if pk not in won_people]


def masked(name: str) -> str:
    """A name as the big screen shows it: 张*伟, 李*, J**n."""
    text = (name or "").strip()
    if len(text) <= 1:
        return text or "*"
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * min(len(text) - 2, 3) + text[-1]


def _names(entries: list[str]) -> dict[str, str]:
    attendees = [int(e[1:]) for e in entries if e.startswith("a")]
    participants = [int(e[1:]) for e in entries if e.startswith("p")]
    out = {
        f"a{pk}": masked(name)
        for pk, name in Attendee.objects.filter(pk__in=attendees).values_list("pk", "name")
    }
    for pk, name, attendee_name in Participant.objects.filter(pk__in=participants).values_list(
        "pk", "name", "attendee__name"
    ):
        out[f"p{pk}"] = masked(attendee_name or name or gettext("Viewer %(n)s") % {"n": pk})
    return out


def _screens(prize: Prize, event: dict[str, Any]) -> None:
    live = Live.objects.filter(meeting_id=prize.meeting_id).values_list("pk", flat=True).first()
    if live is not None:
        realtime.publish(f"live:{live}:screens", event)
        realtime.publish(f"live:{live}", event)


@transaction.atomic
def freeze(*, prize: Prize, membership: Membership | None) -> Draw:
    """Freeze the pool and commit the seed (its hash shown at once). Before the draw the pool may be
    frozen again (people arrived late): new pool, new seed, both audited."""
    who = planner(membership, prize.meeting)
    row = Prize.objects.select_for_update().get(pk=prize.pk)
    found = Draw.objects.filter(prize=row).first()
    if found is not None and found.status == DrawStatus.DRAWN:
        raise AlreadyDrawn()
    pool = fairness.canonical(eligible(row))
    if not pool:
        raise PoolEmpty()
    seed = fairness.new_seed()
    values = {
        "pool": pool,
        "pool_size": pool.count("\n") + 1,
        "pool_hash": fairness.digest(pool),
        "seed": seed,
        "seed_hash": fairness.digest(seed),
        "frozen_at": timezone.now(),
    }
    if found is None:
        draw = Draw.objects.create(prize=row, **values)
    else:
        for key, value in values.items():
            setattr(found, key, value)
        found.version += 1
        found.save()
        draw = found
    log_action(
        "interaction.lottery.frozen",
        target=row,
        actor=who.user,
        org=row.org,
        data={"pool_size": draw.pool_size, "pool_hash": draw.pool_hash, "seed_hash": draw.seed_hash},
    )
    _screens(
        row,
        {
            "type": "lottery.frozen",
            "prize": row.pk,
            "name": row.name,
            "pool_size": draw.pool_size,
            "pool_hash": draw.pool_hash,
            "seed_hash": draw.seed_hash,
        },
    )
    return draw


def _winner(draw: Draw, position: int, entry: str, names: dict[str, str]) -> Winner:
    kind, pk = entry[0], int(entry[1:])
    attendee = pk if kind == "a" else None
    participant = pk if kind == "p" else None
    if participant is not None:
        attendee = Participant.objects.filter(pk=participant).values_list("attendee_id", flat=True).first()
    return Winner.objects.create(
        draw=draw,
        position=position,
        entry=entry,
        attendee_id=attendee,
        participant_id=participant,
        shown_as=names.get(entry, "*"),
    )


@transaction.atomic
def draw(*, prize: Prize, membership: Membership | None) -> Draw:
    """Draw the prize once: the seed revealed, the winners the seed's first picks from the frozen pool."""
    who = planner(membership, prize.meeting)
    row = Draw.objects.select_for_update().filter(prize=prize).select_related("prize").first()
    if row is None:
        raise NotFrozen()
    if row.status == DrawStatus.DRAWN:
        raise AlreadyDrawn()
    if fairness.digest(row.pool) != row.pool_hash or row.pool.count("\n") + 1 != row.pool_size:
        raise PoolChanged()
    n = min(row.prize.quantity, row.pool_size)
    entries = fairness.first(row.pool, row.seed, n)
    pool_entries = row.pool.split("\n")
    rng = random.Random(row.seed)  # noqa: S311  (which names roll on the screen: for show only)
    roll = rng.sample(pool_entries, min(ROLL, len(pool_entries)))
    names = _names(entries + roll)
    winners = [_winner(row, k, e, names) for k, e in enumerate(entries)]
    row.status, row.drawn_at, row.picks = DrawStatus.DRAWN, timezone.now(), n
    row.version += 1
    row.save()
    log_action(
        "interaction.lottery.drawn",
        target=row.prize,
        actor=who.user,
        org=row.prize.org,
        data={"seed": row.seed, "pool_hash": row.pool_hash, "winners": entries},
    )
    _screens(
        row.prize,
        {
            "type": "lottery.drawn",
            "prize": row.prize_id,
            "name": row.prize.name,
            "seed": row.seed,
            "winners": [w.shown_as for w in winners],
            "roll": [names.get(e, "*") for e in roll],
        },
    )
    return row


def _decided(winner: Winner, membership: Membership | None) -> tuple[Membership, Winner]:
    who = planner(membership, winner.draw.prize.meeting)
    row = Winner.objects.select_for_update().select_related("draw", "draw__prize").get(pk=winner.pk)
    if row.status != WinnerStatus.DRAWN:
        raise WinnerDecided()
    return who, row


@transaction.atomic
def confirm(*, winner: Winner, membership: Membership | None) -> Winner:
    """The winner came forward: confirmed."""
    who, row = _decided(winner, membership)
    row.status, row.decided_at = WinnerStatus.CONFIRMED, timezone.now()
    row.save(update_fields=["status", "decided_at"])
    log_action(
        "interaction.lottery.confirmed",
        target=row.draw.prize,
        actor=who.user,
        org=row.draw.prize.org,
        data={"entry": row.entry},
    )
    return row


@transaction.atomic
def redraw(*, winner: Winner, membership: Membership | None, reason: str) -> Winner:
    """The winner is absent (the reason kept): the next pick of the same sequence takes the place."""
    who, row = _decided(winner, membership)
    try:
        why = clean_text(reason, max_length=200)
    except Exception as exc:
        raise PrizeInvalid(
            " ".join(getattr(exc, "messages", [str(exc)])), details={"field": "reason"}
        ) from None
    if not why:
        raise PrizeInvalid(gettext("Say why the winner is drawn again."), details={"field": "reason"})
    draw_row = Draw.objects.select_for_update().get(pk=row.draw_id)
    if draw_row.picks >= draw_row.pool_size:
        raise NoOneLeft()
    row.status, row.reason, row.decided_at = WinnerStatus.ABSENT, why, timezone.now()
    row.save(update_fields=["status", "reason", "decided_at"])
    entry = fairness.first(draw_row.pool, draw_row.seed, draw_row.picks + 1)[-1]
    made = _winner(draw_row, draw_row.picks, entry, _names([entry]))
    draw_row.picks += 1
    draw_row.version += 1
    draw_row.save(update_fields=["picks", "version"])
    log_action(
        "interaction.lottery.redrawn",
        target=draw_row.prize,
        actor=who.user,
        org=draw_row.prize.org,
        data={"absent": row.entry, "reason": why, "next": entry},
    )
    _screens(
        draw_row.prize,
        {
            "type": "lottery.redrawn",
            "prize": draw_row.prize_id,
            "absent": row.shown_as,
            "winner": made.shown_as,
        },
    )
    return made


def proof(draw_row: Draw) -> dict[str, Any]:
    """What anyone needs to recompute the winners (the seed only once drawn)."""
    drawn = draw_row.status == DrawStatus.DRAWN
    return {
        "prize": draw_row.prize.name,
        "quantity": draw_row.prize.quantity,
        "pool": draw_row.pool,
        "pool_size": draw_row.pool_size,
        "pool_hash": draw_row.pool_hash,
        "seed_hash": draw_row.seed_hash,
        "seed": draw_row.seed if drawn else None,
        "frozen_at": draw_row.frozen_at.isoformat(),
        "drawn_at": draw_row.drawn_at.isoformat() if draw_row.drawn_at else None,
        "winners": [
            {
                "position": w.position,
                "entry": w.entry,
                "shown_as": w.shown_as,
                "status": w.status,
                "reason": w.reason,
            }
            for w in draw_row.winners.all()
        ]
        if drawn
        else [],
        "rule": "fairness.py",
    }
