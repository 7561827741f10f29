"""Webhook event models. Generated from the webhook spec; do not edit by hand."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType


class ClassDefWebhookEventData(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    import_: Annotated[str | None, Field(alias="import")] = None
    kind: Literal["a", "b-c", "1"] | None = None


class ClassDefWebhookEvent(BaseModel):
    """
    Sent when a class is defined.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    created_at: int
    object: Literal["event"] | None = None
    type: Literal["class.def"]
    data: ClassDefWebhookEventData


class Event3dModelReadyWebhookEventData(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    from_: Annotated[str, Field(alias="from")]
    """
    A keyword as a field name.
    """
    self_harm: Annotated[bool, Field(alias="self-harm")]
    field_2fa: Annotated[bool | None, Field(alias="2fa")] = None
    json_: Annotated[str | None, Field(alias="json")] = None
    field_model_name: Annotated[str | None, Field(alias="model_name")] = None
    lambda_: Annotated[list[int] | None, Field(alias="lambda")] = None
    ete: Annotated[str | None, Field(alias="été")] = None
    """
    Accented letters lose their accents.
    """
    strasse: Annotated[str | None, Field(alias="straße")] = None


class Event3dModelReadyWebhookEvent(BaseModel):
    """
    Leading digit and hyphen; a description with \"\"\" quotes, a \\ backslash and {{ braces }}.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    created_at: int
    type: Literal["3d.model-ready"]
    data: Event3dModelReadyWebhookEventData
    object: Literal["event"] | None = None
    """
    Always `event`.
    """


WebhookEvent = TypeAliasType(
    "WebhookEvent",
    Annotated[
        Event3dModelReadyWebhookEvent | ClassDefWebhookEvent,
        Field(discriminator="type", title="WebhookEvent"),
    ],
)
