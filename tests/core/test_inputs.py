"""Service commands take typed inputs and hold the rules of every door: a page, the API, an import and the
demo reach the same refusal. Here the commands are called directly, as a new door would."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from huiwu.agenda import services as agenda
from huiwu.clients.errors import UnknownClient
from huiwu.clients.services import ClientInput, update_client
from huiwu.events.models import Meeting
from huiwu.events.services import MeetingInput, create_meeting, update_meeting
from huiwu.events.services.tasks import TaskInput, update_task
from huiwu.onsite import cues
from huiwu.orgs.errors import NotAMember
from huiwu.venues.errors import UnknownRoom
from huiwu.venues.services.catalogue import CandidateInput, RoomInput, add_candidate, save_room

pytestmark = pytest.mark.integration


def test_an_input_of_a_record_saves_it_unchanged(tenant_a):
    t = tenant_a
    data = MeetingInput.of(t.meeting)
    before = Meeting.objects.get(pk=t.meeting.pk)
    update_meeting(meeting=t.meeting, actor=t.owner, data=data)
    after = Meeting.objects.get(pk=t.meeting.pk)
    assert [getattr(after, f.name) for f in dataclasses.fields(data)] == [
        getattr(before, f.name) for f in dataclasses.fields(data)
    ]


def test_a_patch_names_only_fields_the_input_has(tenant_a):
    with pytest.raises(TypeError):
        ClientInput.of(tenant_a.client).but(colour="red")
    # a form's extra keys (the double-submission key) are left out, not refused
    assert ClientInput.parse({"name": "甲", "form_key": "k"}) == ClientInput(name="甲")


def test_inputs_are_frozen(tenant_a):
    data = ClientInput.of(tenant_a.client)
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.name = "乙"  # type: ignore[misc]


def test_a_meeting_refuses_another_organisations_client_and_a_stranger_as_owner(tenant_a, tenant_b):
    day = dt.date(2027, 3, 1)
    with pytest.raises(UnknownClient):
        create_meeting(
            org=tenant_a.org,
            actor=tenant_a.owner,
            data=MeetingInput(name="会", start_date=day, end_date=day, client=tenant_b.client),
        )
    with pytest.raises(NotAMember) as err:
        create_meeting(
            org=tenant_a.org,
            actor=tenant_a.owner,
            data=MeetingInput(name="会", start_date=day, end_date=day, owner=tenant_b.owner),
        )
    assert err.value.details == {"field": "owner"}
    assert not Meeting.objects.filter(org=tenant_a.org, name="会").exists()


def test_a_task_is_assigned_to_members_only(tenant_a, tenant_b):
    task = tenant_a.task
    with pytest.raises(NotAMember):
        update_task(task=task, actor=tenant_a.owner, data=TaskInput.of(task).but(assignee=tenant_b.owner))
    task.refresh_from_db()
    assert task.assignee != tenant_b.owner


def test_a_candidate_room_belongs_to_the_organisation(tenant_a, tenant_b):
    with pytest.raises(UnknownRoom):
        add_candidate(meeting=tenant_a.meeting, actor=tenant_a.owner, data=CandidateInput(room=tenant_b.room))
    with pytest.raises(UnknownRoom):
        at = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)
        cues.save_cue(
            meeting=tenant_a.meeting,
            actor=tenant_a.owner,
            data=cues.CueInput(title="开门", start=at, end=at + dt.timedelta(minutes=5), room=tenant_b.room),
        )


def test_a_speakers_rehearsal_has_a_day_and_a_start_or_neither(tenant_a):
    t = tenant_a
    half = agenda.SpeakerInput.of(t.speaker).but(rehearsal_date=t.meeting.start_date, rehearsal_start=None)
    with pytest.raises(ValidationError) as err:
        agenda.save_speaker(meeting=t.meeting, actor=t.owner, speaker=t.speaker, data=half)
    assert "rehearsal_start" in err.value.message_dict
    whole = half.but(rehearsal_start=dt.time(8, 30))
    agenda.save_speaker(meeting=t.meeting, actor=t.owner, speaker=t.speaker, data=whole)
    t.speaker.refresh_from_db()
    assert t.speaker.rehearsal_start == dt.time(8, 30)


def test_a_session_input_keeps_its_speakers(tenant_a):
    t = tenant_a
    data = agenda.SessionInput.of(t.session)
    assert list(data.speakers) == [t.speaker]
    agenda.save_session(meeting=t.meeting, actor=t.owner, session=t.session, data=data.but(title="新题目"))
    t.session.refresh_from_db()
    assert t.session.title == "新题目" and list(t.session.speakers.all()) == [t.speaker]


def test_a_room_patch_keeps_what_it_does_not_name(tenant_a):
    room = tenant_a.room
    save_room(venue=room.venue, actor=tenant_a.owner, room=room, data=RoomInput.of(room).but(banquet=400))
    room.refresh_from_db()
    assert (room.theatre, room.banquet, room.area) == (800, 400, 1000)


def test_a_client_rename_keeps_the_rest(tenant_a):
    client = tenant_a.client
    update_client(client=client, actor=tenant_a.owner, data=ClientInput.of(client).but(name="新客户名"))
    client.refresh_from_db()
    assert client.name == "新客户名"
