"""The published agenda for everyone with the link: by day and track, search, speaker pages, ICS
(whole agenda and "my sessions"), PDF in normal and large print, change alerts by e-mail. Bilingual:
English titles when the reader chose English (``?lang=en`` or the language switch)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core import uploads
from huiwu.core.errors import DomainError
from huiwu.events import ics

from . import services
from .forms import FollowForm
from .models import Agenda, Speaker

MAX_QUERY = 100


def _agenda(token: str) -> Agenda:
    agenda = Agenda.objects.select_related("meeting__org").filter(public_token=token).first()
    if agenda is None or agenda.published_at is None:
        raise Http404
    return agenda


def _english(request) -> bool:
    lang = request.GET.get("lang")
    if lang in ("en", "zh"):
        return lang == "en"
    return (translation.get_language() or "").startswith("en")


def _photo_url(agenda: Agenda, speaker: str) -> str:
    return reverse("agenda_public:speaker-photo", kwargs={"token": agenda.public_token, "speaker": speaker})


def _localise(agenda: Agenda, english: bool) -> tuple[list[dict], dict]:
    """Sessions and speakers of the snapshot with ``shown_*`` fields in the reader's language."""
    snap = agenda.snapshot
    people = {}
    for key, p in (snap.get("speakers") or {}).items():
        people[int(key)] = {
            **p,
            "photo": reverse(
                "agenda_public:speaker-photo", kwargs={"token": agenda.public_token, "speaker": key}
            )
            if p.get("photo")
            else "",
            "shown_name": (p.get("name_en") or p["name"]) if english else p["name"],
            "shown_bio": (p.get("bio_en") or p["bio"]) if english else p["bio"],
        }
    sessions = []
    for s in snap.get("sessions") or []:
        sessions.append(
            {
                **s,
                "shown_title": (s.get("title_en") or s["title"]) if english else s["title"],
                "shown_module": s.get("module_en") if english else s.get("module"),
                "shown_description": (s.get("description_en") or s["description"])
                if english
                else s["description"],
                "speakers": [
                    {**people[p["id"]], "role": p["role"]} for p in s["people"] if p["id"] in people
                ],
            }
        )
    return sessions, people


def agenda(request, token: str):
    obj = _agenda(token)
    english = _english(request)
    with translation.override("en" if english else "zh-hans"):
        sessions, _people = _localise(obj, english)
        days = sorted({s["date"] for s in sessions})
        rooms = sorted({s["room"] for s in sessions})
        day = request.GET.get("day") if request.GET.get("day") in days else (days[0] if days else None)
        room = request.GET.get("room") if request.GET.get("room") in rooms else ""
        q = (request.GET.get("q") or "").strip()[:MAX_QUERY]
        shown = [s for s in sessions if (q or s["date"] == day) and (not room or s["room"] == room)]
        if q:
            needle = q.lower()
            shown = [
                s
                for s in shown
                if needle in s["title"].lower()
                or needle in (s.get("title_en") or "").lower()
                or any(
                    needle in p["name"].lower() or needle in (p.get("name_en") or "").lower()
                    for p in s["speakers"]
                )
                or any(needle in t.lower() for t in s["tags"])
            ]
        context = {
            "agenda": obj,
            "meeting": obj.snapshot["meeting"],
            "sessions": shown,
            "days": days,
            "day": day,
            "rooms": rooms,
            "room": room,
            "q": q,
            "english": english,
            "follow_form": FollowForm(),
        }
        return render(request, "agenda/public/agenda.html", context)


def speakers(request, token: str):
    obj = _agenda(token)
    english = _english(request)
    with translation.override("en" if english else "zh-hans"):
        _sessions, people = _localise(obj, english)
        rows = sorted(people.values(), key=lambda p: p["shown_name"])
        context = {"agenda": obj, "meeting": obj.snapshot["meeting"], "people": rows, "english": english}
        return render(request, "agenda/public/speakers.html", context)


def speaker(request, token: str, speaker: int):
    obj = _agenda(token)
    english = _english(request)
    with translation.override("en" if english else "zh-hans"):
        sessions, people = _localise(obj, english)
        person = people.get(speaker)
        if person is None:
            raise Http404
        mine = [s for s in sessions if any(p["id"] == speaker for p in s["speakers"])]
        context = {
            "agenda": obj,
            "meeting": obj.snapshot["meeting"],
            "person": person,
            "sessions": mine,
            "english": english,
        }
        return render(request, "agenda/public/speaker.html", context)


def speaker_photo(request, token: str, speaker: int):
    """A published speaker's photo, for the public pages (stored uploads are never served directly)."""
    obj = _agenda(token)
    if not (obj.snapshot.get("speakers") or {}).get(str(speaker), {}).get("photo"):
        raise Http404
    row = Speaker.objects.filter(meeting_id=obj.meeting_id, pk=speaker).first()
    if row is None or not row.photo:
        raise Http404
    return uploads.serve(row.photo)


def _ics(obj: Agenda, sessions: list[dict], name: str) -> HttpResponse:
    zone = ZoneInfo(obj.snapshot["meeting"].get("timezone") or "Asia/Shanghai")
    url = reverse("agenda_public:agenda", kwargs={"token": obj.public_token})
    events = []
    for s in sessions:
        day = dt.date.fromisoformat(s["date"])
        start = dt.datetime.combine(day, dt.time.fromisoformat(s["start"]), zone)
        end = dt.datetime.combine(day, dt.time.fromisoformat(s["end"]), zone)
        who = "、".join(p["shown_name"] for p in s["speakers"])
        events.append(
            ics.Event(
                uid=f"agenda-{obj.pk}-session-{s['id']}@huiwu",
                start=start,
                end=end,
                summary=f"{s['shown_title']} · {s['room']}",
                description=who,
                url=url,
            )
        )
    response = HttpResponse(ics.calendar(name, events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{obj.pk}.ics"'
    return response


def agenda_ics(request, token: str):
    obj = _agenda(token)
    sessions, _people = _localise(obj, _english(request))
    return _ics(obj, sessions, obj.snapshot["meeting"]["name"])


def my_ics(request, token: str):
    obj = _agenda(token)
    wanted = set()
    for part in (request.GET.get("s") or "").split(",")[:500]:
        if part.strip().isdecimal():
            wanted.add(int(part))
    sessions, _people = _localise(obj, _english(request))
    mine = [s for s in sessions if s["id"] in wanted]
    return _ics(obj, mine, _("My sessions") + " · " + obj.snapshot["meeting"]["name"])


def agenda_pdf(request, token: str):
    from weasyprint import HTML

    obj = _agenda(token)
    english = _english(request)
    large = request.GET.get("print") == "large"
    with translation.override("en" if english else "zh-hans"):
        sessions, _people = _localise(obj, english)
        days = []
        for s in sessions:
            if not days or days[-1]["date"] != s["date"]:
                days.append({"date": s["date"], "sessions": []})
            days[-1]["sessions"].append(s)
        html = render_to_string(
            "agenda/public/agenda_pdf.html",
            {"meeting": obj.snapshot["meeting"], "days": days, "large": large, "english": english},
        )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    kind = "large-print" if large else "agenda"
    response["Content-Disposition"] = f'inline; filename="{kind}-{obj.pk}.pdf"'
    return response


@require_POST
def follow(request, token: str):
    obj = _agenda(token)
    form = FollowForm(request.POST)
    back = reverse("agenda_public:agenda", kwargs={"token": token})
    if not form.is_valid():
        messages.error(request, _("Give a valid e-mail address."))
        return redirect(back)
    try:
        services.follow(
            agenda=obj, email=form.cleaned_data["email"], session_ids=form.cleaned_data["sessions"]
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect(back)
    messages.success(request, _("Saved. We will e-mail you if these sessions change."))
    return redirect(back)
