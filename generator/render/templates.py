"""Render: the IR -> the package's files but the models and the manifest, as (relative path,
text) pairs produced lazily, code first (`Rendered`). Reads templates/ (the static runtime
modules are copied as they are); writes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..fastpath.resources import TEMPLATE_SUFFIX, TEMPLATES, check_templates, package_templates
from ..ir import Event, Resource, Spec
from . import pytext, reference, snippets

# Templates named with these stems render once per item; the stem in the path is replaced.
PER_RESOURCE = "__resource__"
PER_EVENT = "__event__"
# The runtime's modules (those rendered once: not the resource modules) and the page
# documenting their API.
RUNTIME = "openai_webhooks/"
REFERENCE = "docs/reference.md"


def environment() -> jinja2.Environment:
    """The Jinja environment: strict, no autoescape (the output is Python and Markdown)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(filters())
    return env


def filter_registries() -> dict[str, Mapping[str, Any]]:
    """Where each template filter lives: module name -> its filters. `pytext` turns IR text
    and types into inert Python and Markdown, `snippets` writes the docs' code blocks,
    `reference` the API reference's lines, this module names pages and quotes YAML."""
    return {
        "pytext": pytext.FILTERS,
        "snippets": snippets.FILTERS,
        "reference": reference.FILTERS,
        "templates": {
            "event_page": event_page,
            "event_type_page": event_type_page,
            "resource_page": resource_page,
            "event_families": event_families,
            "yaml_str": yaml_str,
        },
    }


def filters() -> dict[str, Callable[..., Any]]:
    """Every filter of the templates, by name: one namespace, so a name two registries both
    define would silently take the later one; that is refused here instead."""
    merged: dict[str, Callable[..., Any]] = {}
    for module, registry in filter_registries().items():
        for name, function in registry.items():
            if name in merged:
                raise RuntimeError(f"template filter {name!r} of {module} is defined twice")
            merged[name] = function
    return merged


def template_names() -> list[str]:
    """Every file of the output's source, relative to templates/, sorted: `*.jinja` templates
    and the static files copied as they are (the runtime's plain Python modules); not the
    scaffold's template, which is no part of the package."""
    check_templates()
    return package_templates()


def is_code(path: str) -> bool:
    """Whether the format pass reads the file: Python, and the config it reads it with."""
    return path.endswith(".py") or path == "pyproject.toml"


@dataclass(frozen=True)
class Rendered:
    """The rendered files of the distribution but the models and the manifest, as (path relative
    to the output dir, text) pairs produced as they are iterated: the code files (`is_code`),
    which the format pass reads, and then the others."""

    code: Iterator[tuple[str, str]]
    rest: Iterator[tuple[str, str]]


def render(
    spec: Spec,
    version: str,
    history: tuple[dict[str, Any], ...],
    between: Callable[[], object] = lambda: None,
) -> Rendered:
    """Render every template for `spec` at `version` (the CHANGELOG shows `history`, newest
    first). `between` runs once, when the code files have all been produced and before the
    others: the caller's own work that can overlap the formatting of the code (the manifest's
    bulk)."""
    env = environment()
    context: dict[str, Any] = {"spec": spec, "version": version, "history": history}
    # Built once: looking them up per resource in the template is O(resources x events).
    linked_events: dict[str, list[Event]] = {}
    for event in spec.events:
        if event.link is not None:
            linked_events.setdefault(event.link.resource, []).append(event)

    # The runtime's modules as rendered, for the API reference (docs/reference.md), which is
    # read from their docstrings; the code is all produced before the docs.
    runtime: dict[str, str] = {}

    def files(code: bool) -> Iterator[tuple[str, str]]:
        for name in template_names():
            target = name.removesuffix(TEMPLATE_SUFFIX)
            if is_code(target) != code:
                continue
            if target == name:  # nothing to render: kept formatted and lint-checked in place
                text = Path(TEMPLATES, name).read_text(encoding="utf-8")
                if target.startswith(RUNTIME) and target.endswith(".py"):
                    runtime[target] = text
                yield target, text
                continue
            if target == REFERENCE:
                context["reference"] = reference.build(runtime, spec)
            template = env.get_template(name)
            if PER_RESOURCE in target:
                for resource in spec.resources:
                    path = target.replace(PER_RESOURCE, resource.module_name)
                    linked = linked_events.get(resource.handle, [])
                    yield path, template.render(context, resource=resource, linked=linked)
            elif PER_EVENT in target:
                for event in spec.events:
                    path = target.replace(PER_EVENT, event_page(event))
                    yield path, template.render(context, event=event)
            else:
                text = template.render(context)
                if target.startswith(RUNTIME) and target.endswith(".py"):
                    runtime[target] = text
                yield target, text
        if not code:
            between()  # while the code is being formatted, which the caller then waits for

    return Rendered(files(code=True), files(code=False))


def event_page(event: Event) -> str:
    """File stem of an event's docs page."""
    return event_type_page(event.type)


# What event_type_page keeps: letters and digits (`\w` is str.isalnum() plus "_"), ".", "-".
_UNSAFE_IN_PATH = re.compile(r"[^\w.-]")


def event_type_page(event_type: str) -> str:
    """File stem of the docs page of an event type: anything unsafe for a path replaced."""
    return _UNSAFE_IN_PATH.sub("_", event_type).strip(".") or "event"


def event_family(event: Event) -> str:
    """The family an event is listed under in the docs: the first word of its type (`batch`,
    `fine_tuning`), taken from its page's file stem, so it is safe in a path and in YAML."""
    return event_page(event).split(".")[0] or "event"


def event_families(events: Sequence[Event]) -> list[tuple[str, list[Event]]]:
    """Events grouped by family, families in the order of their first event."""
    families: dict[str, list[Event]] = {}
    for event in events:
        families.setdefault(event_family(event), []).append(event)
    return list(families.items())


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar holding `text`: printable ASCII as is, anything else
    escaped, so no text can end the string or make the YAML invalid."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def resource_page(resource: Resource) -> str:
    """File stem of a resource's docs page."""
    return resource.module_name
