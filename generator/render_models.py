"""Envelope models: datamodel-code-generator, called as a library, on the JSON Schema the IR emits."""

from __future__ import annotations

import json
from pathlib import Path

from .cache import cached_models, store_models
from .ir import Spec
from .schema import aliases, models_schema

HEADER = '"""Webhook event models. Generated from the webhook spec; do not edit by hand."""'


def render_models(spec: Spec) -> str:
    """Python source of `openai_webhooks/models.py` (unformatted; the format pass tidies it)."""
    if not any(e.envelope for e in spec.events):
        return HEADER + "\n\nfrom typing import Any\n\nWebhookEvent = Any\n"
    # Property order is meaningful (it is the field order), so the schema text keeps dict order.
    schema_text = json.dumps(models_schema(spec))
    field_aliases = aliases(spec)
    # The key covers this module's source too: changing an option below invalidates old entries.
    key, cached = cached_models(
        schema_text + json.dumps(field_aliases) + Path(__file__).read_text()
    )
    if cached is not None:
        return cached
    source = _generate(schema_text, field_aliases)
    store_models(key, source)
    return source


def _generate(schema_text: str, field_aliases: dict[str, str]) -> str:
    # Imported here: the library is heavy (about 0.9 s), and cache hits should not pay for it.
    from datamodel_code_generator import InputFileType, generate
    from datamodel_code_generator.enums import DataModelType
    from datamodel_code_generator.format import PythonVersion
    from datamodel_code_generator.parser import LiteralType

    source = generate(
        schema_text,
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_310,
        custom_file_header=HEADER,
        disable_timestamp=True,
        enum_field_as_literal=LiteralType.All,
        use_schema_description=True,
        use_field_description=True,
        extra_fields="allow",
        use_annotated=True,
        use_standard_collections=True,
        use_union_operator=True,
        use_double_quotes=True,
        keep_model_order=True,
        use_exact_imports=True,
        use_type_alias=True,
        aliases=field_aliases,
        formatters=[],
    )
    assert isinstance(source, str)
    return source
