"""Migrations' side of the catalogue: a figure added to ``catalogue.DEFAULTS`` joins every existing
catalogue at its next version (as ``services.seed_catalogue`` does for an organisation it meets again),
written with the migration's historical models."""

import uuid

from django.core.cache import cache


def top_up(apps, schema_editor) -> None:
    from .catalogue import DEFAULTS, SEEDED
    from .records import values

    Catalogue = apps.get_model("standards", "Catalogue")
    Rule = apps.get_model("standards", "Rule")
    RuleChange = apps.get_model("standards", "RuleChange")
    for catalogue in Catalogue.objects.all():
        have = set(Rule.objects.filter(org_id=catalogue.org_id).values_list("key", flat=True))
        missing = [d for d in DEFAULTS if d.key not in have]
        if not missing:
            continue
        catalogue.version += 1
        catalogue.stamp = uuid.uuid4().hex
        catalogue.save(update_fields=["version", "stamp"])
        for d in missing:
            rule = Rule.objects.create(org_id=catalogue.org_id, **d.fields())
            RuleChange.objects.create(
                rule=rule, catalogue_version=catalogue.version, before=None, after=values(rule), reason=SEEDED
            )
        forget(catalogue.org_id)


def forget(org_id: int) -> None:
    """Every process reads the organisation's catalogue again (``selectors``' stamp in the cache)."""
    from .selectors import stamp_key

    cache.delete(stamp_key(org_id))


def carry(apps, org_id: int, minutes: dict, reason: str) -> None:
    """Figures an organisation held elsewhere become its catalogue's (a migration moving them here):
    ``minutes`` maps a rule's key to its figure in minutes, or to None for "not in force"; only rules
    that change are written, all at one new catalogue version, each with ``reason``."""
    from decimal import Decimal

    from .enums import SECONDS, Kind
    from .records import values, variant_of

    Catalogue = apps.get_model("standards", "Catalogue")
    Rule = apps.get_model("standards", "Rule")
    RuleChange = apps.get_model("standards", "RuleChange")
    rules = {r.key: r for r in Rule.objects.filter(org_id=org_id, key__in=list(minutes))}
    changed = []
    for key, figure in minutes.items():
        rule = rules.get(key)
        if rule is None:
            continue
        before = values(rule)
        if figure is None:
            rule.enabled = False
        else:
            value = (Decimal(figure) * 60 / Decimal(str(SECONDS[rule.unit]))).quantize(Decimal("0.0001"))
            if rule.kind == Kind.MAXIMUM:
                rule.high = value
            else:
                rule.low = value
            rule.enabled = True
        rule.variant = variant_of(rule)
        if values(rule) != before:
            changed.append((rule, before))
    if not changed:
        return
    catalogue = Catalogue.objects.get(org_id=org_id)
    catalogue.version += 1
    catalogue.stamp = uuid.uuid4().hex
    catalogue.save(update_fields=["version", "stamp"])
    for rule, before in changed:
        rule.version += 1
        rule.save()
        RuleChange.objects.create(
            rule=rule, catalogue_version=catalogue.version, before=before, after=values(rule), reason=reason
        )
    forget(org_id)
