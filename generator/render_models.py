"""Envelope models: datamodel-code-generator, called as a library, on the JSON Schema the IR emits."""

from __future__ import annotations

import json

from .ir import Spec
from .schema import aliases, models_schema

HEADER = '"""Webhook event models. Generated from the webhook spec; do not edit by hand."""'


def render_models(spec: Spec) -> str:
    """Python source of `openai_webhooks/models.py` (unformatted; the format pass tidies it)."""
    # Imported here: the library is heavy, and commands that skip rendering should not pay for it.
    from datamodel_code_generator import InputFileType, generate
    from datamodel_code_generator.enums import DataModelType
    from datamodel_code_generator.format import PythonVersion
    from datamodel_code_generator.parser import LiteralType

    if not any(e.envelope for e in spec.events):
        return HEADER + "\n\nfrom typing import Any\n\nWebhookEvent = Any\n"
    source = generate(
        json.dumps(models_schema(spec)),
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
        aliases=aliases(spec),
        formatters=[],
    )
    assert isinstance(source, str)
    return source
