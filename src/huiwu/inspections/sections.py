"""What an inspection checks: for each kind, the catalogue's rules it holds, the post that does it, and
whether it is done room by room (the rooms of the chosen venue the meeting uses) or once for the venue.
Only the keys live here; every figure is the catalogue's (the meeting's override included)."""

from __future__ import annotations

from dataclasses import dataclass

from huiwu.onsite.enums import PostRole

from .enums import Kind


@dataclass(frozen=True)
class Section:
    kind: Kind
    post: PostRole
    per_room: bool
    keys: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        Kind.VENUE_SAFETY,
        PostRole.VENUE,
        False,
        ("venue.fire_exit_width", "venue.emergency_lights", "venue.electrical_check"),
    ),
    Section(
        Kind.ENVIRONMENT,
        PostRole.VENUE,
        True,
        ("health.temperature", "contract.hall_temperature", "health.humidity", "health.co2", "health.pm25"),
    ),
    Section(
        Kind.CATERING,
        PostRole.CATERING,
        False,
        ("health.tableware_disinfected", "health.cold_food", "health.hot_food", "health.food_samples"),
    ),
    Section(
        Kind.TECHNICAL,
        PostRole.TECH,
        True,
        (
            "tech.main_mic_backup",
            "tech.projector_resolution",
            "tech.projector_brightness",
            "tech.sound_radius",
        ),
    ),
    Section(
        Kind.NETWORK,
        PostRole.TECH,
        False,
        ("tech.bandwidth", "tech.latency", "tech.network_redundant", "tech.ups"),
    ),
    Section(Kind.SAFETY, PostRole.EMERGENCY, False, ("safety.first_aid_aed",)),
    Section(Kind.TIMING, PostRole.COORDINATOR, False, ("timing.tech_ready", "timing.speaker_rehearsal")),
)
