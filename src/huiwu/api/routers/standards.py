"""The service standards: the organisation's catalogue (reads need VIEW, changes MANAGE_ORG, as the
pages) and a meeting's own figures for its client (changes need EDIT_MEETINGS)."""

from ninja import Router

from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm
from huiwu.standards import selectors, services
from huiwu.standards.enums import Area
from huiwu.standards.errors import NoOverride
from huiwu.standards.models import Override, Rule

from ..schemas.base import ErrorOut
from ..schemas.standards import (
    CatalogueOut,
    FigureIn,
    IdentityIn,
    IdentityOut,
    OverrideIn,
    ReasonIn,
    StandardOut,
    VariantIn,
)

router = Router(tags=["standards"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _rule(request, standard_id: int, perm=Perm.VIEW) -> Rule:
    require(request.membership, perm)
    return get_scoped(Rule, request.org, pk=standard_id)


def _meeting(request, meeting_id: int, perm=Perm.VIEW) -> Meeting:
    require(request.membership, perm)
    return get_scoped(Meeting, request.org, pk=meeting_id)


def _out(standard: selectors.Standard, rule: Rule) -> dict:
    return {
        "id": rule.pk,
        **{f: getattr(standard, f) for f in ("key", "area", "kind", "unit", "anchor", "enabled")},
        "low": None if standard.low is None else format(standard.low.normalize(), "f"),
        "high": None if standard.high is None else format(standard.high.normalize(), "f"),
        "overridden": standard.overridden,
        "figure": standard.describe(),
        "label": selectors.label(standard.key),
        "applies_to": selectors.applies_to(standard.key),
        "variant": rule.variant,
        "version": rule.version,
    }


def _catalogue(request, meeting: Meeting | None, area: str, q: str) -> dict:
    now = selectors.standards(request.org, meeting=meeting)
    rows = selectors.rules(request.org, area=area if area in Area.values else "", search=q[:100])
    return {
        "version": selectors.catalogue_version(request.org),
        "standards": [_out(now[r.key], r) for r in rows if r.key in now],
    }


@router.get("/standards", response={200: CatalogueOut, **ERRORS}, summary="The catalogue, by area or search")
def catalogue(request, area: str = "", q: str = ""):
    require(request.membership, Perm.VIEW)
    return _catalogue(request, None, area, q)


@router.get("/standards/{standard_id}", response={200: StandardOut, **ERRORS})
def get_standard(request, standard_id: int):
    rule = _rule(request, standard_id)
    return _out(selectors.standard(request.org, rule.key), rule)


@router.patch(
    "/standards/{standard_id}",
    response={200: StandardOut, **ERRORS},
    summary="Change a standard, with the reason (409 when it changed since the version sent)",
)
def change_standard(request, standard_id: int, payload: FigureIn):
    rule = _rule(request, standard_id, Perm.MANAGE_ORG)
    data = services.FigureInput(
        low=payload.low, high=payload.high, unit=payload.unit or rule.unit, enabled=payload.enabled
    )
    rule = services.update_rule(
        rule=rule, actor=request.user, data=data, reason=payload.reason, version=payload.version
    )
    return _out(selectors.standard(request.org, rule.key), rule)


@router.post(
    "/standards/{standard_id}/variant",
    response={200: StandardOut, **ERRORS},
    summary="Take the figure of one source document where the two differ",
)
def choose_variant(request, standard_id: int, payload: VariantIn):
    rule = _rule(request, standard_id, Perm.MANAGE_ORG)
    rule = services.choose_variant(
        rule=rule, actor=request.user, variant=payload.variant, reason=payload.reason, version=payload.version
    )
    return _out(selectors.standard(request.org, rule.key), rule)


@router.get(
    "/meetings/{meeting_id}/standards",
    response={200: CatalogueOut, **ERRORS},
    summary="The standards a meeting is held to: the catalogue with the meeting's own figures",
)
def meeting_standards(request, meeting_id: int, area: str = "", q: str = ""):
    return _catalogue(request, _meeting(request, meeting_id), area, q)


@router.put(
    "/meetings/{meeting_id}/standards/{standard_id}",
    response={200: StandardOut, **ERRORS},
    summary="The meeting's own figure for a standard (its client asks for another one)",
)
def set_override(request, meeting_id: int, standard_id: int, payload: OverrideIn):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    rule = _rule(request, standard_id)
    data = services.FigureInput(low=payload.low, high=payload.high, enabled=payload.enabled)
    services.set_override(meeting=meeting, rule=rule, actor=request.user, data=data, reason=payload.reason)
    return _out(selectors.standard(request.org, rule.key, meeting=meeting), rule)


@router.post(
    "/meetings/{meeting_id}/standards/{standard_id}/remove",
    response={200: StandardOut, **ERRORS},
    summary="The meeting follows the organisation's standard again",
)
def remove_override(request, meeting_id: int, standard_id: int, payload: ReasonIn):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    rule = _rule(request, standard_id)
    override = Override.objects.filter(meeting=meeting, rule=rule).first()
    if override is None:
        raise NoOverride(details={"standard_id": standard_id})
    services.remove_override(override=override, actor=request.user, reason=payload.reason)
    return _out(selectors.standard(request.org, rule.key, meeting=meeting), rule)


def _identity_out(org, identity) -> dict:
    checks = selectors.identity_checks(org, identity)
    names = ("primary", "on_primary", "text", "background", "signage_font", "version")
    return {
        **{n: getattr(identity, n) for n in names},
        "checks": [
            {"field": c.field, "value": c.value, "required": c.required, "unit": c.unit, "holds": c.holds,
             "text": c.text()}
            for c in checks
        ],
    }  # fmt: skip


@router.get("/visual-identity", response={200: IdentityOut, **ERRORS}, summary="The visual identity")
def get_identity(request):
    require(request.membership, Perm.VIEW)
    return _identity_out(request.org, selectors.identity_of(request.org))


@router.put(
    "/visual-identity",
    response={200: IdentityOut, **ERRORS},
    summary="Change the visual identity (refused with each failure when it falls short of the standards)",
)
def set_identity(request, payload: IdentityIn):
    require(request.membership, Perm.MANAGE_ORG)
    data = payload.dict()
    version = data.pop("version")
    identity = services.set_identity(
        org=request.org, actor=request.user, data=services.IdentityInput(**data), version=version
    )
    return _identity_out(request.org, identity)
