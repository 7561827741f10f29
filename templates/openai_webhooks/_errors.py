"""Errors raised by openai_webhooks."""


class WebhookError(ValueError):
    """Base class of every error this package raises."""


class InvalidWebhookSignatureError(WebhookError):
    """The signature, a webhook header, the timestamp or the secret is missing or invalid."""


class WebhookPayloadError(WebhookError):
    """The body is not a valid event: not UTF-8, not JSON, not an object, or fails validation."""
