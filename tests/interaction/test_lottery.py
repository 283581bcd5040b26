"""The lottery's fairness: the pool frozen and hashed and the seed's hash committed before the draw, the
seed revealed after it, and the winners recomputed by the published script from the proof alone; one
draw per prize, a tampered pool refused, an absent winner replaced by the next pick with the reason kept,
staff and earlier winners left out."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.utils import timezone

from huiwu.attendees.enums import Category, Status
from huiwu.attendees.models import Attendee
from huiwu.checkin.models import CheckIn, Scan
from huiwu.core.models import AuditEntry
from huiwu.interaction import fairness, lottery, services
from huiwu.interaction.errors import (
    AlreadyDrawn,
    NotFrozen,
    PoolChanged,
    PoolEmpty,
    PrizeInvalid,
    WinnerDecided,
)
from huiwu.interaction.models import Draw, Participant, Winner
from huiwu.orgs.models import Membership

pytestmark = pytest.mark.integration


def arrive(tenant, n, category=Category.REGULAR, start=0):
    now = timezone.now()
    people = []
    for k in range(start, start + n):
        person = Attendee.objects.create(
            org=tenant.org,
            meeting=tenant.meeting,
            name=f"参会者{k:03d}",
            status=Status.CONFIRMED,
            category=category,
        )
        row = {"org": tenant.org, "meeting": tenant.meeting, "gate": tenant.gate, "badge_digest": "x"}
        scan = Scan.objects.create(scan_id=f"l{k}", attendee=person, status="accepted", scanned_at=now, **row)
        CheckIn.objects.create(
            meeting=tenant.meeting,
            attendee=person,
            day=timezone.localdate(),
            gate=tenant.gate,
            scan=scan,
            at=now,
        )
        people.append(person)
    return people


def prize(tenant, who, **kw):
    data = lottery.PrizeInput(**{"tier": 1, "name": "一等奖 · 平板电脑", "quantity": 3, **kw})
    return lottery.save_prize(meeting=tenant.meeting, membership=who, data=data)


def test_a_draw_is_recomputed_from_its_proof_and_happens_once(tenant_a, tmp_path):
    who = Membership.objects.get(org=tenant_a.org, user=tenant_a.owner)
    before = set(CheckIn.objects.filter(meeting=tenant_a.meeting).values_list("attendee_id", flat=True))
    people = arrive(tenant_a, 26)
    arrive(tenant_a, 2, category=Category.STAFF, start=100)
    first = prize(tenant_a, who)
    with pytest.raises(NotFrozen):
        lottery.draw(prize=first, membership=who)
    frozen = lottery.freeze(prize=first, membership=who)
    expected = {f"a{p.pk}" for p in people} | {f"a{pk}" for pk in before}
    assert set(frozen.pool.split("\n")) == expected  # staff never win
    assert frozen.pool_hash == fairness.digest(frozen.pool) and frozen.seed_hash == fairness.digest(
        frozen.seed
    )
    assert lottery.proof(frozen)["seed"] is None  # secret until drawn
    again = lottery.freeze(prize=first, membership=who)  # late arrivals: frozen again before the draw
    assert again.seed_hash != frozen.seed_hash
    with pytest.raises(AlreadyDrawn):
        lottery.save_prize(
            meeting=tenant_a.meeting, membership=who, prize=first, data=lottery.PrizeInput(name="x")
        )

    drawn = lottery.draw(prize=first, membership=who)
    winners = list(drawn.winners.all())
    assert [w.entry for w in winners] == fairness.first(drawn.pool, drawn.seed, 3)
    assert all("*" in w.shown_as for w in winners)
    proof = lottery.proof(drawn)
    assert fairness.verify(proof) == []
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof, ensure_ascii=False), encoding="utf-8")
    script = fairness.__file__  # the published rule, run as anyone would run it
    done = subprocess.run([sys.executable, script, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "verified: 3 picks" in done.stdout
    forged = {**proof, "winners": [*proof["winners"][:2], {"entry": "a999999"}]}
    assert fairness.verify(forged) == ["the winners are not the ones the seed picks from the pool"]
    with pytest.raises(AlreadyDrawn):
        lottery.draw(prize=first, membership=who)
    with pytest.raises(AlreadyDrawn):
        lottery.freeze(prize=first, membership=who)
    assert AuditEntry.objects.filter(action="interaction.lottery.drawn", data__seed=drawn.seed).exists()

    # an absent winner: the reason is required, the next pick takes the place, the first is decided once
    with pytest.raises(PrizeInvalid):
        lottery.redraw(winner=winners[0], membership=who, reason=" ")
    made = lottery.redraw(winner=winners[0], membership=who, reason="三次唱名未到场")
    assert made.position == 3 and made.entry == fairness.first(drawn.pool, drawn.seed, 4)[-1]
    with pytest.raises(WinnerDecided):
        lottery.confirm(winner=winners[0], membership=who)
    lottery.confirm(winner=winners[1], membership=who)
    proof = lottery.proof(Draw.objects.get(pk=drawn.pk))
    assert fairness.verify(proof) == [] and proof["winners"][0]["reason"] == "三次唱名未到场"

    # the second prize leaves out who won the first (not the absent one)
    second = prize(tenant_a, who, tier=2, name="二等奖", quantity=30)
    pool = set(lottery.freeze(prize=second, membership=who).pool.split("\n"))
    kept = {w.entry for w in Winner.objects.filter(draw=drawn).exclude(status="absent")}
    assert kept.isdisjoint(pool) and winners[0].entry in pool
    assert lottery.draw(prize=second, membership=who).winners.count() == len(pool)  # fewer people than prizes

    # a pool changed after freezing is refused, nothing drawn
    third = prize(tenant_a, who, tier=3, name="三等奖", repeat_winners=True)
    frozen = lottery.freeze(prize=third, membership=who)
    Draw.objects.filter(pk=frozen.pk).update(pool=frozen.pool + "\na424242")
    with pytest.raises(PoolChanged):
        lottery.draw(prize=third, membership=who)
    assert not Winner.objects.filter(draw=frozen).exists()


def test_pools_of_a_day_a_category_and_online_and_bad_prizes(tenant_a):
    who = Membership.objects.get(org=tenant_a.org, user=tenant_a.owner)
    meeting = tenant_a.meeting
    arrive(tenant_a, 3, category=Category.VIP)
    media = prize(tenant_a, who, category=Category.MEDIA)
    with pytest.raises(PoolEmpty):
        lottery.freeze(prize=media, membership=who)
    assert not Draw.objects.filter(prize=media).exists()
    vip = prize(tenant_a, who, category=Category.VIP, name="VIP 专属")
    assert lottery.freeze(prize=vip, membership=who).pool_size == 3
    for bad in (
        {"name": ""},
        {"quantity": "0"},
        {"quantity": "abc"},
        {"tier": "99"},
        {"category": Category.STAFF},
        {"pool": "checked_in_day", "day": "2001-01-01"},
        {"pool": "everyone"},
        {"name": "奖\u202e品"},
    ):
        with pytest.raises(PrizeInvalid):
            prize(tenant_a, who, **bad)
    live = services.set_up(meeting=meeting, membership=who)
    now = timezone.now()
    online = [services.join(live=live) for _ in range(5)]
    Participant.objects.filter(pk__in=[p.pk for p in online[:4]]).update(seen_at=now)
    Participant.objects.filter(pk=online[4].pk).update(seen_at=now - lottery.ONLINE_WINDOW * 2)
    viewers = prize(tenant_a, who, pool="online", name="线上观众奖")
    assert lottery.freeze(prize=viewers, membership=who).pool_size == 4


def test_a_draw_over_many_people_stays_fast():
    entries = [f"a{n}" for n in range(100_000)]
    pool = fairness.canonical(entries)
    seed = fairness.new_seed()
    winners = fairness.first(pool, seed, 100)
    assert len(set(winners)) == 100 and set(winners) <= set(entries)
    assert fairness.first(pool, seed, 100) == winners  # the same seed, the same winners
