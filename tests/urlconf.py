"""Every named URL of the project, found by walking the URL conf (so new pages are covered)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    kwargs: tuple[str, ...]


def _walk(patterns, namespace: str, kwargs: tuple[str, ...]):
    for p in patterns:
        own = tuple(getattr(p.pattern, "converters", {}).keys())
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, ns, tuple(dict.fromkeys(kwargs + own)))
        elif isinstance(p, URLPattern) and p.name:
            name = f"{namespace}:{p.name}" if namespace else p.name
            yield Route(name, tuple(dict.fromkeys(kwargs + own)))


def all_routes() -> list[Route]:
    seen, out = set(), []
    for r in _walk(get_resolver().url_patterns, "", ()):
        if r.name not in seen:
            seen.add(r.name)
            out.append(r)
    return out


def org_routes() -> list[Route]:
    return [r for r in all_routes() if "org" in r.kwargs]
