"""Realistic raw bodies for the resource catalog: one API response per resource (the shapes the
OpenAI API returns, checked against the official `openai` SDK's models by the tests), variants
with paths missing, and one raw payload per catalog webhook.

`RECORDS[handle]` is (raw body, the Record fields expected from it); `PAYLOADS[event]` is
(raw body posted to the catalog route, the payload fields expected from it). The expectations
are written out by hand, not derived from the selectors.
"""

from __future__ import annotations

import copy
from typing import Any

Raw = Any


def variant(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of `base` with top-level keys replaced."""
    result = copy.deepcopy(base)
    result.update(changes)
    return result


CHAT_COMPLETION: dict[str, Any] = {
    "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
    "object": "chat.completion",
    "created": 1741569952,
    "model": "gpt-4.1-2025-04-14",
    "choices": [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": "Hello! How can I assist you today?",
                "refusal": None,
                "annotations": [],
            },
            "logprobs": None,
            "finish_reason": "stop",
        }
    ],
    "usage": {
        "prompt_tokens": 19,
        "completion_tokens": 10,
        "total_tokens": 29,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    },
    "service_tier": "default",
    "system_fingerprint": None,
}

RESPONSE: dict[str, Any] = {
    "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
    "object": "response",
    "created_at": 1741476542,
    "status": "completed",
    "error": None,
    "incomplete_details": None,
    "instructions": None,
    "max_output_tokens": None,
    "model": "gpt-4.1-2025-04-14",
    "output": [
        {
            "type": "message",
            "id": "msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b",
            "status": "completed",
            "role": "assistant",
            "content": [
                {
                    "type": "output_text",
                    "text": "In a peaceful grove beneath a silver moon, a unicorn named Lumina...",
                    "annotations": [],
                }
            ],
        }
    ],
    "parallel_tool_calls": True,
    "previous_response_id": None,
    "reasoning": {"effort": None, "summary": None},
    "store": True,
    "temperature": 1.0,
    "text": {"format": {"type": "text"}},
    "tool_choice": "auto",
    "tools": [],
    "top_p": 1.0,
    "truncation": "disabled",
    "usage": {
        "input_tokens": 36,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": 87,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 123,
    },
    "user": None,
    "metadata": {},
}

# A reasoning model puts a reasoning item first: `output.0.content` does not exist.
RESPONSE_REASONING = variant(
    RESPONSE,
    model="o3-2025-04-16",
    output=[
        {"type": "reasoning", "id": "rs_6820f383d7c08191846711c5df8233bc", "summary": []},
        RESPONSE["output"][0],
    ],
)

RESPONSE_FAILED = variant(
    RESPONSE,
    status="failed",
    output=[],
    error={"code": "server_error", "message": "The model failed to generate a response."},
    usage=None,
)

EMBEDDING_LIST: dict[str, Any] = {
    "object": "list",
    "data": [
        {
            "object": "embedding",
            "index": 0,
            "embedding": [0.0023064255, -0.009327292, 0.015797377, -0.0077780345, 0],
        }
    ],
    "model": "text-embedding-3-small",
    "usage": {"prompt_tokens": 8, "total_tokens": 8},
}

# `encoding_format: "base64"`: the vector is one base64 string, not an array.
EMBEDDING_BASE64 = variant(
    EMBEDDING_LIST,
    data=[{"object": "embedding", "index": 0, "embedding": "AAAAAAAAgD8AAABAAABAQA=="}],
)

IMAGES: dict[str, Any] = {
    "created": 1713833628,
    "data": [
        {
            "url": "https://oaidalleapiprodscus.blob.core.windows.net/private/img-abc123.png",
            "revised_prompt": "A cute baby sea otter floating on its back in calm blue water.",
        }
    ],
}

# gpt-image-1 always answers with base64 data and no URL or revised prompt.
IMAGES_B64 = {
    "created": 1745398528,
    "data": [
        {
            "b64_json": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
        }
    ],
    "usage": {
        "total_tokens": 100,
        "input_tokens": 50,
        "output_tokens": 50,
        "input_tokens_details": {"text_tokens": 10, "image_tokens": 40},
    },
}

TRANSCRIPTION_VERBOSE: dict[str, Any] = {
    "task": "transcribe",
    "language": "english",
    "duration": 8.470000267028809,
    "text": "The beach was a popular spot on a hot summer day.",
    "segments": [
        {
            "id": 0,
            "seek": 0,
            "start": 0.0,
            "end": 3.319999933242798,
            "text": " The beach was a popular spot on a hot summer day.",
            "tokens": [50364, 440, 7534, 390, 257, 3743, 4008, 322, 257, 2368, 4266, 786, 13],
            "temperature": 0.0,
            "avg_logprob": -0.2860786020755768,
            "compression_ratio": 1.2363636493682861,
            "no_speech_prob": 0.00985979475080967,
        }
    ],
}

# `response_format: "json"`: only the text (and token usage); language and duration are absent.
TRANSCRIPTION_JSON = {
    "text": "The beach was a popular spot on a hot summer day.",
    "usage": {"type": "tokens", "input_tokens": 14, "output_tokens": 45, "total_tokens": 59},
}

# The first bytes of an MP3 file (ID3 tag, then a frame header), as /audio/speech returns it.
SPEECH_MP3 = b"ID3\x04\x00\x00\x00\x00\x00#TSSE\x00\x00\x00\x0f\x00\x00\x03Lavf58.76.100\x00\xff\xf3\xc4\xc4\x00"

MODEL: dict[str, Any] = {
    "id": "gpt-4o-mini",
    "object": "model",
    "created": 1721172741,
    "owned_by": "system",
}

MODERATION: dict[str, Any] = {
    "id": "modr-0d9740456c391e43c445bf0f010940c7",
    "model": "omni-moderation-latest",
    "results": [
        {
            "flagged": True,
            "categories": {
                "harassment": True,
                "harassment/threatening": True,
                "sexual": False,
                "hate": False,
                "hate/threatening": False,
                "illicit": False,
                "illicit/violent": False,
                "self-harm/intent": False,
                "self-harm/instructions": False,
                "self-harm": False,
                "sexual/minors": False,
                "violence": True,
                "violence/graphic": True,
            },
            "category_scores": {
                "harassment": 0.8189693396524255,
                "harassment/threatening": 0.804985420696006,
                "sexual": 1.573112165348997e-6,
                "hate": 0.007562942636942845,
                "hate/threatening": 0.004208854591835476,
                "illicit": 0.030535955153511665,
                "illicit/violent": 0.008925306722380033,
                "self-harm/intent": 0.00023023930975076432,
                "self-harm/instructions": 0.0002293869201073356,
                "self-harm": 0.012783498694728456,
                "sexual/minors": 2.212566909570261e-8,
                "violence": 0.9999992735124786,
                "violence/graphic": 0.843064871157054,
            },
            "category_applied_input_types": {
                "harassment": ["text"],
                "harassment/threatening": ["text"],
                "sexual": ["text", "image"],
                "hate": ["text"],
                "hate/threatening": ["text"],
                "illicit": ["text"],
                "illicit/violent": ["text"],
                "self-harm/intent": ["text", "image"],
                "self-harm/instructions": ["text", "image"],
                "self-harm": ["text", "image"],
                "sexual/minors": ["text"],
                "violence": ["text", "image"],
                "violence/graphic": ["text", "image"],
            },
        }
    ],
}

FILE: dict[str, Any] = {
    "id": "file-abc123",
    "object": "file",
    "bytes": 120000,
    "created_at": 1677610602,
    "expires_at": None,
    "filename": "mydata.jsonl",
    "purpose": "fine-tune",
    "status": "processed",
    "status_details": None,
}

FINE_TUNING_JOB: dict[str, Any] = {
    "object": "fine_tuning.job",
    "id": "ftjob-abc123",
    "model": "gpt-4o-mini-2024-07-18",
    "created_at": 1721764800,
    "finished_at": 1721766000,
    "fine_tuned_model": "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:AbC123",
    "organization_id": "org-123",
    "result_files": ["file-xyz789"],
    "status": "succeeded",
    "validation_file": None,
    "training_file": "file-abc123",
    "hyperparameters": {"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 1.8},
    "trained_tokens": 5768,
    "error": None,
    "seed": 683058546,
    "estimated_finish": None,
    "integrations": [],
    "metadata": None,
    "method": {
        "type": "supervised",
        "supervised": {
            "hyperparameters": {"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 1.8}
        },
    },
}

BATCH: dict[str, Any] = {
    "id": "batch_abc123",
    "object": "batch",
    "endpoint": "/v1/chat/completions",
    "errors": None,
    "input_file_id": "file-abc123",
    "completion_window": "24h",
    "status": "completed",
    "output_file_id": "file-cvaTdG",
    "error_file_id": "file-HOWS94",
    "created_at": 1711471533,
    "in_progress_at": 1711471538,
    "expires_at": 1711557933,
    "finalizing_at": 1711493133,
    "completed_at": 1711493163,
    "failed_at": None,
    "expired_at": None,
    "cancelling_at": None,
    "cancelled_at": None,
    "request_counts": {"total": 100, "completed": 95, "failed": 5},
    "metadata": {"customer_id": "user_123456789", "batch_description": "Nightly eval job"},
}

ASSISTANT: dict[str, Any] = {
    "id": "asst_abc123",
    "object": "assistant",
    "created_at": 1698984975,
    "name": "Math Tutor",
    "description": None,
    "model": "gpt-4o",
    "instructions": "You are a personal math tutor. When asked a question, write and run Python code to answer the question.",
    "tools": [{"type": "code_interpreter"}],
    "metadata": {},
    "top_p": 1.0,
    "temperature": 1.0,
    "response_format": "auto",
}

THREAD: dict[str, Any] = {
    "id": "thread_abc123",
    "object": "thread",
    "created_at": 1699012949,
    "metadata": {},
    "tool_resources": {},
}

MESSAGE: dict[str, Any] = {
    "id": "msg_abc123",
    "object": "thread.message",
    "created_at": 1713226573,
    "assistant_id": None,
    "thread_id": "thread_abc123",
    "run_id": None,
    "role": "user",
    "status": "completed",
    "completed_at": None,
    "incomplete_at": None,
    "incomplete_details": None,
    "content": [
        {
            "type": "text",
            "text": {"value": "How does AI work? Explain it in simple terms.", "annotations": []},
        }
    ],
    "attachments": [],
    "metadata": {},
}

# A message whose first content part is an image: `content.0.text` does not exist.
MESSAGE_IMAGE_FIRST = variant(
    MESSAGE,
    content=[
        {"type": "image_file", "image_file": {"file_id": "file-img123", "detail": "auto"}},
        MESSAGE["content"][0],
    ],
)

RUN: dict[str, Any] = {
    "id": "run_abc123",
    "object": "thread.run",
    "created_at": 1699063290,
    "assistant_id": "asst_abc123",
    "thread_id": "thread_abc123",
    "status": "completed",
    "started_at": 1699063291,
    "expires_at": None,
    "cancelled_at": None,
    "failed_at": None,
    "completed_at": 1699063292,
    "required_action": None,
    "last_error": None,
    "model": "gpt-4o",
    "instructions": "You are a helpful assistant.",
    "tools": [{"type": "code_interpreter"}],
    "metadata": {},
    "incomplete_details": None,
    "usage": {"prompt_tokens": 123, "completion_tokens": 456, "total_tokens": 579},
    "temperature": 1.0,
    "top_p": 1.0,
    "max_prompt_tokens": 1000,
    "max_completion_tokens": 1000,
    "truncation_strategy": {"type": "auto", "last_messages": None},
    "response_format": "auto",
    "tool_choice": "auto",
    "parallel_tool_calls": True,
}

VECTOR_STORE: dict[str, Any] = {
    "id": "vs_abc123",
    "object": "vector_store",
    "created_at": 1699061776,
    "name": "Support FAQ",
    "usage_bytes": 139920,
    "file_counts": {"in_progress": 0, "completed": 3, "failed": 0, "cancelled": 0, "total": 3},
    "status": "completed",
    "expires_after": None,
    "expires_at": None,
    "last_active_at": 1699061776,
    "metadata": {},
}

RECORDS: dict[str, tuple[Raw, dict[str, Any]]] = {
    "chat_completions": (
        CHAT_COMPLETION,
        {
            "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
            "object": "chat.completion",
            "created": 1741569952,
            "model": "gpt-4.1-2025-04-14",
            "content": "Hello! How can I assist you today?",
            "finish_reason": "stop",
            "prompt_tokens": 19,
            "completion_tokens": 10,
            "total_tokens": 29,
        },
    ),
    "responses": (
        RESPONSE,
        {
            "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
            "object": "response",
            "created_at": 1741476542,
            "model": "gpt-4.1-2025-04-14",
            "output_text": "In a peaceful grove beneath a silver moon, a unicorn named Lumina...",
            "status": "completed",
            "input_tokens": 36,
            "output_tokens": 87,
        },
    ),
    "embeddings": (
        EMBEDDING_LIST,
        {
            "object": "list",
            "embedding": [0.0023064255, -0.009327292, 0.015797377, -0.0077780345, 0],
            "index": 0,
            "model": "text-embedding-3-small",
            "prompt_tokens": 8,
            "total_tokens": 8,
        },
    ),
    "images": (
        IMAGES,
        {
            "created": 1713833628,
            "url": "https://oaidalleapiprodscus.blob.core.windows.net/private/img-abc123.png",
            "revised_prompt": "A cute baby sea otter floating on its back in calm blue water.",
            "b64_json": None,
        },
    ),
    "audio_transcriptions": (
        TRANSCRIPTION_VERBOSE,
        {
            "text": "The beach was a popular spot on a hot summer day.",
            "language": "english",
            "duration": 8.470000267028809,
        },
    ),
    "audio_speech": (SPEECH_MP3, {"audio_data": SPEECH_MP3}),
    "models": (
        MODEL,
        {"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"},
    ),
    "moderations": (
        MODERATION,
        {
            "id": "modr-0d9740456c391e43c445bf0f010940c7",
            "model": "omni-moderation-latest",
            "flagged": True,
            "hate": False,
            "harassment": True,
            "self_harm": False,
            "sexual": False,
            "violence": True,
        },
    ),
    "files": (
        FILE,
        {
            "id": "file-abc123",
            "object": "file",
            "bytes": 120000,
            "created_at": 1677610602,
            "filename": "mydata.jsonl",
            "purpose": "fine-tune",
        },
    ),
    "fine_tuning_jobs": (
        FINE_TUNING_JOB,
        {
            "id": "ftjob-abc123",
            "model": "gpt-4o-mini-2024-07-18",
            "fine_tuned_model": "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:AbC123",
            "status": "succeeded",
            "training_file": "file-abc123",
            "created_at": 1721764800,
            "finished_at": 1721766000,
            "trained_tokens": 5768,
        },
    ),
    "batches": (
        BATCH,
        {
            "id": "batch_abc123",
            "object": "batch",
            "endpoint": "/v1/chat/completions",
            "status": "completed",
            "input_file_id": "file-abc123",
            "output_file_id": "file-cvaTdG",
            "created_at": 1711471533,
            "completed_at": 1711493163,
            "request_counts_total": 100,
            "request_counts_completed": 95,
            "request_counts_failed": 5,
        },
    ),
    "assistants": (
        ASSISTANT,
        {
            "id": "asst_abc123",
            "object": "assistant",
            "name": "Math Tutor",
            "description": None,
            "model": "gpt-4o",
            "instructions": "You are a personal math tutor. When asked a question, write and run Python code to answer the question.",
            "created_at": 1698984975,
        },
    ),
    "threads": (
        THREAD,
        {"id": "thread_abc123", "object": "thread", "created_at": 1699012949},
    ),
    "thread_messages": (
        MESSAGE,
        {
            "id": "msg_abc123",
            "object": "thread.message",
            "created_at": 1713226573,
            "role": "user",
            "content": "How does AI work? Explain it in simple terms.",
            "assistant_id": None,
            "run_id": None,
        },
    ),
    "runs": (
        RUN,
        {
            "id": "run_abc123",
            "object": "thread.run",
            "assistant_id": "asst_abc123",
            "thread_id": "thread_abc123",
            "status": "completed",
            "model": "gpt-4o",
            "created_at": 1699063290,
            "completed_at": 1699063292,
        },
    ),
    "vector_stores": (
        VECTOR_STORE,
        {
            "id": "vs_abc123",
            "object": "vector_store",
            "name": "Support FAQ",
            "status": "completed",
            "created_at": 1699061776,
            "file_counts_total": 3,
            "usage_bytes": 139920,
        },
    ),
}

# Real responses in which some selectors find nothing: (handle, raw, the fields that are None).
MISSING_PATHS: list[tuple[str, Raw, set[str]]] = [
    ("chat_completions", variant(CHAT_COMPLETION, choices=[]), {"content", "finish_reason"}),
    (
        "chat_completions",
        variant(
            CHAT_COMPLETION,
            choices=[
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": None,
                        "refusal": None,
                        "tool_calls": [
                            {
                                "id": "call_abc123",
                                "type": "function",
                                "function": {
                                    "name": "get_weather",
                                    "arguments": '{"city": "Paris"}',
                                },
                            }
                        ],
                    },
                    "logprobs": None,
                    "finish_reason": "tool_calls",
                }
            ],
        ),
        {"content"},
    ),
    ("responses", RESPONSE_REASONING, {"output_text"}),
    ("responses", RESPONSE_FAILED, {"output_text", "input_tokens", "output_tokens"}),
    ("images", IMAGES_B64, {"url", "revised_prompt"}),
    ("audio_transcriptions", TRANSCRIPTION_JSON, {"language", "duration"}),
    (
        "moderations",
        variant(MODERATION, results=[]),
        {"flagged", "hate", "harassment", "self_harm", "sexual", "violence"},
    ),
    ("thread_messages", MESSAGE_IMAGE_FIRST, {"content"}),
    ("runs", variant(RUN, status="in_progress", completed_at=None), {"completed_at"}),
    (
        "fine_tuning_jobs",
        variant(
            FINE_TUNING_JOB,
            status="running",
            fine_tuned_model=None,
            finished_at=None,
            trained_tokens=None,
        ),
        {"fine_tuned_model", "finished_at", "trained_tokens"},
    ),
    (
        "batches",
        {k: v for k, v in BATCH.items() if k != "request_counts"},
        {"request_counts_total", "request_counts_completed", "request_counts_failed"},
    ),
    ("vector_stores", variant(VECTOR_STORE, name=None), {"name"}),
    ("models", {"id": "gpt-4o-mini", "object": "model"}, {"created", "owned_by"}),
]

# Deletion objects, as DELETE endpoints return them.
FILE_DELETED = {"id": "file-abc123", "object": "file", "deleted": True}
MODEL_DELETED = {"id": "ft:gpt-4o-mini:acemeco:suffix:abc123", "object": "model", "deleted": True}
ASSISTANT_DELETED = {"id": "asst_abc123", "object": "assistant.deleted", "deleted": True}
THREAD_DELETED = {"id": "thread_abc123", "object": "thread.deleted", "deleted": True}
MESSAGE_DELETED = {"id": "msg_abc123", "object": "thread.message.deleted", "deleted": True}
VECTOR_STORE_DELETED = {"id": "vs_abc123", "object": "vector_store.deleted", "deleted": True}

IMAGE_ERROR = {
    "error": {
        "code": "content_policy_violation",
        "message": "Your request was rejected as a result of our safety system.",
        "param": None,
        "type": "invalid_request_error",
    }
}
FINE_TUNING_ERROR = {
    "code": "invalid_training_file",
    "message": "The file has 5 example(s), but must have at least 10 examples",
    "param": "training_file",
}
BATCH_ERRORS = {
    "object": "list",
    "data": [
        {
            "code": "invalid_json_line",
            "line": 1,
            "message": "This line is not parseable as valid JSON.",
            "param": None,
        }
    ],
}
RUN_ERROR = {"code": "rate_limit_exceeded", "message": "Rate limit reached for gpt-4o."}
REQUIRED_ACTION = {
    "type": "submit_tool_outputs",
    "submit_tool_outputs": {
        "tool_calls": [
            {
                "id": "call_abc123",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"location": "Paris"}'},
            }
        ]
    },
}

PAYLOADS: dict[str, tuple[Raw, dict[str, Any]]] = {
    "chat.completion.created": (
        CHAT_COMPLETION,
        {
            "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
            "object": "chat.completion",
            "created": 1741569952,
            "model": "gpt-4.1-2025-04-14",
            "content": "Hello! How can I assist you today?",
            "finish_reason": "stop",
            "prompt_tokens": 19,
            "completion_tokens": 10,
            "total_tokens": 29,
        },
    ),
    "response.completed": (
        RESPONSE,
        {
            "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
            "object": "response",
            "status": "completed",
            "model": "gpt-4.1-2025-04-14",
            "output_text": "In a peaceful grove beneath a silver moon, a unicorn named Lumina...",
            "created_at": 1741476542,
            "input_tokens": 36,
            "output_tokens": 87,
        },
    ),
    "response.failed": (
        RESPONSE_FAILED,
        {
            "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
            "status": "failed",
            "error": {
                "code": "server_error",
                "message": "The model failed to generate a response.",
            },
        },
    ),
    "embedding.created": (
        EMBEDDING_LIST,
        {
            "object": "list",
            "model": "text-embedding-3-small",
            "total_tokens": 8,
            "prompt_tokens": 8,
        },
    ),
    "image.generated": (
        IMAGES,
        {
            "url": "https://oaidalleapiprodscus.blob.core.windows.net/private/img-abc123.png",
            "revised_prompt": "A cute baby sea otter floating on its back in calm blue water.",
            "created": 1713833628,
        },
    ),
    "image.failed": (IMAGE_ERROR, {"error": IMAGE_ERROR["error"]}),
    "audio.transcription.completed": (
        TRANSCRIPTION_VERBOSE,
        {
            "text": "The beach was a popular spot on a hot summer day.",
            "language": "english",
            "duration": 8.470000267028809,
        },
    ),
    "audio.speech.generated": (SPEECH_MP3, {"audio_data": SPEECH_MP3}),
    "model.created": (
        MODEL,
        {"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"},
    ),
    "model.deleted": (
        MODEL_DELETED,
        {"id": "ft:gpt-4o-mini:acemeco:suffix:abc123", "object": "model", "deleted": True},
    ),
    "moderation.completed": (
        MODERATION,
        {
            "id": "modr-0d9740456c391e43c445bf0f010940c7",
            "model": "omni-moderation-latest",
            "flagged": True,
            "categories": MODERATION["results"][0]["categories"],
        },
    ),
    "file.created": (
        FILE,
        {
            "id": "file-abc123",
            "object": "file",
            "filename": "mydata.jsonl",
            "purpose": "fine-tune",
            "bytes": 120000,
        },
    ),
    "file.deleted": (FILE_DELETED, {"id": "file-abc123", "deleted": True}),
    "fine_tuning.job.created": (
        variant(
            FINE_TUNING_JOB,
            status="validating_files",
            finished_at=None,
            fine_tuned_model=None,
            trained_tokens=None,
            result_files=[],
        ),
        {
            "id": "ftjob-abc123",
            "model": "gpt-4o-mini-2024-07-18",
            "status": "validating_files",
            "created_at": 1721764800,
            "training_file": "file-abc123",
        },
    ),
    "fine_tuning.job.succeeded": (
        FINE_TUNING_JOB,
        {
            "id": "ftjob-abc123",
            "fine_tuned_model": "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:AbC123",
            "status": "succeeded",
            "trained_tokens": 5768,
            "finished_at": 1721766000,
        },
    ),
    "fine_tuning.job.failed": (
        variant(FINE_TUNING_JOB, status="failed", fine_tuned_model=None, error=FINE_TUNING_ERROR),
        {"id": "ftjob-abc123", "status": "failed", "error": FINE_TUNING_ERROR},
    ),
    "fine_tuning.job.cancelled": (
        variant(FINE_TUNING_JOB, status="cancelled", fine_tuned_model=None),
        {"id": "ftjob-abc123", "status": "cancelled"},
    ),
    "batch.created": (
        variant(
            BATCH,
            status="validating",
            output_file_id=None,
            error_file_id=None,
            in_progress_at=None,
            finalizing_at=None,
            completed_at=None,
            request_counts={"total": 0, "completed": 0, "failed": 0},
        ),
        {
            "id": "batch_abc123",
            "endpoint": "/v1/chat/completions",
            "status": "validating",
            "created_at": 1711471533,
        },
    ),
    "batch.completed": (
        BATCH,
        {
            "id": "batch_abc123",
            "status": "completed",
            "output_file_id": "file-cvaTdG",
            "request_counts_total": 100,
            "request_counts_completed": 95,
            "completed_at": 1711493163,
        },
    ),
    "batch.failed": (
        variant(
            BATCH, status="failed", errors=BATCH_ERRORS, completed_at=None, failed_at=1711471540
        ),
        {"id": "batch_abc123", "status": "failed", "errors": BATCH_ERRORS},
    ),
    "batch.cancelled": (
        variant(BATCH, status="cancelled", cancelled_at=1711471600),
        {"id": "batch_abc123", "status": "cancelled"},
    ),
    "batch.expired": (
        variant(BATCH, status="expired", expired_at=1711557933),
        {"id": "batch_abc123", "status": "expired"},
    ),
    "assistant.created": (
        ASSISTANT,
        {
            "id": "asst_abc123",
            "object": "assistant",
            "name": "Math Tutor",
            "model": "gpt-4o",
            "created_at": 1698984975,
        },
    ),
    "assistant.updated": (
        variant(ASSISTANT, name="Algebra Tutor"),
        {"id": "asst_abc123", "name": "Algebra Tutor", "model": "gpt-4o"},
    ),
    "assistant.deleted": (ASSISTANT_DELETED, {"id": "asst_abc123", "deleted": True}),
    "thread.created": (
        THREAD,
        {"id": "thread_abc123", "object": "thread", "created_at": 1699012949},
    ),
    "thread.deleted": (THREAD_DELETED, {"id": "thread_abc123", "deleted": True}),
    "thread.message.created": (
        MESSAGE,
        {
            "id": "msg_abc123",
            "thread_id": "thread_abc123",
            "role": "user",
            "content": "How does AI work? Explain it in simple terms.",
            "created_at": 1713226573,
        },
    ),
    "thread.message.completed": (
        variant(
            MESSAGE,
            role="assistant",
            assistant_id="asst_abc123",
            run_id="run_abc123",
            completed_at=1713226580,
            content=[
                {
                    "type": "text",
                    "text": {"value": "AI learns patterns from examples.", "annotations": []},
                }
            ],
        ),
        {
            "id": "msg_abc123",
            "thread_id": "thread_abc123",
            "content": "AI learns patterns from examples.",
        },
    ),
    "thread.message.deleted": (MESSAGE_DELETED, {"id": "msg_abc123", "deleted": True}),
    "thread.run.created": (
        variant(RUN, status="queued", started_at=None, completed_at=None, usage=None),
        {
            "id": "run_abc123",
            "thread_id": "thread_abc123",
            "assistant_id": "asst_abc123",
            "status": "queued",
            "created_at": 1699063290,
        },
    ),
    "thread.run.completed": (
        RUN,
        {
            "id": "run_abc123",
            "thread_id": "thread_abc123",
            "status": "completed",
            "usage": {"prompt_tokens": 123, "completion_tokens": 456, "total_tokens": 579},
            "completed_at": 1699063292,
        },
    ),
    "thread.run.failed": (
        variant(
            RUN, status="failed", completed_at=None, failed_at=1699063292, last_error=RUN_ERROR
        ),
        {
            "id": "run_abc123",
            "thread_id": "thread_abc123",
            "status": "failed",
            "last_error": RUN_ERROR,
        },
    ),
    "thread.run.requires_action": (
        variant(RUN, status="requires_action", completed_at=None, required_action=REQUIRED_ACTION),
        {"id": "run_abc123", "thread_id": "thread_abc123", "required_action": REQUIRED_ACTION},
    ),
    "thread.run.cancelled": (
        variant(RUN, status="cancelled", completed_at=None, cancelled_at=1699063292),
        {"id": "run_abc123", "status": "cancelled"},
    ),
    "thread.run.expired": (
        variant(RUN, status="expired", completed_at=None),
        {"id": "run_abc123", "status": "expired"},
    ),
    "vector_store.created": (
        variant(
            VECTOR_STORE,
            status="in_progress",
            usage_bytes=0,
            file_counts={"in_progress": 3, "completed": 0, "failed": 0, "cancelled": 0, "total": 3},
        ),
        {
            "id": "vs_abc123",
            "object": "vector_store",
            "name": "Support FAQ",
            "status": "in_progress",
            "created_at": 1699061776,
        },
    ),
    "vector_store.completed": (
        VECTOR_STORE,
        {"id": "vs_abc123", "status": "completed", "file_counts_total": 3, "usage_bytes": 139920},
    ),
    "vector_store.deleted": (VECTOR_STORE_DELETED, {"id": "vs_abc123", "deleted": True}),
}
