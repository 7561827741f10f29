"""Stage 4, render: IR -> {path: text} through Jinja (templates, text escaping, examples, snippets)."""
