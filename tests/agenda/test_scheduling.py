"""The agenda solver on small instances with known optimum, checked by the independent validator."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huiwu.agenda.scheduling.instance import InstanceError, parse
from huiwu.agenda.scheduling.solver import solve
from huiwu.agenda.scheduling.validator import objective, violations

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


def instance(sessions, rooms=None, slots=None, speakers=None, **params):
    return {
        "format": "conf-agenda-instance",
        "version": 1,
        "name": "t",
        "params": {
            "max_core_block_minutes": 90,
            "no_adjacent_buffers": True,
            "comfort_ratio": 0.8,
            "weights": {"crowding": 1, "speaker_preference": 20},
            **params,
        },
        "rooms": rooms or [{"id": "R1", "capacity": 100}, {"id": "R2", "capacity": 50}],
        "days": [
            {
                "id": "D1",
                "date": "2030-06-03",
                "slots": slots
                or [
                    {"id": "T1", "start": "09:00", "duration": 45},
                    {"id": "T2", "start": "09:45", "duration": 45},
                    {"id": "T3", "start": "10:30", "duration": 30},
                    {"id": "T4", "start": "11:00", "duration": 45},
                ],
            }
        ],
        "sessions": sessions,
        "speakers": speakers or [{"id": "P1", "name": "A"}, {"id": "P2", "name": "B"}],
    }


def s(sid, kind="core", duration=45, audience=10, speakers=(), tags=(), pinned=None):
    return {
        "id": sid,
        "title": sid,
        "type": "talk",
        "kind": kind,
        "duration": duration,
        "audience": audience,
        "speakers": list(speakers),
        "tags": list(tags),
        "pinned": pinned,
    }


def check(doc):
    inst = parse(doc)
    result = solve(inst, time_limit=10)
    assert result.status == "optimal"
    assert violations(inst, result.assignments) == []
    assert objective(inst, result.assignments) == result.objective
    return inst, result


def test_popular_session_goes_to_the_big_room():
    _inst, result = check(
        instance(
            [s("S1", audience=90), s("S2", audience=40)],
            slots=[{"id": "T1", "start": "09:00", "duration": 45}],
        )
    )
    rooms = {a["session"]: a["room"] for a in result.assignments}
    # S1 in R1: 90 - 80 = 10; S2 in R2: 40 - 40 = 0 → optimum 10
    assert rooms == {"S1": "R1", "S2": "R2"} and result.objective == 10


def test_no_speaker_or_tag_in_two_places_and_core_blocks_capped():
    sessions = [
        s("A", speakers=["P1"]),
        s("B", speakers=["P1"]),
        s("C", tags=["topic:ai"]),
        s("D", tags=["topic:ai"]),
        s("E", kind="buffer", duration=30),
    ]
    inst, result = check(instance(sessions))
    assert violations(inst, result.assignments) == []


def test_speaker_preference_is_an_objective_not_a_rule():
    speakers = [
        {"id": "P1", "name": "A", "preferred": [{"day": "D1", "start": "11:00", "end": "12:00"}]},
        {"id": "P2", "name": "B"},
    ]
    _inst, result = check(instance([s("A", speakers=["P1"])], speakers=speakers))
    assert result.assignments[0]["slot"] == "T4" and result.objective == 0


def test_pins_and_unavailability_are_kept():
    speakers = [
        {"id": "P1", "name": "A", "unavailable": [{"day": "D1", "start": "09:00", "end": "10:30"}]},
        {"id": "P2", "name": "B"},
    ]
    sessions = [s("A", speakers=["P1"]), s("B", pinned={"room": "R2", "slot": "T2"})]
    _inst, result = check(instance(sessions, speakers=speakers))
    placed = {a["session"]: (a["room"], a["slot"]) for a in result.assignments}
    assert placed["B"] == ("R2", "T2") and placed["A"][1] == "T4"


def test_infeasible_names_the_conflict():
    # Three core sessions, one room, three adjacent 45-minute slots: 135 min of core > 90.
    doc = instance(
        [s("A"), s("B"), s("C")],
        rooms=[{"id": "R1", "capacity": 100}],
        slots=[
            {"id": "T1", "start": "09:00", "duration": 45},
            {"id": "T2", "start": "09:45", "duration": 45},
            {"id": "T3", "start": "10:30", "duration": 45},
        ],
    )
    result = solve(parse(doc), time_limit=10)
    assert result.status == "infeasible"
    assert "H9 core block" in result.conflicts[0]


def test_a_session_that_fits_nowhere_is_named():
    result = solve(parse(instance([s("BIG", audience=500)])), time_limit=5)
    assert result.status == "infeasible" and result.conflicts[0].startswith("session BIG:")


def test_the_validator_catches_every_rule():
    inst = parse(
        instance(
            [
                s("A", speakers=["P1"], tags=["x"]),
                s("B", speakers=["P1"], tags=["x"]),
                s("C", kind="buffer", duration=30),
                s("D", kind="buffer", duration=45),
            ]
        )
    )
    bad = [
        {"session": "A", "room": "R1", "slot": "T1"},
        {"session": "B", "room": "R1", "slot": "T1"},
        {"session": "C", "room": "R2", "slot": "T2"},
        {"session": "D", "room": "R2", "slot": "T3"},
    ]
    rules = {v.split()[0] for v in violations(inst, bad)}
    assert {"H2", "H6", "H7", "H3", "H10"} <= rules


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ({"format": "x"}, "not a conf-agenda-instance"),
        (instance([s("A", speakers=["NOBODY"])]), "unknown speaker NOBODY"),
        (
            instance(
                [s("A")],
                slots=[
                    {"id": "T1", "start": "09:00", "duration": 60},
                    {"id": "T2", "start": "09:30", "duration": 30},
                ],
            ),
            "overlaps the previous slot",
        ),
        (instance([s("A", pinned={"room": "R9", "slot": None})]), "pinned to unknown room R9"),
    ],
)
def test_bad_instances_are_refused_clearly(doc, problem):
    with pytest.raises(InstanceError) as err:
        parse(doc)
    assert problem in str(err.value)


def test_the_command_writes_a_solution_file(tmp_path):
    src, out = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(instance([s("A"), s("B", kind="buffer", duration=30)])))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "huiwu",
            "schedule",
            "--instance",
            str(src),
            "--out",
            str(out),
            "--time-limit",
            "5",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    solution = json.loads(out.read_text())
    assert solution["format"] == "conf-agenda-solution" and solution["status"] == "optimal"
    assert len(solution["assignments"]) == 2
    (tmp_path / "bad.json").write_text("{not json")
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "huiwu",
            "schedule",
            "--instance",
            str(tmp_path / "bad.json"),
            "--out",
            str(out),
            "--time-limit",
            "5",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0
    assert json.loads(out.read_text())["status"] == "error"


def test_a_generated_instance_has_a_valid_planted_agenda_and_the_solver_finds_one():
    from huiwu.agenda.scheduling.generator import generate

    inst = parse(generate("S", seed=3))
    assert len(inst.sessions) == 40 and len(inst.rooms) == 4
    result = solve(inst, time_limit=10)
    assert result.status in ("optimal", "feasible")
    assert violations(inst, result.assignments) == []


def test_replanning_keeps_published_cells_unless_moving_pays():
    doc = instance([s("A", audience=90), s("B", audience=10)])
    doc["sessions"][0]["published"] = {"room": "R1", "slot": "T4"}
    doc["sessions"][1]["published"] = {"room": "R2", "slot": "T1"}
    inst = parse(doc)
    result = solve(inst, time_limit=10)
    cells = {a["session"]: (a["room"], a["slot"]) for a in result.assignments}
    assert cells == {"A": ("R1", "T4"), "B": ("R2", "T1")}
    # a move that saves more than it costs is made: A (45 people) crowds the 50-seat room
    doc["sessions"][0]["audience"] = 45
    doc["sessions"][0]["published"] = {"room": "R2", "slot": "T4"}
    doc["params"]["weights"]["change"] = 1
    result = solve(parse(doc), time_limit=10)
    assert {a["session"]: a["room"] for a in result.assignments}["A"] == "R1"


def _construct(inst, budget=30):
    from huiwu.agenda.scheduling.construct import construct
    from huiwu.agenda.scheduling.solver import candidate_cells, cell_cost

    cells = candidate_cells(inst)
    return construct(inst, cells, lambda sid, r, t: cell_cost(inst, sid, r, t), budget=budget)


def test_the_constructed_start_is_a_valid_agenda_on_a_generated_instance():
    from huiwu.agenda.scheduling.generator import generate

    inst = parse(generate("M", seed=1))
    placed = _construct(inst)  # it stops as soon as all are placed
    assert len(placed) == len(inst.sessions)
    assert violations(inst, placed) == []


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(min_value=1, max_value=10_000))
def test_every_solution_keeps_every_hard_rule(seed):
    from huiwu.agenda.scheduling.generator import generate

    inst = parse(generate("S", seed=seed))
    result = solve(inst, time_limit=5)
    assert result.status in ("optimal", "feasible")
    assert violations(inst, result.assignments) == []


def test_speakers_get_time_to_rehearse_when_asked():
    # two talks of one speaker cannot sit in adjacent slots: no 30 minutes free before the second
    doc = instance(
        [s("A", speakers=["P1"]), s("B", speakers=["P1"])],
        rooms=[{"id": "R1", "capacity": 100}],
        slots=[
            {"id": "T1", "start": "09:00", "duration": 45},
            {"id": "T2", "start": "09:45", "duration": 45},
        ],
        rehearsal_minutes=30,
    )
    result = solve(parse(doc), time_limit=10)
    assert result.status == "infeasible"
    assert "R1 rehearsal" in result.conflict_sets[0]["rules"]
    # a rehearsal slot of their own that day lifts it
    doc["speakers"][0]["rehearsal_days"] = ["D1"]
    check(doc)
    # and the validator holds the solver to it
    bad = [{"session": "A", "room": "R1", "slot": "T1"}, {"session": "B", "room": "R1", "slot": "T2"}]
    doc["speakers"][0]["rehearsal_days"] = []
    assert any(v.startswith("R1 ") for v in violations(parse(doc), bad))


@pytest.mark.parametrize(
    "change",
    [
        # a speaker unavailable all day
        lambda d: d["speakers"][0].update(unavailable=[{"day": "D1", "start": "00:00", "end": "23:59"}]),
        # a session pinned to a room too small for it
        lambda d: d["sessions"][0].update(audience=90, pinned={"room": "R2", "slot": None}),
        # a session longer than every slot
        lambda d: d["sessions"][0].update(duration=120),
    ],
    ids=["unavailable-all-day", "pinned-too-small", "longer-than-every-slot"],
)
def test_impossible_sessions_are_named_not_crashed_on(change):
    doc = instance([s("A", speakers=["P1"]), s("B")])
    change(doc)
    result = solve(parse(doc), time_limit=5)
    assert result.status == "infeasible"
    assert result.conflict_sets[0]["sessions"] == ["A"]


def test_huge_or_deeply_nested_files_are_refused(tmp_path):
    from huiwu.agenda.scheduling.instance import MAX_BYTES, load

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InstanceError):
        load(deep)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(InstanceError, match="larger than"):
        load(huge)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


VALID = instance(
    [
        s("A", speakers=["P1"], tags=["topic:x"]),
        s("B", kind="buffer", duration=30, pinned={"room": "R1", "slot": None}),
    ],
    speakers=[{"id": "P1", "name": "A", "unavailable": [{"day": "D1", "start": "11:00", "end": "12:00"}]}],
)
PLACES = [
    ("rooms", 0, "id"),
    ("rooms", 0, "capacity"),
    ("sessions", 0, "id"),
    ("sessions", 0, "duration"),
    ("sessions", 0, "speakers"),
    ("sessions", 0, "tags"),
    ("sessions", 1, "pinned"),
    ("sessions", 1, "kind"),
    ("speakers", 0, "id"),
    ("speakers", 0, "unavailable"),
    ("params", None, "max_core_block_minutes"),
    ("params", None, "weights"),
]


@settings(max_examples=300, deadline=None)
@given(
    place=st.sampled_from(PLACES),
    value=JSONISH,
    slot_value=JSONISH,
    slot_key=st.sampled_from(["id", "start", "duration"]),
)
def test_any_malformed_instance_is_an_instance_error_never_a_crash(place, value, slot_value, slot_key):
    doc = json.loads(json.dumps(VALID))
    section, index, key = place
    (doc[section] if index is None else doc[section][index])[key] = value
    doc["days"][0]["slots"][1][slot_key] = slot_value
    try:
        inst = parse(doc)
    except InstanceError as exc:
        assert exc.problems
        return
    result = solve(inst, time_limit=2)
    if result.status in ("optimal", "feasible"):
        assert violations(inst, result.assignments) == []


def test_big_models_are_improved_piece_by_piece_and_stay_valid(monkeypatch):
    from huiwu.agenda.scheduling import solver as solver_module
    from huiwu.agenda.scheduling.generator import generate

    monkeypatch.setattr(solver_module, "SMALL_MODEL", 0)  # take the LNS path on a small instance
    inst = parse(generate("M", seed=1))
    start = _construct(inst)
    result = solve(inst, time_limit=6, hint=start)  # the LNS improves a complete agenda
    assert result.status in ("optimal", "feasible")
    assert result.stats["lns"]["rounds"] > 0
    assert violations(inst, result.assignments) == []
    assert objective(inst, result.assignments) == result.objective <= objective(inst, start)


def test_a_plenary_or_a_meal_has_its_slot_to_itself():
    """H11: the opening and the lunch keep every other room of their slot free; the constructed start,
    the solver and the validator agree, and two plenaries that must share a slot are named as a
    conflict."""
    sessions = [
        {**s("OPEN", audience=90), "exclusive": True},
        s("A"),
        s("B"),
        s("C"),
        {**s("LUNCH", kind="buffer", duration=30, audience=90), "exclusive": True},
    ]
    inst, result = check(instance(sessions))
    slot_of = {a["session"]: a["slot"] for a in result.assignments}
    for plenary in ("OPEN", "LUNCH"):
        assert [sid for sid, slot in slot_of.items() if slot == slot_of[plenary]] == [plenary]
    start = _construct(inst)
    assert len(start) == len(sessions) and violations(inst, start) == []
    side_by_side = [
        {"session": "OPEN", "room": "R1", "slot": "T1"},
        {"session": "A", "room": "R2", "slot": "T1"},
    ]
    assert any(v.startswith("H11 A") for v in violations(inst, side_by_side))
    two = instance(
        [{**s("X"), "exclusive": True}, {**s("Y"), "exclusive": True}],
        slots=[{"id": "T1", "start": "09:00", "duration": 45}],
    )
    clash = solve(parse(two), time_limit=5)
    assert clash.status == "infeasible" and "H11 plenary" in clash.conflicts[0]
    with pytest.raises(InstanceError, match="exclusive"):
        parse(instance([{**s("X"), "exclusive": "yes"}]))
