"""The resource catalog: one module per resource with `Record`, request builders and payloads.

`ROUTES` maps each catalog webhook path to its event type; `CatalogHandler` receives the
payloads of those routes, one `on_<event>(payload)` method per catalog webhook (a subclass
method one typo away from one of them warns: it would never be called).

`Record.from_raw` and every payload's `from_raw` never raise: a missing path gives None, and so
does a value whose JSON type the field does not accept, which `mismatches(model)` then holds.
Request builders raise TypeError (wrong type) or ValueError (a value that cannot be sent).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .._dispatch import HandlerResult, Target, arun_targets, inline, run_targets
from ..handlers import _ChecksHandlerNames
from . import (
    assistants,
    audio_speech,
    audio_transcriptions,
    batches,
    chat_completions,
    embeddings,
    files,
    fine_tuning_jobs,
    images,
    models,
    moderations,
    responses,
    runs,
    thread_messages,
    threads,
    vector_stores,
)
from ._runtime import JSONValue, PreparedRequest, mismatches

__all__ = [
    "CatalogHandler",
    "JSONValue",
    "PAYLOADS",
    "PreparedRequest",
    "ROUTES",
    "mismatches",
    "chat_completions",
    "responses",
    "embeddings",
    "images",
    "audio_transcriptions",
    "audio_speech",
    "models",
    "moderations",
    "files",
    "fine_tuning_jobs",
    "batches",
    "assistants",
    "threads",
    "thread_messages",
    "runs",
    "vector_stores",
]

# Webhook path -> event type.
ROUTES: dict[str, str] = {
    "/webhooks/chatgpt/chat-completion-created": "chat.completion.created",
    "/webhooks/chatgpt/response-completed": "response.completed",
    "/webhooks/chatgpt/response-failed": "response.failed",
    "/webhooks/chatgpt/embedding-created": "embedding.created",
    "/webhooks/chatgpt/image-generated": "image.generated",
    "/webhooks/chatgpt/image-failed": "image.failed",
    "/webhooks/chatgpt/audio-transcription-completed": "audio.transcription.completed",
    "/webhooks/chatgpt/audio-speech-generated": "audio.speech.generated",
    "/webhooks/chatgpt/model-created": "model.created",
    "/webhooks/chatgpt/model-deleted": "model.deleted",
    "/webhooks/chatgpt/moderation-completed": "moderation.completed",
    "/webhooks/chatgpt/file-created": "file.created",
    "/webhooks/chatgpt/file-deleted": "file.deleted",
    "/webhooks/chatgpt/fine-tuning-job-created": "fine_tuning.job.created",
    "/webhooks/chatgpt/fine-tuning-job-succeeded": "fine_tuning.job.succeeded",
    "/webhooks/chatgpt/fine-tuning-job-failed": "fine_tuning.job.failed",
    "/webhooks/chatgpt/fine-tuning-job-cancelled": "fine_tuning.job.cancelled",
    "/webhooks/chatgpt/batch-created": "batch.created",
    "/webhooks/chatgpt/batch-completed": "batch.completed",
    "/webhooks/chatgpt/batch-failed": "batch.failed",
    "/webhooks/chatgpt/batch-cancelled": "batch.cancelled",
    "/webhooks/chatgpt/batch-expired": "batch.expired",
    "/webhooks/chatgpt/assistant-created": "assistant.created",
    "/webhooks/chatgpt/assistant-updated": "assistant.updated",
    "/webhooks/chatgpt/assistant-deleted": "assistant.deleted",
    "/webhooks/chatgpt/thread-created": "thread.created",
    "/webhooks/chatgpt/thread-deleted": "thread.deleted",
    "/webhooks/chatgpt/thread-message-created": "thread.message.created",
    "/webhooks/chatgpt/thread-message-completed": "thread.message.completed",
    "/webhooks/chatgpt/thread-message-deleted": "thread.message.deleted",
    "/webhooks/chatgpt/thread-run-created": "thread.run.created",
    "/webhooks/chatgpt/thread-run-completed": "thread.run.completed",
    "/webhooks/chatgpt/thread-run-failed": "thread.run.failed",
    "/webhooks/chatgpt/thread-run-requires-action": "thread.run.requires_action",
    "/webhooks/chatgpt/thread-run-cancelled": "thread.run.cancelled",
    "/webhooks/chatgpt/thread-run-expired": "thread.run.expired",
    "/webhooks/chatgpt/vector-store-created": "vector_store.created",
    "/webhooks/chatgpt/vector-store-completed": "vector_store.completed",
    "/webhooks/chatgpt/vector-store-deleted": "vector_store.deleted",
}

# Event type -> (payload model, CatalogHandler method).
PAYLOADS: dict[str, tuple[type[BaseModel], str]] = {
    "chat.completion.created": (
        chat_completions.ChatCompletionCreatedPayload,
        "on_chat_completion_created",
    ),
    "response.completed": (responses.ResponseCompletedPayload, "on_response_completed"),
    "response.failed": (responses.ResponseFailedPayload, "on_response_failed"),
    "embedding.created": (embeddings.EmbeddingCreatedPayload, "on_embedding_created"),
    "image.generated": (images.ImageGeneratedPayload, "on_image_generated"),
    "image.failed": (images.ImageFailedPayload, "on_image_failed"),
    "audio.transcription.completed": (
        audio_transcriptions.AudioTranscriptionCompletedPayload,
        "on_audio_transcription_completed",
    ),
    "audio.speech.generated": (
        audio_speech.AudioSpeechGeneratedPayload,
        "on_audio_speech_generated",
    ),
    "model.created": (models.ModelCreatedPayload, "on_model_created"),
    "model.deleted": (models.ModelDeletedPayload, "on_model_deleted"),
    "moderation.completed": (moderations.ModerationCompletedPayload, "on_moderation_completed"),
    "file.created": (files.FileCreatedPayload, "on_file_created"),
    "file.deleted": (files.FileDeletedPayload, "on_file_deleted"),
    "fine_tuning.job.created": (
        fine_tuning_jobs.FineTuningJobCreatedPayload,
        "on_fine_tuning_job_created",
    ),
    "fine_tuning.job.succeeded": (
        fine_tuning_jobs.FineTuningJobSucceededPayload,
        "on_fine_tuning_job_succeeded",
    ),
    "fine_tuning.job.failed": (
        fine_tuning_jobs.FineTuningJobFailedPayload,
        "on_fine_tuning_job_failed",
    ),
    "fine_tuning.job.cancelled": (
        fine_tuning_jobs.FineTuningJobCancelledPayload,
        "on_fine_tuning_job_cancelled",
    ),
    "batch.created": (batches.BatchCreatedPayload, "on_batch_created"),
    "batch.completed": (batches.BatchCompletedPayload, "on_batch_completed"),
    "batch.failed": (batches.BatchFailedPayload, "on_batch_failed"),
    "batch.cancelled": (batches.BatchCancelledPayload, "on_batch_cancelled"),
    "batch.expired": (batches.BatchExpiredPayload, "on_batch_expired"),
    "assistant.created": (assistants.AssistantCreatedPayload, "on_assistant_created"),
    "assistant.updated": (assistants.AssistantUpdatedPayload, "on_assistant_updated"),
    "assistant.deleted": (assistants.AssistantDeletedPayload, "on_assistant_deleted"),
    "thread.created": (threads.ThreadCreatedPayload, "on_thread_created"),
    "thread.deleted": (threads.ThreadDeletedPayload, "on_thread_deleted"),
    "thread.message.created": (
        thread_messages.ThreadMessageCreatedPayload,
        "on_thread_message_created",
    ),
    "thread.message.completed": (
        thread_messages.ThreadMessageCompletedPayload,
        "on_thread_message_completed",
    ),
    "thread.message.deleted": (
        thread_messages.ThreadMessageDeletedPayload,
        "on_thread_message_deleted",
    ),
    "thread.run.created": (runs.ThreadRunCreatedPayload, "on_thread_run_created"),
    "thread.run.completed": (runs.ThreadRunCompletedPayload, "on_thread_run_completed"),
    "thread.run.failed": (runs.ThreadRunFailedPayload, "on_thread_run_failed"),
    "thread.run.requires_action": (
        runs.ThreadRunRequiresActionPayload,
        "on_thread_run_requires_action",
    ),
    "thread.run.cancelled": (runs.ThreadRunCancelledPayload, "on_thread_run_cancelled"),
    "thread.run.expired": (runs.ThreadRunExpiredPayload, "on_thread_run_expired"),
    "vector_store.created": (vector_stores.VectorStoreCreatedPayload, "on_vector_store_created"),
    "vector_store.completed": (
        vector_stores.VectorStoreCompletedPayload,
        "on_vector_store_completed",
    ),
    "vector_store.deleted": (vector_stores.VectorStoreDeletedPayload, "on_vector_store_deleted"),
}


class CatalogHandler(_ChecksHandlerNames):
    """Base class receiving catalog webhook payloads: override the methods you need."""

    _HANDLER_BASE = True  # its on_ methods are handler names (see handlers._misnamed_methods)

    def on_chat_completion_created(
        self, payload: chat_completions.ChatCompletionCreatedPayload
    ) -> HandlerResult:
        """Called for chat.completion.created payloads posted to /webhooks/chatgpt/chat-completion-created."""
        return None

    def on_response_completed(self, payload: responses.ResponseCompletedPayload) -> HandlerResult:
        """Called for response.completed payloads posted to /webhooks/chatgpt/response-completed."""
        return None

    def on_response_failed(self, payload: responses.ResponseFailedPayload) -> HandlerResult:
        """Called for response.failed payloads posted to /webhooks/chatgpt/response-failed."""
        return None

    def on_embedding_created(self, payload: embeddings.EmbeddingCreatedPayload) -> HandlerResult:
        """Called for embedding.created payloads posted to /webhooks/chatgpt/embedding-created."""
        return None

    def on_image_generated(self, payload: images.ImageGeneratedPayload) -> HandlerResult:
        """Called for image.generated payloads posted to /webhooks/chatgpt/image-generated."""
        return None

    def on_image_failed(self, payload: images.ImageFailedPayload) -> HandlerResult:
        """Called for image.failed payloads posted to /webhooks/chatgpt/image-failed."""
        return None

    def on_audio_transcription_completed(
        self, payload: audio_transcriptions.AudioTranscriptionCompletedPayload
    ) -> HandlerResult:
        """Called for audio.transcription.completed payloads posted to /webhooks/chatgpt/audio-transcription-completed."""
        return None

    def on_audio_speech_generated(
        self, payload: audio_speech.AudioSpeechGeneratedPayload
    ) -> HandlerResult:
        """Called for audio.speech.generated payloads posted to /webhooks/chatgpt/audio-speech-generated."""
        return None

    def on_model_created(self, payload: models.ModelCreatedPayload) -> HandlerResult:
        """Called for model.created payloads posted to /webhooks/chatgpt/model-created."""
        return None

    def on_model_deleted(self, payload: models.ModelDeletedPayload) -> HandlerResult:
        """Called for model.deleted payloads posted to /webhooks/chatgpt/model-deleted."""
        return None

    def on_moderation_completed(
        self, payload: moderations.ModerationCompletedPayload
    ) -> HandlerResult:
        """Called for moderation.completed payloads posted to /webhooks/chatgpt/moderation-completed."""
        return None

    def on_file_created(self, payload: files.FileCreatedPayload) -> HandlerResult:
        """Called for file.created payloads posted to /webhooks/chatgpt/file-created."""
        return None

    def on_file_deleted(self, payload: files.FileDeletedPayload) -> HandlerResult:
        """Called for file.deleted payloads posted to /webhooks/chatgpt/file-deleted."""
        return None

    def on_fine_tuning_job_created(
        self, payload: fine_tuning_jobs.FineTuningJobCreatedPayload
    ) -> HandlerResult:
        """Called for fine_tuning.job.created payloads posted to /webhooks/chatgpt/fine-tuning-job-created."""
        return None

    def on_fine_tuning_job_succeeded(
        self, payload: fine_tuning_jobs.FineTuningJobSucceededPayload
    ) -> HandlerResult:
        """Called for fine_tuning.job.succeeded payloads posted to /webhooks/chatgpt/fine-tuning-job-succeeded."""
        return None

    def on_fine_tuning_job_failed(
        self, payload: fine_tuning_jobs.FineTuningJobFailedPayload
    ) -> HandlerResult:
        """Called for fine_tuning.job.failed payloads posted to /webhooks/chatgpt/fine-tuning-job-failed."""
        return None

    def on_fine_tuning_job_cancelled(
        self, payload: fine_tuning_jobs.FineTuningJobCancelledPayload
    ) -> HandlerResult:
        """Called for fine_tuning.job.cancelled payloads posted to /webhooks/chatgpt/fine-tuning-job-cancelled."""
        return None

    def on_batch_created(self, payload: batches.BatchCreatedPayload) -> HandlerResult:
        """Called for batch.created payloads posted to /webhooks/chatgpt/batch-created."""
        return None

    def on_batch_completed(self, payload: batches.BatchCompletedPayload) -> HandlerResult:
        """Called for batch.completed payloads posted to /webhooks/chatgpt/batch-completed."""
        return None

    def on_batch_failed(self, payload: batches.BatchFailedPayload) -> HandlerResult:
        """Called for batch.failed payloads posted to /webhooks/chatgpt/batch-failed."""
        return None

    def on_batch_cancelled(self, payload: batches.BatchCancelledPayload) -> HandlerResult:
        """Called for batch.cancelled payloads posted to /webhooks/chatgpt/batch-cancelled."""
        return None

    def on_batch_expired(self, payload: batches.BatchExpiredPayload) -> HandlerResult:
        """Called for batch.expired payloads posted to /webhooks/chatgpt/batch-expired."""
        return None

    def on_assistant_created(self, payload: assistants.AssistantCreatedPayload) -> HandlerResult:
        """Called for assistant.created payloads posted to /webhooks/chatgpt/assistant-created."""
        return None

    def on_assistant_updated(self, payload: assistants.AssistantUpdatedPayload) -> HandlerResult:
        """Called for assistant.updated payloads posted to /webhooks/chatgpt/assistant-updated."""
        return None

    def on_assistant_deleted(self, payload: assistants.AssistantDeletedPayload) -> HandlerResult:
        """Called for assistant.deleted payloads posted to /webhooks/chatgpt/assistant-deleted."""
        return None

    def on_thread_created(self, payload: threads.ThreadCreatedPayload) -> HandlerResult:
        """Called for thread.created payloads posted to /webhooks/chatgpt/thread-created."""
        return None

    def on_thread_deleted(self, payload: threads.ThreadDeletedPayload) -> HandlerResult:
        """Called for thread.deleted payloads posted to /webhooks/chatgpt/thread-deleted."""
        return None

    def on_thread_message_created(
        self, payload: thread_messages.ThreadMessageCreatedPayload
    ) -> HandlerResult:
        """Called for thread.message.created payloads posted to /webhooks/chatgpt/thread-message-created."""
        return None

    def on_thread_message_completed(
        self, payload: thread_messages.ThreadMessageCompletedPayload
    ) -> HandlerResult:
        """Called for thread.message.completed payloads posted to /webhooks/chatgpt/thread-message-completed."""
        return None

    def on_thread_message_deleted(
        self, payload: thread_messages.ThreadMessageDeletedPayload
    ) -> HandlerResult:
        """Called for thread.message.deleted payloads posted to /webhooks/chatgpt/thread-message-deleted."""
        return None

    def on_thread_run_created(self, payload: runs.ThreadRunCreatedPayload) -> HandlerResult:
        """Called for thread.run.created payloads posted to /webhooks/chatgpt/thread-run-created."""
        return None

    def on_thread_run_completed(self, payload: runs.ThreadRunCompletedPayload) -> HandlerResult:
        """Called for thread.run.completed payloads posted to /webhooks/chatgpt/thread-run-completed."""
        return None

    def on_thread_run_failed(self, payload: runs.ThreadRunFailedPayload) -> HandlerResult:
        """Called for thread.run.failed payloads posted to /webhooks/chatgpt/thread-run-failed."""
        return None

    def on_thread_run_requires_action(
        self, payload: runs.ThreadRunRequiresActionPayload
    ) -> HandlerResult:
        """Called for thread.run.requires_action payloads posted to /webhooks/chatgpt/thread-run-requires-action."""
        return None

    def on_thread_run_cancelled(self, payload: runs.ThreadRunCancelledPayload) -> HandlerResult:
        """Called for thread.run.cancelled payloads posted to /webhooks/chatgpt/thread-run-cancelled."""
        return None

    def on_thread_run_expired(self, payload: runs.ThreadRunExpiredPayload) -> HandlerResult:
        """Called for thread.run.expired payloads posted to /webhooks/chatgpt/thread-run-expired."""
        return None

    def on_vector_store_created(
        self, payload: vector_stores.VectorStoreCreatedPayload
    ) -> HandlerResult:
        """Called for vector_store.created payloads posted to /webhooks/chatgpt/vector-store-created."""
        return None

    def on_vector_store_completed(
        self, payload: vector_stores.VectorStoreCompletedPayload
    ) -> HandlerResult:
        """Called for vector_store.completed payloads posted to /webhooks/chatgpt/vector-store-completed."""
        return None

    def on_vector_store_deleted(
        self, payload: vector_stores.VectorStoreDeletedPayload
    ) -> HandlerResult:
        """Called for vector_store.deleted payloads posted to /webhooks/chatgpt/vector-store-deleted."""
        return None

    def dispatch(self, event_type: str, raw: Any) -> None:
        """Parse a raw catalog payload into its model and call the method for `event_type`,
        from sync code; an async method is run to completion on a new event loop.

        Args:
            event_type: The catalog webhook's event type, a value of `ROUTES`.
            raw: The delivery's body, decoded from JSON (any value: fields the payload model
                cannot read are None).

        Raises:
            RuntimeError: The method is async and an event loop runs in this thread: use
                `adispatch` in async code.
        """
        run_targets(self.targets(event_type, raw))

    async def adispatch(self, event_type: str, raw: Any) -> None:
        """`dispatch` from async code: an async method is awaited, a sync one runs in a thread
        (``asyncio.to_thread``), so it does not block the loop.

        Args:
            event_type: The catalog webhook's event type, a value of `ROUTES`.
            raw: The delivery's body, decoded from JSON.
        """
        await arun_targets(self.targets(event_type, raw))

    def targets(self, event_type: str, raw: Any) -> list[Target]:
        """The method for `event_type` with the payload parsed from `raw` (what the apps run).

        Args:
            event_type: The catalog webhook's event type, a value of `ROUTES`.
            raw: The delivery's body, decoded from JSON.
        """
        model, method_name = PAYLOADS[event_type]
        payload = model.from_raw(raw)  # type: ignore[attr-defined]
        return [(getattr(self, method_name), payload)]


# The no-op defaults run on the event loop, not in a thread (see handlers.py).
for _model, _name in PAYLOADS.values():
    inline(vars(CatalogHandler)[_name])
