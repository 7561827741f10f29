"""Webhook event models. Generated from the webhook spec; do not edit by hand."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType


class BatchCancelledWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the batch API request.
    """


class BatchCancelledWebhookEvent(BaseModel):
    """
    Sent when a batch API request has been cancelled.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the batch API request was cancelled.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: BatchCancelledWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["batch.cancelled"]
    """
    The type of the event. Always `batch.cancelled`.
    """


class BatchCompletedWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the batch API request.
    """


class BatchCompletedWebhookEvent(BaseModel):
    """
    Sent when a batch API request has been completed.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the batch API request was completed.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: BatchCompletedWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["batch.completed"]
    """
    The type of the event. Always `batch.completed`.
    """


class BatchExpiredWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the batch API request.
    """


class BatchExpiredWebhookEvent(BaseModel):
    """
    Sent when a batch API request has expired.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the batch API request expired.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: BatchExpiredWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["batch.expired"]
    """
    The type of the event. Always `batch.expired`.
    """


class BatchFailedWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the batch API request.
    """


class BatchFailedWebhookEvent(BaseModel):
    """
    Sent when a batch API request has failed.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the batch API request failed.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: BatchFailedWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["batch.failed"]
    """
    The type of the event. Always `batch.failed`.
    """


class EvalRunCanceledWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the eval run.
    """


class EvalRunCanceledWebhookEvent(BaseModel):
    """
    Sent when an eval run has been canceled.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the eval run was canceled.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: EvalRunCanceledWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["eval.run.canceled"]
    """
    The type of the event. Always `eval.run.canceled`.
    """


class EvalRunFailedWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the eval run.
    """


class EvalRunFailedWebhookEvent(BaseModel):
    """
    Sent when an eval run has failed.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the eval run failed.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: EvalRunFailedWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["eval.run.failed"]
    """
    The type of the event. Always `eval.run.failed`.
    """


class EvalRunSucceededWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the eval run.
    """


class EvalRunSucceededWebhookEvent(BaseModel):
    """
    Sent when an eval run has succeeded.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the eval run succeeded.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: EvalRunSucceededWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["eval.run.succeeded"]
    """
    The type of the event. Always `eval.run.succeeded`.
    """


class FineTuningJobCancelledWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the fine-tuning job.
    """


class FineTuningJobCancelledWebhookEvent(BaseModel):
    """
    Sent when a fine-tuning job has been cancelled.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the fine-tuning job was cancelled.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: FineTuningJobCancelledWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["fine_tuning.job.cancelled"]
    """
    The type of the event. Always `fine_tuning.job.cancelled`.
    """


class FineTuningJobFailedWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the fine-tuning job.
    """


class FineTuningJobFailedWebhookEvent(BaseModel):
    """
    Sent when a fine-tuning job has failed.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the fine-tuning job failed.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: FineTuningJobFailedWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["fine_tuning.job.failed"]
    """
    The type of the event. Always `fine_tuning.job.failed`.
    """


class FineTuningJobSucceededWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the fine-tuning job.
    """


class FineTuningJobSucceededWebhookEvent(BaseModel):
    """
    Sent when a fine-tuning job has succeeded.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the fine-tuning job succeeded.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: FineTuningJobSucceededWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["fine_tuning.job.succeeded"]
    """
    The type of the event. Always `fine_tuning.job.succeeded`.
    """


class RealtimeCallIncomingWebhookEventDataSipHeader(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: str
    """
    Name of the SIP Header.
    """
    value: str
    """
    Value of the SIP Header.
    """


class RealtimeCallIncomingWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    call_id: str
    """
    The unique ID of this call.
    """
    sip_headers: list[RealtimeCallIncomingWebhookEventDataSipHeader]
    """
    Headers from the SIP Invite.
    """


class RealtimeCallIncomingWebhookEvent(BaseModel):
    """
    Sent when Realtime API Receives a incoming SIP call.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the model response was completed.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: RealtimeCallIncomingWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["realtime.call.incoming"]
    """
    The type of the event. Always `realtime.call.incoming`.
    """


class ResponseCancelledWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the model response.
    """


class ResponseCancelledWebhookEvent(BaseModel):
    """
    Sent when a background response has been cancelled.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the model response was cancelled.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: ResponseCancelledWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["response.cancelled"]
    """
    The type of the event. Always `response.cancelled`.
    """


class ResponseCompletedWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the model response.
    """


class ResponseCompletedWebhookEvent(BaseModel):
    """
    Sent when a background response has been completed.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the model response was completed.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: ResponseCompletedWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["response.completed"]
    """
    The type of the event. Always `response.completed`.
    """


class ResponseFailedWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the model response.
    """


class ResponseFailedWebhookEvent(BaseModel):
    """
    Sent when a background response has failed.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the model response failed.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: ResponseFailedWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["response.failed"]
    """
    The type of the event. Always `response.failed`.
    """


class ResponseIncompleteWebhookEventData(BaseModel):
    """
    Event data payload.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The unique ID of the model response.
    """


class ResponseIncompleteWebhookEvent(BaseModel):
    """
    Sent when a background response has been interrupted.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    created_at: int
    """
    The Unix timestamp (in seconds) of when the model response was interrupted.
    """
    id: str
    """
    The unique ID of the event.
    """
    data: ResponseIncompleteWebhookEventData
    object: Literal["event"] | None = None
    """
    The object of the event. Always `event`.
    """
    type: Literal["response.incomplete"]
    """
    The type of the event. Always `response.incomplete`.
    """


WebhookEvent = TypeAliasType(
    "WebhookEvent",
    Annotated[
        BatchCancelledWebhookEvent
        | BatchCompletedWebhookEvent
        | BatchExpiredWebhookEvent
        | BatchFailedWebhookEvent
        | EvalRunCanceledWebhookEvent
        | EvalRunFailedWebhookEvent
        | EvalRunSucceededWebhookEvent
        | FineTuningJobCancelledWebhookEvent
        | FineTuningJobFailedWebhookEvent
        | FineTuningJobSucceededWebhookEvent
        | RealtimeCallIncomingWebhookEvent
        | ResponseCancelledWebhookEvent
        | ResponseCompletedWebhookEvent
        | ResponseFailedWebhookEvent
        | ResponseIncompleteWebhookEvent,
        Field(discriminator="type", title="WebhookEvent"),
    ],
)
