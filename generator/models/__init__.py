"""Stage 3, models: IR -> `models.py` through datamodel-code-generator (schema, worker, split, cache)."""
