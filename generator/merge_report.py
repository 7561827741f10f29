"""The merge report `validate` prints: which events come from which source, and their links."""

from __future__ import annotations

from .ir import Spec


def merge_report(spec: Spec) -> str:
    """Events only in the webhook spec, only in the catalog, in both (with the resource link)."""
    only_spec = [e for e in spec.events if e.envelope and not e.catalog_webhook]
    only_catalog = [e for e in spec.events if e.catalog_webhook and not e.envelope]
    both = [e for e in spec.events if e.envelope and e.catalog_webhook]
    lines = [f"merge: {len(spec.events)} events, {len(spec.resources)} resources"]
    lines.append(f"only in the webhook spec ({len(only_spec)}):")
    lines.extend(f"  {e.type}  [{e.location}]" for e in only_spec)
    lines.append(f"only in the catalog ({len(only_catalog)}):")
    lines.extend(
        f"  {e.type}  -> {e.catalog_webhook.resource} {e.catalog_webhook.path}"
        for e in only_catalog
        if e.catalog_webhook
    )
    lines.append(f"in both ({len(both)}):")
    for e in both:
        assert e.catalog_webhook is not None
        link = (
            f"fetch with {e.link.resource}.{e.link.operation}({e.link.parameter}=event.data.id)"
            if e.link
            else "no read operation"
        )
        lines.append(
            f"  {e.type}  -> {e.catalog_webhook.resource} {e.catalog_webhook.path}; {link}"
        )
    warnings = sum(1 for d in spec.diagnostics if d.level == "warning")
    lines.append(f"ok: {warnings} warning{'s' if warnings != 1 else ''}")
    return "\n".join(lines) + "\n"
