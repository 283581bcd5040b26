"""Q&A: questions held for a moderator (always when moderation is on; when a sensitive word of the
organisation or the client is in them otherwise), checked text, two moderators on one question, merging
a duplicate; upvotes once per participant, written in batches (committed: the writer is a thread)."""

from __future__ import annotations

import pytest

from huiwu.interaction import qa, services
from huiwu.interaction.errors import Flood, ParticipantInvalid, PollClosed, QuestionInvalid, Stale
from huiwu.interaction.models import Live, Question, QuestionStatus, Upvote
from huiwu.orgs.enums import Role
from tests.conftest import member
from tests.factories.events import MeetingFactory

pytestmark = pytest.mark.integration


def setup(moderated=True):
    meeting = MeetingFactory()
    owner = member(meeting.org, Role.OWNER)
    live = services.set_up(meeting=meeting, membership=owner)
    Live.objects.filter(pk=live.pk).update(moderated=moderated)
    live.refresh_from_db()
    return live, owner


def ask(live, text, participant=None, anonymous=False):
    who = participant or services.join(live=live, name="王小明")
    return qa.ask(live=live, participant=who.pk, text=text, anonymous=anonymous, address="10.0.0.2")


@pytest.mark.django_db
def test_questions_wait_for_a_moderator_and_two_moderators_do_not_both_decide():
    live, owner = setup(moderated=True)
    q = ask(live, "<b>请问</b>明年的峰会还在上海吗？")
    assert q.status == QuestionStatus.PENDING and q.text.startswith("<b>") and q.name == "王小明"
    assert ask(live, "匿名提问", anonymous=True).name == ""
    other = member(live.org, Role.ADMIN)
    qa.decide(question=q, membership=owner, action="approve")
    with pytest.raises(Stale):
        qa.decide(question=q, membership=other, action="approve")
    qa.decide(question=q, membership=other, action="pin")
    twin = ask(live, "峰会明年还在上海办吗")
    qa.decide(question=twin, membership=owner, action="approve")
    qa.decide(question=twin, membership=owner, action="pin")
    assert list(Question.objects.filter(pinned=True)) == [twin]  # one pinned at a time
    merged = qa.merge(question=twin, into=q, membership=owner)
    assert merged.pk == q.pk and Question.objects.get(pk=twin.pk).status == QuestionStatus.MERGED
    qa.decide(question=q, membership=owner, action="answered")
    with pytest.raises(QuestionInvalid):
        qa.decide(question=q, membership=owner, action="delete-everything")
    viewer = member(live.org, Role.VIEWER)
    from huiwu.interaction.errors import NotAllowed

    with pytest.raises(NotAllowed):
        qa.decide(question=q, membership=viewer, action="reject")


@pytest.mark.django_db
def test_sensitive_words_hold_a_question_and_bad_text_is_refused(settings):
    live, owner = setup(moderated=False)
    qa.save_words(membership=owner, org_id=live.org_id, words="内幕\n 股价 \n内幕", version=1)
    qa.save_words(
        membership=owner, org_id=live.org_id, client_id=live.meeting.client_id, words="竞品A", version=1
    )
    assert ask(live, "今天的茶歇在哪里？").status == QuestionStatus.APPROVED
    held = ask(live, "能透露一下 股 价 走势吗")
    assert (held.status, held.held_for) == (QuestionStatus.PENDING, "股价")
    assert ask(live, "和竞品ａ相比如何？").held_for == "竞品A"  # width and case do not hide a word
    qa.save_words(membership=owner, org_id=live.org_id, words="内幕\n股价\n机密", version=1)
    with pytest.raises(Stale):  # another person saved the list since this one was read
        qa.save_words(membership=owner, org_id=live.org_id, words="x", version=1)
    for bad in ("", "   ", "x" * 301, "反转\u202e文字"):
        with pytest.raises(QuestionInvalid):
            ask(live, bad)
    stranger = services.join(live=services.set_up(meeting=MeetingFactory(org=live.org), membership=owner))
    with pytest.raises(ParticipantInvalid):
        qa.ask(live=live, participant=stranger.pk, text="串场", anonymous=False, address="1.1.1.1")
    settings.HUIWU_INTERACTION_PER_PARTICIPANT = 2
    settings.HUIWU_INTERACTION_WINDOW = 3600
    person = services.join(live=live)
    ask(live, "一", person)
    ask(live, "二", person)
    count = Question.objects.count()
    with pytest.raises(Flood):
        ask(live, "三", person)
    assert Question.objects.count() == count


@pytest.mark.django_db(transaction=True)
def test_an_upvote_counts_once_and_only_on_a_shown_question():
    live, owner = setup(moderated=True)
    q = ask(live, "大模型落地的最大难点是什么？")
    fan = services.join(live=live)
    with pytest.raises(PollClosed):
        qa.upvote(live_id=live.pk, participant=fan.pk, question=q.pk, address="10.0.0.3")
    qa.decide(question=q, membership=owner, action="approve")
    assert qa.upvote(live_id=live.pk, participant=fan.pk, question=q.pk, address="10.0.0.3") == "new"
    assert qa.upvote(live_id=live.pk, participant=fan.pk, question=q.pk, address="10.0.0.3") == "same"
    other = services.join(live=live)
    qa.upvote(live_id=live.pk, participant=other.pk, question=q.pk, address="10.0.0.4")
    q.refresh_from_db()
    assert q.upvotes == 2 == Upvote.objects.filter(question=q).count()
    elsewhere = services.set_up(meeting=MeetingFactory(org=live.org), membership=owner)
    with pytest.raises(ParticipantInvalid):
        qa.upvote(
            live_id=elsewhere.pk, participant=services.join(live=elsewhere).pk, question=q.pk, address="x"
        )
