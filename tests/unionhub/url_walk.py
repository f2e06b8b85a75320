"""The root URLconf walked through every include, and a URL made up for any of its patterns."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the whole route for a pattern without a name
    namespace: str
    parts: tuple  # the patterns from the root down to this one
    pattern: URLPattern

    @property
    def has_converter(self) -> bool:
        return any(_groups(part) for part in self.parts)

    def sample_url(self) -> str:
        """A URL this pattern (and no earlier one) answers, with made-up values for its ids."""
        url = "/" + "".join(sample(part) for part in self.parts)
        # Compared by name, not identity: a test may have reloaded the URLconf (new view objects).
        assert _view_path(resolve(url).func) == _view_path(self.pattern.callback), (self.key, url)
        return url


def _view_path(view) -> str:
    view = getattr(view, "view_class", None) or getattr(view, "__wrapped__", view)
    return f"{getattr(view, '__module__', '')}.{getattr(view, '__qualname__', repr(view))}"


def _groups(pattern) -> bool:
    if isinstance(pattern, RoutePattern):
        return bool(pattern.converters)
    return pattern.regex.groups > 0


def walk(resolver: URLResolver | None = None, parts: tuple = (), namespace: str = "") -> list:
    """Every pattern of the URLconf, through every include."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            routes += walk(entry, (*parts, entry.pattern), inner)
            continue
        full = (*parts, entry.pattern)
        key = f"{namespace}:{entry.name}" if namespace else entry.name
        key = key if entry.name else "".join(str(p) for p in full)
        routes.append(Route(key, namespace, full, entry))
    return routes


def sample(part) -> str:
    """A URL piece matching one pattern piece (for pages tried without a case)."""
    if isinstance(part, RoutePattern):
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_BY_CONVERTER[m[1] or "str"], str(part))
    text = str(part).lstrip("^").rstrip("$")
    text = re.sub(r"\(\?P<url>\.\*\)", "no-such-page/", text)
    text = re.sub(r"\(\?P<\w+>([\w]+)(\|[\w|]+)?\)", r"\1", text)
    return re.sub(r"\([^)]*\)", "1", text)


SAMPLE_BY_CONVERTER = {
    "int": "1",
    "str": "x1",
    "slug": "x1",
    "path": "1",
    "uuid": "2f1b5a0e-6a8e-4a39-9c55-0d6b1f0c4e11",
}
