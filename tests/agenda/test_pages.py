"""The agenda in the product: grid and live checks, sessions, speakers, the solver job, publishing,
the public pages, and bad input that changes nothing."""

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from huiwu.agenda import services
from huiwu.agenda.models import Agenda, AgendaRules, Follower, Proposal, Session, Slot, Speaker
from huiwu.agenda.scheduling.instance import parse
from huiwu.agenda.scheduling.validator import violations
from huiwu.agenda.selectors import rules_for
from huiwu.agenda.services import build_instance
from huiwu.core.errors import DomainError
from huiwu.jobs.models import Job
from huiwu.notifications.models import Notification
from huiwu.orgs.enums import Role
from huiwu.standards.models import Rule
from huiwu.standards.services import FigureInput, set_override, update_rule
from huiwu.venues.models import Room
from tests.conftest import member

pytestmark = pytest.mark.integration


@pytest.fixture
def agenda(tenant_a):
    """The tenant's meeting with its venue chosen (two rooms), the standard grid and three sessions."""
    t = tenant_a
    t.evaluation.chosen = True
    t.evaluation.save()
    t.small = Room.objects.create(venue=t.venue, name="小厅", area=200, theatre=120)
    services.add_default_grid(meeting=t.meeting, actor=t.owner)
    t.slots = list(Slot.objects.filter(meeting=t.meeting, date=t.meeting.start_date))
    t.talk = services.save_session(
        meeting=t.meeting,
        actor=t.owner,
        data=services.SessionInput(title="圆桌", title_en="Roundtable", audience=90, speakers=[t.speaker]),
    )
    t.tea = services.save_session(
        meeting=t.meeting,
        actor=t.owner,
        data=services.SessionInput(title="茶歇", kind="buffer", session_type="tea-break", duration=30),
    )
    return t


def url(t, name, **kw):
    return reverse(f"agenda:{name}", kwargs={"org": t.org.slug, **kw})


def test_the_grid_shows_rooms_slots_and_the_tray(owner_client, agenda):
    page = owner_client.get(url(agenda, "grid", meeting=agenda.meeting.pk)).content.decode()
    assert "大厅" in page and "小厅" in page and "09:00" in page
    assert 'data-testid="tray"' in page and "圆桌" in page and "主旨演讲" in page


def test_moving_a_session_checks_the_rules_live(owner_client, agenda):
    t = agenda
    move = url(t, "move", meeting=t.meeting.pk)
    r = owner_client.post(move, {"session": t.session.pk, "room": t.room.pk, "slot": t.slots[0].pk})
    assert r.status_code == 200 and 'data-testid="no-problems"' in r.content.decode()
    # the same speaker at the same time in the other room: flagged on the grid at once
    r = owner_client.post(move, {"session": t.talk.pk, "room": t.small.pk, "slot": t.slots[0].pk})
    page = r.content.decode()
    assert 'data-rule="speaker"' in page and "has-problem" in page
    # back to the tray
    r = owner_client.post(move, {"session": t.talk.pk, "room": "", "slot": ""}, HTTP_HX_REQUEST="true")
    assert Session.objects.get(pk=t.talk.pk).slot is None


def test_a_bad_move_changes_nothing(owner_client, agenda, tenant_b):
    t = agenda
    move = url(t, "move", meeting=t.meeting.pk)
    assert (
        owner_client.post(
            move, {"session": t.session.pk, "room": tenant_b.room.pk, "slot": t.slots[0].pk}
        ).status_code
        == 404
    )
    assert (
        owner_client.post(move, {"session": "x", "room": t.room.pk, "slot": t.slots[0].pk}).status_code == 404
    )
    # a room of the organisation that is not in the chosen venue
    other = Room.objects.create(
        venue=type(t.venue).objects.create(org=t.org, name="别馆", city="上海"),
        name="外厅",
        area=10,
        theatre=10,
    )
    r = owner_client.post(move, {"session": t.session.pk, "room": other.pk, "slot": t.slots[0].pk})
    assert r.status_code == 400
    assert Session.objects.get(pk=t.session.pk).slot is None


def test_viewers_cannot_edit_the_agenda(client, agenda):
    viewer = member(agenda.org, Role.VIEWER)
    client.force_login(viewer.user)
    assert client.get(url(agenda, "grid", meeting=agenda.meeting.pk)).status_code == 200
    r = client.post(url(agenda, "move", meeting=agenda.meeting.pk), {"session": agenda.session.pk})
    assert r.status_code == 403


def test_a_session_is_created_with_people_and_bad_input_is_refused(owner_client, agenda):
    t = agenda
    new = url(t, "session-new", meeting=t.meeting.pk)
    data = {
        "title": "工作坊",
        "title_en": "Workshop",
        "session_type": "workshop",
        "kind": "core",
        "duration": 45,
        "audience": 40,
        "format": "onsite",
        "speakers": [t.speaker.pk],
        "tags": "topic:AI，aud:新手",
        "languages": "中文, English",
    }
    assert owner_client.post(new, data).status_code == 302
    s = Session.objects.get(title="工作坊")
    assert s.tags == ["topic:AI", "aud:新手"] and list(s.speakers.all()) == [t.speaker]
    before = Session.objects.count()
    r = owner_client.post(new, {**data, "title": "半格", "room": t.room.pk})
    assert r.status_code == 400 and not Session.objects.filter(title="半格").exists()
    r = owner_client.post(new, {**data, "title": "", "duration": 0})
    assert r.status_code == 400
    assert Session.objects.count() == before


def test_speakers_with_windows_and_a_clear_error_for_a_bad_line(owner_client, agenda):
    t = agenda
    page = url(t, "speakers", meeting=t.meeting.pk)
    day = t.meeting.start_date.isoformat()
    r = owner_client.post(
        page, {"name": "李教授", "unavailable": f"{day} 13:30-15:00", "preferred": f"{day} 09:00-12:00"}
    )
    assert r.status_code == 302
    p = Speaker.objects.get(name="李教授")
    assert sorted(w.kind for w in p.windows.all()) == ["preferred", "unavailable"]
    r = owner_client.post(page, {"name": "王", "unavailable": "tomorrow afternoon"})
    assert r.status_code == 400 and "2026-11-23 13:30-15:00" in r.content.decode()
    assert not Speaker.objects.filter(name="王").exists()


def test_overlapping_slots_are_refused(owner_client, agenda):
    t = agenda
    before = Slot.objects.count()
    r = owner_client.post(
        url(t, "slot-add", meeting=t.meeting.pk),
        {"date": t.meeting.start_date.isoformat(), "start": "09:30", "duration": 30},
        follow=True,
    )
    assert "overlaps" in r.content.decode() or "重叠" in r.content.decode()
    assert Slot.objects.count() == before


def test_the_solver_proposes_an_agenda_that_is_applied_on_confirmation_and_undone(
    owner_client, agenda, django_capture_on_commit_callbacks
):
    """The solver's answer is a proposal: nothing moves until someone applies it; before/after is shown,
    the rules it keeps too; it can be undone while nobody moved those sessions since."""
    t = agenda
    opening = services.save_session(
        meeting=t.meeting,
        actor=t.owner,
        data=services.SessionInput(title="开幕式", audience=50, plenary=True),
    )
    with django_capture_on_commit_callbacks(execute=True):
        r = owner_client.post(url(t, "schedule", meeting=t.meeting.pk), {"replan_all": "0", "time_limit": 5})
    assert r.status_code == 302
    job = Job.objects.filter(org=t.org, kind="agenda_schedule").latest("pk")
    assert job.status == "done", job.error
    assert job.result["status"] in ("optimal", "feasible")
    assert not Session.objects.filter(meeting=t.meeting, slot__isnull=False).exists()  # nothing moved yet
    proposal = Proposal.objects.get(pk=job.result["proposal"])
    job_page = owner_client.get(
        reverse("jobs:detail", kwargs={"org": t.org.slug, "job": job.pk})
    ).content.decode()
    assert 'data-testid="job-summary"' in job_page and job.result["link"] in job_page
    page = owner_client.get(job.result["link"]).content.decode()
    assert 'data-testid="proposal-moves"' in page and "开幕式" in page and 'data-testid="proposal-ok"' in page

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            reverse("agenda:proposal-apply", kwargs={"org": t.org.slug, "proposal": proposal.pk})
        )
    assert all(s.placed for s in Session.objects.filter(meeting=t.meeting))
    inst = parse(services.build_instance(t.meeting))
    placed = [
        {"session": f"S{s.pk}", "room": f"R{s.room_id}", "slot": f"T{s.slot_id}"}
        for s in Session.objects.filter(meeting=t.meeting)
    ]
    assert violations(inst, placed) == []
    opening.refresh_from_db()
    assert not Session.objects.filter(meeting=t.meeting, slot=opening.slot).exclude(pk=opening.pk).exists()
    again = owner_client.post(
        reverse("agenda:proposal-apply", kwargs={"org": t.org.slug, "proposal": proposal.pk})
    )
    assert again.status_code == 302  # refused: already applied (a message, nothing moves)

    owner_client.post(reverse("agenda:proposal-undo", kwargs={"org": t.org.slug, "proposal": proposal.pk}))
    assert not Session.objects.filter(meeting=t.meeting, slot__isnull=False).exists()
    proposal.refresh_from_db()
    assert proposal.status == "undone"


def test_a_proposal_made_before_a_hand_edit_is_not_applied(agenda):
    t = agenda
    keynote = Session.objects.get(meeting=t.meeting, title="主旨演讲")
    cells = [(t.talk, 0), (t.tea, 2), (keynote, 3)]
    assignments = [
        {"session": f"S{s.pk}", "room": f"R{t.room.pk}", "slot": f"T{t.slots[i].pk}"} for s, i in cells
    ]
    proposal = services.propose(meeting=t.meeting, actor=t.owner, assignments=assignments)
    services.move_session(session=t.talk, actor=t.owner, room=t.room, slot=t.slots[1])
    with pytest.raises(DomainError) as refused:
        services.apply_proposal(proposal=proposal, actor=t.owner)
    assert refused.value.code == "stale" and refused.value.status == 409
    t.talk.refresh_from_db()
    assert t.talk.slot == t.slots[1]
    # applied, then moved by hand: undo would overwrite that move, so it is refused
    fresh = services.propose(meeting=t.meeting, actor=t.owner, assignments=assignments)
    services.apply_proposal(proposal=fresh, actor=t.owner)
    services.move_session(session=t.tea, actor=t.owner, room=None, slot=None)
    with pytest.raises(DomainError):
        services.undo_proposal(proposal=fresh, actor=t.owner)
    with pytest.raises(DomainError) as broken:
        services.propose(meeting=t.meeting, actor=t.owner, assignments=assignments[:2])
    assert broken.value.code == "breaks_rules"


def test_when_nothing_fits_the_job_names_the_session(
    owner_client, agenda, django_capture_on_commit_callbacks
):
    t = agenda
    services.save_session(
        meeting=t.meeting, actor=t.owner, data=services.SessionInput(title="万人大会", audience=5000)
    )
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url(t, "schedule", meeting=t.meeting.pk), {"replan_all": "1", "time_limit": 5})
    job = Job.objects.filter(org=t.org, kind="agenda_schedule").latest("pk")
    assert job.result["status"] == "infeasible"
    assert any("万人大会" in p for p in job.result["problems"])
    assert not Session.objects.filter(meeting=t.meeting, slot__isnull=False).exists()


def test_bad_solver_input_is_refused(owner_client, agenda):
    t = agenda
    before = Job.objects.count()
    r = owner_client.post(
        url(t, "schedule", meeting=t.meeting.pk), {"replan_all": "1", "time_limit": 100000}, follow=True
    )
    assert r.status_code == 200 and Job.objects.count() == before


def test_publish_then_changes_notify_speakers_followers_and_owners(
    owner_client, agenda, django_capture_on_commit_callbacks
):
    t = agenda
    t.speaker.email = "speaker@example.com"
    t.speaker.save()
    services.save_session(
        meeting=t.meeting,
        actor=t.owner,
        session=t.talk,
        data=services.SessionInput(
            owner=t.other_member.user,
            room=t.room,
            slot=t.slots[0],
            title="圆桌",
            audience=90,
            speakers=[t.speaker],
        ),
    )
    owner_client.post(url(t, "publish", meeting=t.meeting.pk))
    a = Agenda.objects.get(meeting=t.meeting)
    assert a.published_at and a.version == 1 and len(a.snapshot["sessions"]) == 1
    services.follow(agenda=a, email="Fan@Example.com", session_ids=[t.talk.pk])
    mail.outbox.clear()
    services.move_session(session=t.talk, actor=t.owner, room=t.room, slot=t.slots[1])
    public = reverse("agenda_public:agenda", kwargs={"token": a.public_token})
    assert "09:00" in owner_client.get(public).content.decode()  # the public page keeps the published version
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url(t, "publish", meeting=t.meeting.pk))
    to = sorted(addr for m in mail.outbox for addr in m.to)
    assert to == ["fan@example.com", "speaker@example.com"]
    assert "09:45" in mail.outbox[0].body
    assert Notification.objects.filter(user=t.other_member.user, title__contains=t.meeting.name).exists()


def published(t):
    services.move_session(session=t.talk, actor=t.owner, room=t.room, slot=t.slots[0])
    services.move_session(session=t.tea, actor=t.owner, room=t.room, slot=t.slots[2])
    services.publish(meeting=t.meeting, actor=t.owner)
    return Agenda.objects.get(meeting=t.meeting)


def test_the_public_page_by_day_track_and_search_in_both_languages(client, agenda):
    a = published(agenda)
    page = reverse("agenda_public:agenda", kwargs={"token": a.public_token})
    body = client.get(page).content.decode()
    assert "圆桌" in body and "茶歇" in body and "讲者" in body
    assert "Roundtable" in client.get(page + "?lang=en").content.decode()
    assert "茶歇" not in client.get(page + "?q=圆桌").content.decode().split("public-sessions")[1]
    assert client.get(page + "?room=nope&day=bad&q=" + "x" * 5000).status_code == 200
    index = client.get(reverse("agenda_public:speakers", kwargs={"token": a.public_token})).content.decode()
    assert "讲者" in index
    speaker = reverse("agenda_public:speaker", kwargs={"token": a.public_token, "speaker": agenda.speaker.pk})
    assert "圆桌" in client.get(speaker).content.decode()
    assert (
        client.get(
            reverse("agenda_public:speaker", kwargs={"token": a.public_token, "speaker": 999999})
        ).status_code
        == 404
    )


def test_unpublished_or_unknown_agendas_are_not_found(client, agenda):
    a = services.agenda_of(agenda.meeting)
    assert client.get(reverse("agenda_public:agenda", kwargs={"token": a.public_token})).status_code == 404
    assert client.get(reverse("agenda_public:agenda", kwargs={"token": "nope"})).status_code == 404


def test_ics_whole_and_mine(client, agenda):
    a = published(agenda)
    whole = client.get(reverse("agenda_public:ics", kwargs={"token": a.public_token})).content.decode()
    assert whole.count("BEGIN:VEVENT") == 2 and "圆桌" in whole
    mine = client.get(
        reverse("agenda_public:my-ics", kwargs={"token": a.public_token}) + f"?s={agenda.talk.pk},x,99999"
    )
    text = mine.content.decode()
    assert text.count("BEGIN:VEVENT") == 1 and "DTSTART:" in text


def test_pdf_normal_and_large_print(client, agenda):
    a = published(agenda)
    pdf = reverse("agenda_public:pdf", kwargs={"token": a.public_token})
    normal = PdfReader(io.BytesIO(client.get(pdf).content))
    large = PdfReader(io.BytesIO(client.get(pdf + "?print=large").content))
    assert "圆桌" in normal.pages[0].extract_text()
    assert "Roundtable" in PdfReader(io.BytesIO(client.get(pdf + "?lang=en").content)).pages[0].extract_text()
    assert len(large.pages) >= len(normal.pages)


def test_following_sessions(client, agenda):
    a = published(agenda)
    follow = reverse("agenda_public:follow", kwargs={"token": a.public_token})
    client.post(follow, {"email": "a@example.com", "sessions": f"{agenda.talk.pk}"})
    assert list(Follower.objects.get(email="a@example.com").sessions.all()) == [agenda.talk]
    client.post(follow, {"email": "not an address", "sessions": f"{agenda.talk.pk}"})
    client.post(follow, {"email": "b@example.com", "sessions": "99999"})
    assert Follower.objects.count() == 1


def test_the_instance_export_reads_back(owner_client, agenda):
    r = owner_client.get(url(agenda, "instance", meeting=agenda.meeting.pk))
    inst = parse(json.loads(r.content))
    days = (agenda.meeting.end_date - agenda.meeting.start_date).days + 1
    assert len(inst.rooms) == 2 and len(inst.sessions) == 3 and len(inst.slots) == 10 * days


def test_the_rules_are_the_organisations_data(owner_client, agenda):
    page = url(agenda, "rules")
    data = {
        "no_adjacent_buffers": "on",
        "comfort_percent": 70,
        "weight_crowding": 1,
        "weight_preference": 20,
        "weight_change": 50,
    }
    assert owner_client.post(page, data).status_code == 302
    assert AgendaRules.for_org(agenda.org).comfort_percent == 70
    assert owner_client.post(page, {**data, "comfort_percent": 500}).status_code == 400
    assert AgendaRules.for_org(agenda.org).comfort_percent == 70


def test_the_thresholds_are_the_meetings_standards(owner_client, agenda):
    """The core stretch, the tech set-up and the rehearsal come from the catalogue, the meeting's client's
    own figure first: the grid says so and the solver's instance carries it."""
    rules = rules_for(agenda.meeting)
    assert (rules.max_core_block_minutes, rules.tech_ready_minutes, rules.rehearsal_minutes) == (90, 120, 30)
    block = Rule.objects.get(org=agenda.org, key="agenda.core_block")
    set_override(
        meeting=agenda.meeting, rule=block, actor=None, data=FigureInput(high=120), reason="客户要求长场次"
    )
    ready = Rule.objects.get(org=agenda.org, key="timing.tech_ready")
    update_rule(
        rule=ready, actor=None, data=FigureInput(low="1.5", unit="h"), reason="小场", version=ready.version
    )
    rules = rules_for(agenda.meeting)
    assert (rules.max_core_block_minutes, rules.tech_ready_minutes) == (120, 90)
    assert build_instance(agenda.meeting)["params"]["max_core_block_minutes"] == 120
    grid = owner_client.get(url(agenda, "grid", meeting=agenda.meeting.pk)).content.decode()
    assert "≤ 120" in grid


def test_the_demo_summit_has_an_agenda(db):
    from huiwu.demo import load_demo

    org = load_demo(today=dt.date(2026, 11, 23))
    meeting = org.meetings.get(name="新经济产业峰会")
    assert Session.objects.filter(meeting=meeting).count() >= 20
    assert meeting.agenda.published_at is not None
    assert Session.objects.filter(meeting=meeting, slot__isnull=True).count() == 4


def test_a_solution_from_any_solver_is_checked_then_applied(owner_client, agenda, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from huiwu.agenda.scheduling.cli import run

    t = agenda
    src, out = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(owner_client.get(url(t, "instance", meeting=t.meeting.pk)).content.decode())
    assert run(str(src), str(out), time_limit=5)[0] == 0
    solution = out.read_bytes()
    page = url(t, "solution", meeting=t.meeting.pk)

    def upload(content):
        return owner_client.post(page, {"file": SimpleUploadedFile("s.json", content)}, follow=True)

    # a broken one (everything in one cell) changes nothing and says why
    doc = json.loads(solution)
    for a in doc["assignments"]:
        a["room"], a["slot"] = doc["assignments"][0]["room"], doc["assignments"][0]["slot"]
    r = upload(json.dumps(doc).encode())
    assert "H2" in r.content.decode()
    assert not Session.objects.filter(meeting=t.meeting, slot__isnull=False).exists()
    assert "conf-agenda-solution" in upload(b"{nope").content.decode()
    assert (
        "conf-agenda-solution"
        in upload(b'{"format": "conf-agenda-solution", "version": 1, "assignments": 3}').content.decode()
    )
    shown = upload(solution)  # a valid one is shown as a proposal; applied on confirmation
    assert 'data-testid="proposal-moves"' in shown.content.decode()
    assert not Session.objects.filter(meeting=t.meeting, slot__isnull=False).exists()
    proposal = Proposal.objects.get(meeting=t.meeting, source="file", status="proposed")
    owner_client.post(reverse("agenda:proposal-apply", kwargs={"org": t.org.slug, "proposal": proposal.pk}))
    assert all(s.placed for s in Session.objects.filter(meeting=t.meeting))


def test_a_removed_speaker_leaves_their_sessions(owner_client, agenda):
    t = agenda
    r = owner_client.post(url(t, "speaker-delete", speaker=t.speaker.pk))
    assert r.status_code == 302
    assert not Speaker.objects.filter(pk=t.speaker.pk).exists()
    assert (
        Session.objects.filter(pk=t.talk.pk).exists()
        and not Session.objects.get(pk=t.talk.pk).speakers.exists()
    )
