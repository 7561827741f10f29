"""Stage 2, parse: plain data -> the IR (naming rules, the OpenAPI webhooks, the catalog, the merge)."""
