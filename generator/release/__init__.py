"""Stage 5, release: versions from IR diffs, the manifest that records them."""
