"""A vote's rules and weights, pure: the counts are always the sum of the kept votes' weights, however
votes arrive and change; what a phone may send is checked before anything is kept."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huiwu.interaction import tally
from huiwu.interaction.errors import ChoiceInvalid
from huiwu.interaction.tally import PollRules


def rules(kind, n=4, max_choices=2, scale=5, changeable=True):
    return PollRules(
        id=1, live_id=1, kind=kind, options=tuple(str(i) for i in range(1, n + 1)), max_choices=max_choices,
        scale=scale, changeable=changeable, show_results="always",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "raw", "kept"),
    [
        ("single", "2", ["2"]),
        ("single", 2, ["2"]),
        ("multiple", ["3", "1"], ["1", "3"]),
        ("ranking", ["3", "1", "4"], ["3", "1", "4"]),
        ("rating", "4", 4),
        ("words", ["ＡＩ ", "ai", "大模型"], None),
        ("text", "  好问题\n第二行 ", "好问题\n第二行"),
    ],
)
def test_what_is_kept(kind, raw, kept):
    r = rules(kind, max_choices=3)
    if kind == "words":
        assert tally.normalise(r, raw) == ["ai", "大模型"]  # width and case folded, duplicates once
    else:
        assert tally.normalise(r, raw) == kept


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("single", "9"),
        ("single", ["1", "2"]),
        ("single", True),
        ("single", None),
        ("single", {"id": "1"}),
        ("multiple", ["1", "2", "3"]),
        ("multiple", ["1", "1"]),
        ("multiple", []),
        ("ranking", ["1", "1"]),
        ("rating", "0"),
        ("rating", "6"),
        ("rating", "-1"),
        ("rating", 4.5),
        ("words", ""),
        ("words", "x" * 26),
        ("words", ["a", "b", "c"]),
        ("text", "a\u202eb"),
        ("text", "x" * 281),
        ("text", "   "),
        ("text", ["list"]),
        ("nonsense", "1"),
    ],
)
def test_what_is_refused(kind, raw):
    with pytest.raises(ChoiceInvalid):
        tally.normalise(rules(kind), raw)


KINDS = ["single", "multiple", "ranking", "rating", "words"]


def choices(kind):
    ids = st.sampled_from(["1", "2", "3", "4"])
    if kind == "single":
        return ids.map(lambda i: [i])
    if kind == "multiple":
        return st.sets(ids, min_size=1, max_size=2).map(sorted)
    if kind == "ranking":
        return st.permutations(["1", "2", "3", "4"]).flatmap(lambda p: st.integers(1, 4).map(lambda k: p[:k]))
    if kind == "rating":
        return st.integers(1, 5)
    return st.lists(st.sampled_from(["ai", "云", "数据"]), min_size=1, max_size=2, unique=True)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), kind=st.sampled_from(KINDS))
def test_counts_are_the_sum_of_the_kept_votes(data, kind):
    votes = data.draw(st.lists(st.tuples(st.integers(1, 6), choices(kind)), max_size=40))
    counts: dict[str, int] = {}
    kept: dict[int, object] = {}
    for participant, choice in votes:
        counts = tally.apply(counts, tally.delta(kind, kept.get(participant), choice, 4))
        kept[participant] = choice
    expected: Counter[str] = Counter()
    for choice in kept.values():
        expected.update(tally.weights(kind, choice, 4))
    assert counts == {k: v for k, v in expected.items() if v}
    assert all(v > 0 for v in counts.values())
