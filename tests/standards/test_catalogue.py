import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huiwu.core.models import AuditEntry
from huiwu.standards import selectors
from huiwu.standards.catalogue import DEFAULTS
from huiwu.standards.enums import Kind
from huiwu.standards.errors import (
    BadRange,
    FigureInvalid,
    FigureMissing,
    ReasonRequired,
    Stale,
    UnitMismatch,
    UnknownStandard,
    UnknownVariant,
)
from huiwu.standards.models import Catalogue, Override, Rule, RuleChange
from huiwu.standards.selectors import Standard, catalogue_version, standard, values_at
from huiwu.standards.services import (
    FigureInput,
    choose_variant,
    remove_override,
    set_override,
    update_rule,
)

pytestmark = pytest.mark.integration


def rule_of(org, key):
    assert standard(org, key)  # the organisation has its catalogue from the start
    return Rule.objects.get(org=org, key=key)


def test_an_organisation_without_its_catalogue_reads_the_domains_figures_and_writes_nothing(tenant_a):
    org = tenant_a.org
    Catalogue.objects.filter(org=org).delete()
    Rule.objects.filter(org=org).delete()
    assert standard(org, "venue.capacity_spare").figure == Decimal("1.15")
    assert catalogue_version(org) == 0 and not Catalogue.objects.filter(org=org).exists()


def test_a_new_organisation_reads_every_figure_of_the_domain(tenant_a):
    org = tenant_a.org
    assert standard(org, "venue.capacity_spare").figure == Decimal("1.15")
    assert standard(org, "health.temperature").describe() == "22-26 °C"
    assert standard(org, "incident.respond").describe() == "≤ 3 min"
    assert standard(org, "safety.risk_report").duration() == dt.timedelta(days=15)
    assert standard(org, "timing.tech_ready").minutes() == 120
    assert Rule.objects.filter(org=org).count() == len(DEFAULTS)
    assert Catalogue.objects.get(org=org).version == 1
    seeded = RuleChange.objects.filter(rule__org=org, catalogue_version=1)
    assert seeded.count() == len(DEFAULTS) and {c.reason for c in seeded} == {"DOMAIN.md"}
    with pytest.raises(UnknownStandard):
        standard(org, "no.such.rule")


def test_each_default_has_the_figures_its_kind_needs():
    for d in DEFAULTS:
        if d.kind == Kind.RANGE:
            assert d.low is not None and d.high is not None and d.low <= d.high, d.key
        elif d.kind == Kind.MAXIMUM:
            assert d.high is not None and d.low is None, d.key
        elif d.kind == Kind.FLAG:
            assert d.low is None and d.high is None and d.unit == "", d.key
        else:
            assert d.low is not None and d.high is None, d.key
        assert not d.variants or (d.variants[0].low, d.variants[0].high) == (d.low, d.high), d.key


def test_a_change_is_versioned_audited_and_read_at_once(tenant_a, django_capture_on_commit_callbacks):
    org, owner = tenant_a.org, tenant_a.owner
    rule = rule_of(org, "health.temperature")
    with django_capture_on_commit_callbacks(execute=True):
        update_rule(
            rule=rule,
            actor=owner,
            data=FigureInput(low="23", high="25", unit="°C"),
            reason="客户要求",
            version=rule.version,
        )
    now = standard(org, "health.temperature")
    assert (now.low, now.high, now.version) == (Decimal(23), Decimal(25), 2)
    assert now.holds(24) and not now.holds("22.5") and not now.holds(26)
    rule.refresh_from_db()
    assert rule.version == 2 and rule.variant == "org"
    change = RuleChange.objects.get(rule=rule, catalogue_version=2)
    assert change.before["low"] == "22" and change.after["low"] == "23" and change.reason == "客户要求"
    entry = AuditEntry.objects.get(action="standards.rule.changed", target_id=str(rule.pk))
    assert entry.changes == {"low": ["22", "23"], "high": ["26", "25"], "variant": ["000", "org"]}
    assert values_at(org, 1)["health.temperature"]["low"] == "22"
    assert values_at(org, 2)["health.temperature"]["low"] == "23"


def test_an_edit_of_an_older_version_is_refused(tenant_a):
    org = tenant_a.org
    rule = rule_of(org, "health.co2")
    update_rule(rule=rule, actor=None, data=FigureInput(high=900, unit="ppm"), reason="更严", version=1)
    with pytest.raises(Stale) as caught:
        update_rule(rule=rule, actor=None, data=FigureInput(high=800, unit="ppm"), reason="再严", version=1)
    assert caught.value.status == 409
    assert standard(org, "health.co2").high == 900 and catalogue_version(org) == 2


@pytest.mark.parametrize(
    ("key", "data", "reason", "error", "field"),
    [
        ("health.humidity", FigureInput(low=70, high=50, unit="%"), "r", BadRange, "low"),
        ("health.humidity", FigureInput(low=40, high=None, unit="%"), "r", FigureMissing, "high"),
        ("health.co2", FigureInput(high="很多", unit="ppm"), "r", FigureInvalid, "high"),
        ("health.co2", FigureInput(high="1e400", unit="ppm"), "r", FigureInvalid, "high"),
        ("health.co2", FigureInput(high="NaN", unit="ppm"), "r", FigureInvalid, "high"),
        ("health.co2", FigureInput(high="0.00001", unit="ppm"), "r", FigureInvalid, "high"),
        ("health.co2", FigureInput(high=True, unit="ppm"), "r", FigureInvalid, "high"),
        ("health.co2", FigureInput(high=-5, unit="ppm"), "r", FigureInvalid, "high"),
        ("materials.verified", FigureInput(low=100_000_000, unit="d"), "r", FigureInvalid, "low"),
        ("timing.tech_ready", FigureInput(low=9000, unit="h"), "r", FigureInvalid, "low"),
        ("health.co2", FigureInput(high=900, unit="m"), "r", UnitMismatch, "unit"),
        ("health.co2", FigureInput(high=900, unit="furlong"), "r", UnitMismatch, "unit"),
        ("venue.fire_exit_width", FigureInput(low=1.5, unit="°C"), "r", UnitMismatch, "unit"),
        ("health.co2", FigureInput(high=900, unit="ppm"), "  ", ReasonRequired, "reason"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(tenant_a, key, data, reason, error, field):
    org = tenant_a.org
    rule = rule_of(org, key)
    before = standard(org, key)
    with pytest.raises(error) as caught:
        update_rule(rule=rule, actor=None, data=data, reason=reason, version=rule.version)
    assert caught.value.details["field"] == field and caught.value.status == 422
    assert standard(org, key) == before and catalogue_version(org) == 1
    assert not RuleChange.objects.filter(rule=rule, catalogue_version__gt=1).exists()


def test_a_temperature_may_be_below_zero_and_a_time_changes_unit(tenant_a):
    org = tenant_a.org
    cold = rule_of(org, "health.cold_food")
    update_rule(rule=cold, actor=None, data=FigureInput(high=-18, unit="°C"), reason="冷冻", version=1)
    assert standard(org, "health.cold_food").holds(-20)
    ready = rule_of(org, "timing.tech_ready")
    update_rule(rule=ready, actor=None, data=FigureInput(low=90, unit="min"), reason="小场", version=1)
    assert standard(org, "timing.tech_ready").duration() == dt.timedelta(minutes=90)


def test_where_the_documents_differ_either_variant_can_be_chosen(tenant_a):
    org = tenant_a.org
    rule = rule_of(org, "incident.respond")
    assert rule.variant == "000"
    choose_variant(rule=rule, actor=None, variant="001", reason="按 001", version=1)
    assert standard(org, "incident.respond").high == 5
    rule.refresh_from_db()
    assert rule.variant == "001"
    with pytest.raises(UnknownVariant):
        choose_variant(rule=rule, actor=None, variant="002", reason="x", version=rule.version)
    # typing the other document's figure by hand is that variant again
    update_rule(rule=rule, actor=None, data=FigureInput(high=3, unit="min"), reason="回到 000", version=2)
    rule.refresh_from_db()
    assert rule.variant == "000"


def test_a_meeting_overrides_a_rule_for_its_client(tenant_a, tenant_b):
    org, meeting = tenant_a.org, tenant_a.meeting
    rule = rule_of(org, "contract.hall_temperature")
    set_override(
        meeting=meeting,
        rule=rule,
        actor=tenant_a.owner,
        data=FigureInput(low=23, high=23),
        reason="客户要 23 °C",
    )
    mine = standard(org, "contract.hall_temperature", meeting=meeting)
    assert (mine.low, mine.high, mine.overridden) == (23, 23, True)
    assert standard(org, "contract.hall_temperature").low == 23 - 0  # the organisation's rule: 23-25
    assert standard(org, "contract.hall_temperature").high == 25
    assert catalogue_version(org) == 2
    with pytest.raises(BadRange):
        set_override(meeting=meeting, rule=rule, actor=None, data=FigureInput(low=26, high=20), reason="x")
    override = Override.objects.get(meeting=meeting, rule=rule)
    remove_override(override=override, actor=tenant_a.owner, reason="客户改主意")
    assert not standard(org, "contract.hall_temperature", meeting=meeting).overridden
    assert catalogue_version(org) == 3
    with pytest.raises(UnknownStandard):  # another organisation's rule
        set_override(
            meeting=tenant_b.meeting, rule=rule, actor=None, data=FigureInput(low=20, high=21), reason="x"
        )


def test_a_rule_can_be_out_of_force(tenant_a):
    org = tenant_a.org
    rule = rule_of(org, "green.led_lighting")
    assert not standard(org, "green.led_lighting").holds(False)
    update_rule(rule=rule, actor=None, data=FigureInput(enabled=False), reason="老场馆", version=1)
    assert standard(org, "green.led_lighting").holds(False)


def test_a_process_reads_again_when_another_changed_the_catalogue(tenant_a):
    org = tenant_a.org
    assert standard(org, "checkin.minutes_per_person").high == 3
    # the shared cache holds the stamp of the committed catalogue: this process keeps its copy
    selectors.cache.set(selectors.stamp_key(org.pk), Catalogue.objects.get(org=org).stamp)
    # another process changes the rule; until its change commits and it publishes the new stamp ...
    Rule.objects.filter(org=org, key="checkin.minutes_per_person").update(high=2)
    Catalogue.objects.filter(org=org).update(version=2, stamp="fromanotherprocess")
    assert standard(org, "checkin.minutes_per_person").high == 3
    selectors.publish(org.pk, "fromanotherprocess")
    assert standard(org, "checkin.minutes_per_person").high == 2
    # without a stamp in the shared cache (evicted, restarted), the catalogue's own row decides
    selectors.cache.clear()
    Rule.objects.filter(org=org, key="checkin.minutes_per_person").update(high=4)
    Catalogue.objects.filter(org=org).update(version=3, stamp="again")
    assert standard(org, "checkin.minutes_per_person").high == 4


@settings(max_examples=60, deadline=None)
@given(
    low=st.decimals(min_value=-50, max_value=50, places=2),
    width=st.decimals(min_value=0, max_value=50, places=2),
    value=st.decimals(min_value=-200, max_value=200, places=3),
)
def test_a_range_holds_exactly_between_its_bounds(low, width, value):
    rule = Standard(
        key="k",
        area="venue_health",
        kind=Kind.RANGE,
        unit="°C",
        anchor="",
        low=low,
        high=low + width,
        enabled=True,
        version=1,
    )
    assert rule.holds(value) == (low <= value <= low + width)
