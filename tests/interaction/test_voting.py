"""Votes through the one front door, on a real database and the configured store (this process's memory
on the embedded default, Redis with REDIS_URL), written by the batch writer before they are answered.

These tests commit (``transaction=True``): the writer is a thread with its own connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from huiwu.interaction import services, store, voting
from huiwu.interaction.errors import ChoiceInvalid, Flood, ParticipantInvalid, PollClosed, Voted
from huiwu.interaction.models import Poll, Vote
from huiwu.interaction.services import PollInput
from huiwu.orgs.enums import Role
from tests.conftest import member
from tests.factories.events import MeetingFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def room():
    meeting = MeetingFactory()
    owner = member(meeting.org, Role.OWNER)
    live = services.set_up(meeting=meeting, membership=owner)

    def poll(**kw) -> Poll:
        data = PollInput(**{"question": "最期待哪个环节？", "options": ["主论坛", "AI 互动区", "茶歇"], **kw})
        made = services.create_poll(meeting=meeting, membership=owner, data=data)
        return services.open_poll(poll=made, membership=owner)

    def phone():
        p = services.join(live=live)
        return voting.token_for(live.pk, p.pk)

    return type("Room", (), {"meeting": meeting, "owner": owner, "live": live, "poll": staticmethod(poll),
                             "phone": staticmethod(phone)})  # fmt: skip


def cast(token, poll, choice, address="10.0.0.1"):
    return voting.cast(token=token, poll_id=poll.pk, choice=choice, address=address)


def test_one_vote_per_participant_and_the_results_follow(room):
    poll = room.poll()
    a, b = room.phone(), room.phone()
    assert cast(a, poll, "2").outcome == "new"
    assert cast(a, poll, "2").outcome == "same"  # sent again after a lost answer: counted once
    with pytest.raises(Voted):
        cast(a, poll, "1")
    cast(b, poll, "1")
    poll.refresh_from_db()
    assert (poll.counts, poll.voters) == ({"1": 1, "2": 1}, 2)
    assert poll.seq >= 2 and Vote.objects.filter(poll=poll).count() == 2


def test_refusals_change_nothing(room, settings):
    poll = room.poll()
    other = MeetingFactory(org=room.meeting.org)
    elsewhere = services.set_up(meeting=other, membership=room.owner)
    stranger = voting.token_for(elsewhere.pk, services.join(live=elsewhere).pk)
    token = room.phone()
    with pytest.raises(ChoiceInvalid):
        cast(token, poll, "9")
    with pytest.raises(ParticipantInvalid):
        cast(token[:-2] + "xx", poll, "1")  # a forged cookie
    with pytest.raises(ParticipantInvalid):
        cast(voting.token_for(room.live.pk, 999999), poll, "1")  # a participant that does not exist
    with pytest.raises(PollClosed):
        cast(stranger, poll, "1")  # another meeting's participant
    services.close_poll(poll=poll, membership=room.owner)
    with pytest.raises(PollClosed):
        cast(token, poll, "1")
    assert not Vote.objects.exists()
    poll.refresh_from_db()
    assert (poll.counts, poll.voters) == ({}, 0)


def test_a_changeable_vote_moves_its_weight(room):
    poll = room.poll(kind="multiple", max_choices=2, changeable=True)
    token = room.phone()
    cast(token, poll, ["1", "2"])
    assert cast(token, poll, ["2", "3"]).outcome == "changed"
    poll.refresh_from_db()
    assert (poll.counts, poll.voters) == ({"2": 1, "3": 1}, 1)


def test_a_flood_is_refused_and_not_counted(room, settings):
    settings.HUIWU_INTERACTION_PER_PARTICIPANT = 3
    settings.HUIWU_INTERACTION_PER_ADDRESS = 4
    settings.HUIWU_INTERACTION_WINDOW = 3600  # one window for the whole test
    poll = room.poll(kind="rating", changeable=True)
    token = room.phone()
    for value in (1, 2, 3):
        cast(token, poll, value)
    with pytest.raises(Flood) as refused:
        cast(token, poll, 5)
    assert refused.value.status == 429
    assert Vote.objects.get().choice == 3
    others = [room.phone() for _ in range(3)]
    cast(others[0], poll, 4, address="10.9.9.9")
    cast(others[1], poll, 4, address="10.9.9.9")
    with pytest.raises(Flood):
        cast(others[2], poll, 4, address="10.0.0.1")  # the address's fifth vote in the window
    assert Vote.objects.count() == 3


def test_concurrent_votes_of_one_phone_count_once_and_of_many_count_all(room):
    poll = room.poll()
    one = room.phone()
    many = [room.phone() for _ in range(40)]
    answers, errors = [], []

    def go(token, choice):
        try:
            answers.append(cast(token, poll, choice, address=f"10.1.{len(answers) % 200}.1").outcome)
        except Voted:
            errors.append("voted")
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(one, str(1 + i % 3))) for i in range(8)]
    threads += [threading.Thread(target=go, args=(t, "3")) for t in many]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    poll.refresh_from_db()
    assert Vote.objects.filter(poll=poll).count() == 41 == poll.voters
    assert sum(poll.counts.values()) == 41
    assert answers.count("new") == 41 and len(errors) + answers.count("same") == 7


def test_a_restarted_store_is_loaded_again_from_the_database(room):
    poll = room.poll()
    token = room.phone()
    cast(token, poll, "1")
    store.reset()  # the process restarted, or Redis lost its keys
    voting.forget_rules()
    with pytest.raises(Voted):
        cast(token, poll, "2")
    assert cast(room.phone(), poll, "2").outcome == "new"
    poll.refresh_from_db()
    assert poll.counts == {"1": 1, "2": 1}


def test_a_vote_that_cannot_be_written_is_taken_back(room, monkeypatch):
    from huiwu.interaction import recorder
    from huiwu.interaction.errors import Busy

    poll = room.poll()
    token = room.phone()

    def broken(batch):
        raise RuntimeError("database gone")

    monkeypatch.setattr(recorder, "write", broken)
    with pytest.raises(Busy):
        cast(token, poll, "1")
    monkeypatch.undo()
    assert cast(token, poll, "2").outcome == "new"  # the store forgot the vote it could not keep
    assert Vote.objects.get().choice == ["2"]
