"""A vote's rules and its weight in the results, pure: no database, no store.

``normalise`` turns what a phone sent into the one form a vote is kept in (or refuses it); ``weights``
is what that vote adds to the poll's counts. A poll's counts are always the sum of ``weights`` over its
votes, so a changed vote moves its weights from the old choice to the new one (``delta``)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from huiwu.core.text import clean_text

from .errors import ChoiceInvalid

TEXT_LIMIT = 280  # an open answer
WORD_LIMIT = 25  # one entry of a word cloud


@dataclass(frozen=True)
class PollRules:
    """What a vote is checked against: a poll's kind and answers (frozen once it opens)."""

    id: int
    live_id: int
    kind: str
    options: tuple[str, ...]
    max_choices: int
    scale: int
    changeable: bool
    show_results: str

    @classmethod
    def of(cls, poll: Any, live_id: int) -> PollRules:
        return cls(
            id=poll.pk,
            live_id=live_id,
            kind=poll.kind,
            options=tuple(str(o["id"]) for o in poll.options),
            max_choices=max(1, poll.max_choices),
            scale=poll.scale,
            changeable=poll.changeable,
            show_results=poll.show_results,
        )


def _ids(rules: PollRules, raw: Any, *, ordered: bool) -> list[str]:
    values = raw if isinstance(raw, list) else [raw]
    if not values or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        raise ChoiceInvalid()
    ids = [str(v) for v in values]
    if len(set(ids)) != len(ids) or any(i not in rules.options for i in ids):
        raise ChoiceInvalid()
    return ids if ordered else sorted(ids, key=rules.options.index)


def _word(raw: Any) -> str:
    if not isinstance(raw, str):
        raise ChoiceInvalid(gettext("Type a word or a short phrase."))
    try:
        text = clean_text(unicodedata.normalize("NFKC", raw), max_length=WORD_LIMIT)
    except ValidationError as exc:
        raise ChoiceInvalid(" ".join(exc.messages)) from None
    word = " ".join(text.split()).casefold()
    if not word:
        raise ChoiceInvalid(gettext("Type a word or a short phrase."))
    return word


def normalise(rules: PollRules, raw: Any) -> Any:
    """The vote as kept, or ``ChoiceInvalid`` saying why."""
    kind = rules.kind
    if kind == "single":
        ids = _ids(rules, raw, ordered=False)
        if len(ids) != 1:
            raise ChoiceInvalid(gettext("Choose one answer."))
        return ids
    if kind == "multiple":
        ids = _ids(rules, raw, ordered=False)
        if len(ids) > rules.max_choices:
            raise ChoiceInvalid(gettext("Choose at most %(n)s answers.") % {"n": rules.max_choices})
        return ids
    if kind == "ranking":
        return _ids(rules, raw, ordered=True)
    if kind == "rating":
        if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).isdecimal():
            raise ChoiceInvalid(gettext("Give a rating from 1 to %(n)s.") % {"n": rules.scale})
        value = int(raw)
        if not 1 <= value <= rules.scale:
            raise ChoiceInvalid(gettext("Give a rating from 1 to %(n)s.") % {"n": rules.scale})
        return value
    if kind == "words":
        values = raw if isinstance(raw, list) else [raw]
        words = list(dict.fromkeys(_word(v) for v in values))
        if not words or len(words) > rules.max_choices:
            raise ChoiceInvalid(gettext("At most %(n)s words or phrases.") % {"n": rules.max_choices})
        return words
    if kind == "text":
        if not isinstance(raw, str):
            raise ChoiceInvalid(gettext("Type your answer."))
        try:
            text = clean_text(raw, max_length=TEXT_LIMIT, multiline=True)
        except ValidationError as exc:
            raise ChoiceInvalid(" ".join(exc.messages)) from None
        if not text:
            raise ChoiceInvalid(gettext("Type your answer."))
        return text
    raise ChoiceInvalid()


def weights(kind: str, choice: Any, n_options: int) -> Counter[str]:
    """What one kept vote adds to the counts: a vote per answer, per rating, per word; a ranking gives
    n points to its first, n-1 to its second (Borda); an open text adds nothing (its count is the
    voters)."""
    if choice is None:
        return Counter()
    if kind in ("single", "multiple", "words"):
        return Counter({str(c): 1 for c in choice})
    if kind == "rating":
        return Counter({str(choice): 1})
    if kind == "ranking":
        return Counter({str(c): n_options - i for i, c in enumerate(choice)})
    return Counter()


def delta(kind: str, old: Any, new: Any, n_options: int) -> Counter[str]:
    """What replacing ``old`` (None: no vote yet) by ``new`` changes in the counts (may be negative)."""
    change = Counter(weights(kind, new, n_options))
    change.subtract(weights(kind, old, n_options))
    return change


def apply(counts: dict[str, int], change: Counter[str]) -> dict[str, int]:
    """``counts`` moved by ``change``; keys at zero are dropped."""
    out = dict(counts)
    for key, n in change.items():
        if not n:
            continue
        value = out.get(key, 0) + n
        if value:
            out[key] = value
        else:
            out.pop(key, None)
    return out
