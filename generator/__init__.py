"""Generate the `openai_webhooks` package from OpenAI's webhook spec and a resource catalog."""

__version__ = "0.1.0"
