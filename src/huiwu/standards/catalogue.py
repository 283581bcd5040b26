"""Every figure of DOMAIN.md as a rule: the catalogue each organisation starts from.

One line per figure: key, area, kind, the value(s) and unit, what a deadline counts from, the source
document, what it says and what it applies to. Where the two documents differ, ``variants`` holds each
document's figure and the first is the one chosen. An organisation edits its own copy
(``services.seed_catalogue`` makes it, ``services.update_rule`` changes it, every change versioned);
code reads figures only through ``selectors.standard``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_noop as _

from .enums import Anchor, Area, Kind, Source, Unit


@dataclass(frozen=True)
class Variant:
    source: str
    low: Decimal | None = None
    high: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class Default:
    key: str
    area: str
    kind: str
    unit: str
    low: Decimal | None
    high: Decimal | None
    label: str
    applies_to: str
    source: str = Source.DOC_000
    anchor: str = ""
    variants: tuple[Variant, ...] = field(default=())

    def fields(self) -> dict:
        """An organisation's rule as the defaults make it (the first variant chosen where there are two)."""
        variant = self.variants[0].source if self.variants else self.source
        names = ("key", "area", "kind", "unit", "anchor", "low", "high")
        return {**{name: getattr(self, name) for name in names}, "variant": variant}


SEEDED = "DOMAIN.md"  # the reason a rule's history starts with


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def rule(key, area, kind, unit, low, high, label, applies_to, source=Source.DOC_000, anchor="", variants=()):
    return Default(
        key, area, kind, unit, _d(low), _d(high), label, applies_to, source, anchor, tuple(variants)
    )


def at_least(key, area, unit, value, label, applies_to, source=Source.DOC_000, variants=()):
    return rule(key, area, Kind.MINIMUM, unit, value, None, label, applies_to, source, variants=variants)


def at_most(key, area, unit, value, label, applies_to, source=Source.DOC_000, variants=()):
    return rule(key, area, Kind.MAXIMUM, unit, None, value, label, applies_to, source, variants=variants)


def between(key, area, unit, low, high, label, applies_to, source=Source.DOC_000):
    return rule(key, area, Kind.RANGE, unit, low, high, label, applies_to, source)


def share(key, area, unit, value, label, applies_to, source=Source.DOC_000):
    return rule(key, area, Kind.RATIO, unit, value, None, label, applies_to, source)


def due(key, area, unit, value, anchor, label, applies_to, source=Source.DOC_000):
    return rule(key, area, Kind.DEADLINE, unit, value, None, label, applies_to, source, anchor)


def required(key, area, label, applies_to, source=Source.DOC_000):
    return rule(key, area, Kind.FLAG, Unit.NONE, None, None, label, applies_to, source)


A, K, U = Area, Anchor, Unit
DEFAULTS: tuple[Default, ...] = (
    # --- planning: the stages' windows (stage 1 to 5) and the figures of planning, contracts, budget
    due(
        "stage.intake_start",
        A.PLANNING,
        U.DAY,
        60,
        K.BEFORE_T,
        _("Requirement intake starts"),
        _("every meeting"),
    ),
    due("stage.planning_start", A.PLANNING, U.DAY, 45, K.BEFORE_T, _("Planning starts"), _("every meeting")),
    due(
        "stage.contracts_start",
        A.PLANNING,
        U.DAY,
        30,
        K.BEFORE_T,
        _("Contracts and budget start"),
        _("every meeting"),
    ),
    due(
        "stage.contracts_end",
        A.PLANNING,
        U.DAY,
        20,
        K.BEFORE_T,
        _("Contracts signed and budget set"),
        _("every meeting"),
    ),
    due("stage.wrap_up_end", A.WRAP_UP, U.DAY, 7, K.AFTER_END, _("Wrap-up finished"), _("every meeting")),
    at_most(
        "inspection.fix_within",
        A.ONSITE,
        U.DAY,
        1,
        _("A failed inspection item fixed within (before the meeting's days; on them it is an incident)"),
        _("inspections"),
        Source.PRODUCT,
    ),
    at_least(
        "planning.deadline_warning",
        A.PLANNING,
        U.DAY,
        2,
        _("Warn this long before a watched deadline (risk report, backup plan)"),
        _("watched deadlines"),
        Source.PRODUCT,
    ),
    due(
        "wrap_up.follow_up",
        A.WRAP_UP,
        U.DAY,
        30,
        K.AFTER_END,
        _("Follow-up call to the client"),
        _("every meeting"),
    ),
    at_most(
        "agenda.core_block",
        A.PLANNING,
        U.MINUTE,
        90,
        _("One high-density stretch of core segments"),
        _("the agenda"),
        Source.DOC_001,
    ),
    share(
        "venue.capacity_spare",
        A.PLANNING,
        U.TIMES,
        "1.15",
        _("Room capacity against expected attendance (15% spare)"),
        _("the venue evaluation"),
        Source.BOTH,
    ),
    share(
        "venue.tea_break_seats",
        A.PLANNING,
        U.PERCENT,
        20,
        _("Tea-break seats as a share of attendance"),
        _("the tea-break area"),
        Source.BOTH,
    ),
    at_most(
        "visual.read_seconds",
        A.PLANNING,
        U.SECOND,
        3,
        _("Key information readable within"),
        _("the visual identity, signage"),
        Source.DOC_001,
    ),
    at_least("visual.signage_font", A.PLANNING, U.POINT, 32, _("Signage font size"), _("signage")),
    at_least(
        "visual.contrast",
        A.PLANNING,
        U.TIMES,
        "4.5",
        _("Text and background contrast (WCAG)"),
        _("brand colours, badges, signage"),
    ),
    at_least(
        "supplier.tier_a_cases",
        A.PLANNING,
        U.COUNT,
        5,
        _("Cases of meetings of the same level, for tier A"),
        _("suppliers"),
    ),
    at_most(
        "supplier.tier_a_failure_rate",
        A.PLANNING,
        U.PERCENT,
        2,
        _("Equipment failure rate, for tier A"),
        _("suppliers"),
    ),
    at_least(
        "supplier.tier_a_score",
        A.PLANNING,
        U.SCORE,
        4,
        _("Past service score, for tier A (asked once rated)"),
        _("suppliers"),
        Source.PRODUCT,
    ),
    at_least(
        "supplier.tier_b_cases",
        A.PLANNING,
        U.COUNT,
        2,
        _("Cases of meetings of any size, for tier B"),
        _("suppliers"),
        Source.PRODUCT,
    ),
    at_most(
        "supplier.tier_b_failure_rate",
        A.PLANNING,
        U.PERCENT,
        5,
        _("Equipment failure rate, for tier B"),
        _("suppliers"),
        Source.PRODUCT,
    ),
    at_least(
        "supplier.tier_b_score",
        A.PLANNING,
        U.SCORE,
        3,
        _("Past service score, for tier B (asked once rated)"),
        _("suppliers"),
        Source.PRODUCT,
    ),
    due(
        "supplier.document_expiry_notice",
        A.PLANNING,
        U.DAY,
        30,
        K.BEFORE_T,
        _("Expiring qualification documents listed ahead"),
        _("suppliers' licences, permits and certifications"),
        Source.PRODUCT,
    ),
    due(
        "materials.verified",
        A.PLANNING,
        U.DAY,
        3,
        K.BEFORE_T,
        _("Materials verified with spares"),
        _("invitations, table cards, gifts"),
    ),
    between(
        "contract.hall_temperature",
        A.PLANNING,
        U.CELSIUS,
        23,
        25,
        _("Main hall temperature in the venue contract (24 ± 1 °C)"),
        _("the venue contract"),
    ),
    due(
        "contract.equipment_tested",
        A.PLANNING,
        U.HOUR,
        2,
        K.BEFORE_START,
        _("Equipment tested, by contract"),
        _("the AV contract"),
    ),
    share(
        "contract.advance_payment", A.PLANNING, U.PERCENT, 30, _("Advance payment"), _("payment milestones")
    ),
    share(
        "contract.interim_payment", A.PLANNING, U.PERCENT, 50, _("Interim payment"), _("payment milestones")
    ),
    share("contract.final_payment", A.PLANNING, U.PERCENT, 20, _("Final payment"), _("payment milestones")),
    share(
        "contract.penalty",
        A.PLANNING,
        U.PERCENT,
        10,
        _("Penalty when a supplier's failure interrupts the meeting"),
        _("supplier contracts, of the total fee"),
    ),
    at_most(
        "contract.free_attendance_change",
        A.PLANNING,
        U.PEOPLE,
        50,
        _("Attendance change free of charge"),
        _("the venue and catering contracts"),
    ),
    due(
        "contract.attendance_change_until",
        A.PLANNING,
        U.DAY,
        15,
        K.BEFORE_T,
        _("Free attendance changes accepted until"),
        _("the venue and catering contracts"),
    ),
    at_least(
        "contract.stream_smoothness",
        A.PLANNING,
        U.PERCENT,
        95,
        _("Stream smoothness guaranteed"),
        _("the streaming contract"),
    ),
    share(
        "contract.stream_refund",
        A.PLANNING,
        U.PERCENT,
        20,
        _("Refund of the tech fee when the stream falls short"),
        _("the streaming contract"),
    ),
    share("budget.venue_share", A.PLANNING, U.PERCENT, 40, _("Venue share of the budget"), _("the budget")),
    share(
        "budget.equipment_share",
        A.PLANNING,
        U.PERCENT,
        20,
        _("Equipment share of the budget"),
        _("the budget"),
    ),
    at_most(
        "budget.total_variance", A.PLANNING, U.PERCENT, 5, _("Total spend off the budget by"), _("the budget")
    ),
    at_most("budget.review_interval", A.PLANNING, U.DAY, 7, _("Variance review every"), _("the budget")),
    # --- on site: the team, the day's timing, check-in, incidents
    at_least("team.coordinator", A.ONSITE, U.PEOPLE, 1, _("Chief coordinator"), _("the on-site team")),
    at_least("team.venue_lead", A.ONSITE, U.PEOPLE, 1, _("Venue lead"), _("the on-site team")),
    at_least("team.tech_lead", A.ONSITE, U.PEOPLE, 1, _("Tech lead"), _("the on-site team")),
    at_least("team.reception", A.ONSITE, U.PEOPLE, 2, _("Reception"), _("the on-site team")),
    at_least("team.emergency", A.ONSITE, U.PEOPLE, 2, _("Emergency group"), _("the on-site team")),
    at_least("team.catering_lead", A.ONSITE, U.PEOPLE, 1, _("Catering lead"), _("the on-site team")),
    at_least(
        "team.reception_block",
        A.ONSITE,
        U.PEOPLE,
        300,
        _("Attendees per reception pair (a pair more per block started)"),
        _("the on-site team"),
        Source.PRODUCT,
    ),
    at_least(
        "team.emergency_block",
        A.ONSITE,
        U.PEOPLE,
        500,
        _("Attendees per emergency group (a group more per block started)"),
        _("the on-site team"),
        Source.PRODUCT,
    ),
    share(
        "checkin.peak_share",
        A.ONSITE,
        U.PERCENT,
        70,
        _("Share of attendees arriving in the check-in peak"),
        _("check-in staffing"),
        Source.PRODUCT,
    ),
    at_most(
        "checkin.scan_seconds",
        A.ONSITE,
        U.SECOND,
        15,
        _("Time a check-in lane takes per person"),
        _("check-in staffing"),
        Source.PRODUCT,
    ),
    due(
        "onsite.doors_open",
        A.ONSITE,
        U.MINUTE,
        45,
        K.BEFORE_START,
        _("Doors open"),
        _("each day on site"),
        Source.PRODUCT,
    ),
    due(
        "checkin.opens",
        A.ONSITE,
        U.MINUTE,
        45,
        K.BEFORE_START,
        _("Check-in opens"),
        _("check-in"),
        Source.PRODUCT,
    ),
    required(
        "team.radios",
        A.ONSITE,
        _("Radios for the team and an emergency contact sheet"),
        _("the on-site team"),
    ),
    due("onsite.briefing", A.ONSITE, U.HOUR, 1, K.BEFORE_START, _("Morning briefing"), _("each day on site")),
    at_most(
        "checkin.minutes_per_person",
        A.ONSITE,
        U.MINUTE,
        3,
        _("Average check-in time per person"),
        _("check-in"),
    ),
    due(
        "checkin.peak",
        A.ONSITE,
        U.MINUTE,
        30,
        K.BEFORE_START,
        _("Check-in peak starts"),
        _("check-in staffing"),
    ),
    due(
        "onsite.speaker_reminder",
        A.ONSITE,
        U.MINUTE,
        5,
        K.BEFORE_SEGMENT,
        _("Speaker reminded"),
        _("each speaker"),
    ),
    at_most(
        "onsite.indoor_switch",
        A.ONSITE,
        U.MINUTE,
        15,
        _("Outdoor plan switched indoors within"),
        _("bad weather"),
    ),
    at_most(
        "incident.respond",
        A.ONSITE,
        U.MINUTE,
        3,
        _("Any fault answered within"),
        _("incidents"),
        variants=(
            Variant(Source.DOC_000, high=Decimal(3), note=_("any fault answered")),
            Variant(Source.DOC_001, high=Decimal(5), note=_("the on-site team responds")),
        ),
    ),
    at_most(
        "incident.decide",
        A.ONSITE,
        U.MINUTE,
        10,
        _("Decision team decides within"),
        _("important and major incidents"),
        Source.DOC_001,
    ),
    at_most(
        "incident.general_fixed",
        A.ONSITE,
        U.MINUTE,
        10,
        _("General incident fixed within"),
        _("general incidents"),
        variants=(
            Variant(Source.DOC_000, high=Decimal(10), note=_("general faults")),
            Variant(Source.CASE, high=Decimal(5), note=_("the on-site case")),
        ),
    ),
    at_most(
        "incident.important_fixed",
        A.ONSITE,
        U.MINUTE,
        20,
        _("Important incident resolved within"),
        _("important incidents"),
        Source.PRODUCT,
    ),
    at_most(
        "incident.major_fixed",
        A.ONSITE,
        U.MINUTE,
        30,
        _("Major incident resolved within"),
        _("major incidents"),
        variants=(
            Variant(Source.DOC_000, high=Decimal(30), note=_("major incidents fixed")),
            Variant(Source.DOC_001, high=Decimal(20), note=_("the execution team completes")),
        ),
    ),
    at_most(
        "incident.major_updates",
        A.ONSITE,
        U.MINUTE,
        30,
        _("The client updated on a major incident every"),
        _("major incidents"),
    ),
    # --- timing
    at_most(
        "timing.segment_deviation",
        A.TIMING,
        U.MINUTE,
        5,
        _("Every segment starts within ± of plan"),
        _("the run-of-show"),
    ),
    due(
        "timing.speaker_rehearsal",
        A.TIMING,
        U.MINUTE,
        30,
        K.BEFORE_SEGMENT,
        _("Speakers arrive to rehearse"),
        _("each speaker"),
    ),
    due(
        "timing.tech_ready",
        A.TIMING,
        U.HOUR,
        2,
        K.BEFORE_START,
        _("Tech set-up finished"),
        _("the venue's equipment"),
    ),
    # --- personnel
    required("personnel.health_certificate", A.PERSONNEL, _("Health certificate"), _("everyone on site")),
    required(
        "personnel.first_aid_certificate", A.PERSONNEL, _("First-aid certificate"), _("everyone on site")
    ),
    at_least(
        "personnel.tech_experience",
        A.PERSONNEL,
        U.YEAR,
        3,
        _("Experience of tech staff"),
        _("tech staff"),
        Source.BOTH,
    ),
    required("personnel.tech_vendor_certification", A.PERSONNEL, _("Vendor certification"), _("tech staff")),
    required("personnel.reception_etiquette", A.PERSONNEL, _("Etiquette training passed"), _("reception")),
    at_least(
        "personnel.reception_languages",
        A.PERSONNEL,
        U.COUNT,
        1,
        _("Foreign languages spoken"),
        _("reception"),
    ),
    at_least(
        "personnel.training_hours",
        A.PERSONNEL,
        U.HOURS_PER_YEAR,
        40,
        _("Training, recorded"),
        _("everyone on the staff"),
    ),
    required(
        "personnel.refuse_unqualified",
        A.PERSONNEL,
        _("Someone without a post's qualifications is refused it (not in force: allowed with a reason)"),
        _("the on-site team's posts"),
        Source.PRODUCT,
    ),
    due(
        "personnel.certificate_expiry_notice",
        A.PERSONNEL,
        U.DAY,
        30,
        K.BEFORE_T,
        _("Expiring certificates listed ahead"),
        _("certificates"),
    ),
    # --- venue safety
    at_least(
        "venue.fire_exit_width",
        A.VENUE_SAFETY,
        U.METRE,
        "1.2",
        _("Fire exit width, kept clear"),
        _("every fire exit"),
    ),
    required(
        "venue.emergency_lights",
        A.VENUE_SAFETY,
        _("Emergency lights and exit signs working"),
        _("every room in use"),
    ),
    share(
        "venue.emergency_light_count",
        A.VENUE_SAFETY,
        U.TIMES,
        "1.5",
        _("Emergency lights and signs against seats (document 000)"),
        _("every room in use"),
    ),
    at_most(
        "venue.electrical_check",
        A.VENUE_SAFETY,
        U.DAY,
        30,
        _("Electrical check within the last"),
        _("the venue"),
    ),
    # --- venue health
    at_most("health.pm25", A.VENUE_HEALTH, U.MICROGRAMS, 75, _("PM2.5"), _("indoor air")),
    at_most("health.co2", A.VENUE_HEALTH, U.PPM, 1000, _("CO₂"), _("indoor air")),
    between("health.temperature", A.VENUE_HEALTH, U.CELSIUS, 22, 26, _("Temperature"), _("rooms in use")),
    between("health.humidity", A.VENUE_HEALTH, U.PERCENT, 40, 60, _("Humidity"), _("rooms in use")),
    at_most("health.cold_food", A.VENUE_HEALTH, U.CELSIUS, 4, _("Cold food kept at"), _("catering")),
    at_least("health.hot_food", A.VENUE_HEALTH, U.CELSIUS, 60, _("Hot food kept at"), _("catering")),
    at_least(
        "health.tableware_disinfected",
        A.VENUE_HEALTH,
        U.PERCENT,
        100,
        _("Tableware disinfected"),
        _("catering"),
    ),
    required("health.food_samples", A.VENUE_HEALTH, _("Food samples kept from every batch"), _("catering")),
    # --- green
    at_least(
        "green.degradable_share",
        A.GREEN,
        U.PERCENT,
        90,
        _("Degradable materials and energy-saving equipment"),
        _("materials and equipment"),
    ),
    required("green.led_lighting", A.GREEN, _("LED lighting"), _("the venue")),
    at_least(
        "green.summer_cooling",
        A.GREEN,
        U.CELSIUS,
        26,
        _("Air-conditioning set point in summer"),
        _("the venue"),
    ),
    at_most(
        "green.winter_heating",
        A.GREEN,
        U.CELSIUS,
        20,
        _("Air-conditioning set point in winter"),
        _("the venue"),
    ),
    required("green.power_off_unused", A.GREEN, _("Power off when unused"), _("equipment and rooms")),
    at_least(
        "green.carbon_reduction",
        A.GREEN,
        U.PERCENT,
        15,
        _("Carbon intensity down year on year"),
        _("the organisation's meetings"),
    ),
    # --- technical
    required(
        "tech.main_mic_backup", A.TECHNICAL, _("Main mic wired, with a wireless backup"), _("every stage")
    ),
    at_least("tech.sound_radius", A.TECHNICAL, U.METRE, 30, _("Sound coverage radius"), _("the main hall")),
    at_least(
        "tech.projector_resolution", A.TECHNICAL, U.K, 4, _("Projector resolution"), _("every projector")
    ),
    at_least(
        "tech.projector_brightness",
        A.TECHNICAL,
        U.LUMEN,
        5000,
        _("Projector brightness"),
        _("every projector"),
    ),
    required("tech.network_redundant", A.TECHNICAL, _("Network: 5G and wired"), _("the venue")),
    at_least("tech.bandwidth", A.TECHNICAL, U.MBPS, 1000, _("Network bandwidth"), _("the venue")),
    at_most("tech.latency", A.TECHNICAL, U.MILLISECOND, 20, _("Network latency"), _("the venue")),
    at_least(
        "tech.stream_quality", A.TECHNICAL, U.LINES, 1080, _("Online stream quality"), _("the online stream")
    ),
    at_least(
        "tech.stream_viewers",
        A.TECHNICAL,
        U.PEOPLE,
        100000,
        _("Concurrent online viewers"),
        _("the online stream"),
    ),
    at_most("tech.stream_delay", A.TECHNICAL, U.SECOND, 5, _("Stream delay"), _("the online stream")),
    at_most(
        "tech.interaction_response",
        A.TECHNICAL,
        U.SECOND,
        2,
        _("Votes, Q&A and lottery respond within"),
        _("live interaction"),
    ),
    at_least(
        "tech.remote_fix_share",
        A.TECHNICAL,
        U.PERCENT,
        60,
        _("Device faults fixed remotely (goal)"),
        _("device alarms"),
    ),
    at_least(
        "tech.ups", A.TECHNICAL, U.MINUTE, 30, _("UPS keeps core equipment running"), _("core equipment")
    ),
    # --- safety
    due(
        "safety.risk_report",
        A.SAFETY,
        U.DAY,
        15,
        K.BEFORE_T,
        _("Risk assessment report (hazard, measure, owner, deadline)"),
        _("every meeting"),
    ),
    required(
        "safety.special_plans",
        A.SAFETY,
        _("Special plans for extreme weather, cyber attack and medical emergency"),
        _("every meeting"),
    ),
    due(
        "safety.backup_confirmed",
        A.SAFETY,
        U.DAY,
        3,
        K.BEFORE_T,
        _("Backup plan confirmed with the client"),
        _("every meeting"),
    ),
    required("safety.first_aid_aed", A.SAFETY, _("First-aid kit with an AED"), _("the venue")),
    # --- attendee care
    required(
        "care.daily_message",
        A.ATTENDEE_CARE,
        _("Daily message with agenda, weather and travel advice"),
        _("attendees"),
    ),
    required(
        "care.special_meals", A.ATTENDEE_CARE, _("Special meals (low sugar, low fat, halal)"), _("catering")
    ),
    due(
        "care.photos",
        A.ATTENDEE_CARE,
        U.HOUR,
        24,
        K.AFTER_END,
        _("Photos and highlight video to attendees"),
        _("attendees"),
    ),
    # --- the feedback station at the tea break: frequent requests acted on the same day
    at_least(
        "feedback.frequent_count",
        A.ONSITE,
        U.PEOPLE,
        5,
        _("People asking about the same topic that make a frequent request"),
        _("the feedback station"),
        Source.PRODUCT,
    ),
    at_most(
        "feedback.frequent_window",
        A.ONSITE,
        U.MINUTE,
        30,
        _("Window in which a frequent request's people are counted"),
        _("the feedback station"),
        Source.PRODUCT,
    ),
    # --- wrap-up
    due(
        "wrap_up.inventory",
        A.WRAP_UP,
        U.HOUR,
        2,
        K.AFTER_END,
        _("Equipment and materials counted"),
        _("equipment and materials"),
    ),
    due(
        "wrap_up.feedback",
        A.WRAP_UP,
        U.HOUR,
        48,
        K.AFTER_END,
        _("Feedback collected (VIPs by phone)"),
        _("attendees"),
    ),
    due(
        "wrap_up.summary_report",
        A.WRAP_UP,
        U.WORKING_DAY,
        3,
        K.AFTER_END,
        _("Summary report to the client"),
        _("every meeting"),
    ),
)
