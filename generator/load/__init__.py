"""Stage 1, load: bytes -> plain data that can locate any of its paths (YAML and JSON)."""
