"""An OpenAPI 3.x document read as an API: its operations by method and path shape, their
parameters, request bodies and response schemas (what the catalog cross-check compares with)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, SpecError
from ..load.source import Document
from .api_schema import Schema, SchemaWalker

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE = re.compile(r"\{[^{}]*\}")
# Media types a JSON body goes as, then the form encodings, in the order a body is looked for.
_FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


def path_shape(path: str) -> str:
    """A path with its placeholders blanked (`/a/{x}/b` -> `/a/{}/b`): two paths that differ
    only in placeholder names address the same operation."""
    return _TEMPLATE.sub("{}", path).rstrip("/") or "/"


def placeholder_names(path: str) -> tuple[str, ...]:
    """The placeholder names of an upstream path, in order."""
    return tuple(match.group(0)[1:-1] for match in _TEMPLATE.finditer(path))


@dataclass(frozen=True)
class ApiOperation:
    """One method of one path of the document."""

    method: str  # upper case
    path: str  # as the document writes it
    node: Mapping[str, Any]
    path_item: Mapping[str, Any]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Body:
    """A request body: its media type and schema (`name` is the schema's component name)."""

    media_type: str
    schema: Schema
    name: str


class ApiDocument:
    """The operations of an OpenAPI 3.x document, indexed by path shape."""

    def __init__(self, doc: Document) -> None:
        data = doc.data
        version = data.get("openapi") if isinstance(data, Mapping) else None
        if not isinstance(version, str) or not version.startswith("3."):
            raise SpecError(
                [
                    Diagnostic(
                        "error",
                        "not an OpenAPI 3.x document ('openapi: 3.x' missing)",
                        doc.locate(()),
                    )
                ]
            )
        paths = data.get("paths")
        if not isinstance(paths, Mapping):
            raise SpecError(
                [
                    Diagnostic(
                        "error",
                        "not an OpenAPI document: 'paths' is not a mapping",
                        doc.locate(("paths",)),
                    )
                ]
            )
        self.display_path = doc.display_path
        self.schemas = SchemaWalker(data)
        self._paths: dict[str, tuple[str, Mapping[str, Any]]] = {}
        for path, item in paths.items():
            if isinstance(path, str) and isinstance(item, Mapping):
                self._paths.setdefault(path_shape(path), (path, self.schemas.deref(item)))

    @property
    def path_count(self) -> int:
        """How many paths the document has."""
        return len(self._paths)

    def path(self, shape: str) -> str | None:
        """The document's path of this shape, or None."""
        found = self._paths.get(path_shape(shape))
        return found[0] if found else None

    def methods(self, shape: str) -> list[str]:
        """The methods the path of this shape supports (upper case, document order)."""
        found = self._paths.get(path_shape(shape))
        if found is None:
            return []
        return [m.upper() for m in found[1] if m in METHODS and isinstance(found[1][m], Mapping)]

    def operation(self, method: str, shape: str) -> ApiOperation | None:
        """The operation for `method` on the path of this shape, or None."""
        found = self._paths.get(path_shape(shape))
        if found is None:
            return None
        node = found[1].get(method.lower())
        if not isinstance(node, Mapping):
            return None
        return ApiOperation(method.upper(), found[0], node, found[1])

    def nearest_path(self, shape: str) -> str | None:
        """The document's path most like `shape`, when one is close."""
        found = difflib.get_close_matches(path_shape(shape), list(self._paths), n=1, cutoff=0.75)
        return self._paths[found[0]][0] if found else None

    def parameters(self, operation: ApiOperation, where: str) -> dict[str, Schema]:
        """The operation's parameters `in: where` (path-level ones too), name -> schema."""
        found: dict[str, Schema] = {}
        for owner in (operation.path_item, operation.node):  # the operation's own win
            listed = owner.get("parameters")
            for raw in listed if isinstance(listed, list) else []:
                parameter = self.schemas.deref(raw)
                name = parameter.get("name")
                if parameter.get("in") == where and isinstance(name, str):
                    found[name] = self._parameter_schema(parameter)
        return found

    def _parameter_schema(self, parameter: Mapping[str, Any]) -> Schema:
        if "schema" in parameter:
            return self.schemas.deref(parameter["schema"])
        content = parameter.get("content")
        if isinstance(content, Mapping):
            for media in content.values():
                if isinstance(media, Mapping) and "schema" in media:
                    return self.schemas.deref(media["schema"])
        return {}

    def request_bodies(self, operation: ApiOperation) -> list[Body]:
        """The operation's request body schemas: JSON first, then the form encodings."""
        body = self.schemas.deref(operation.node.get("requestBody"))
        return self._bodies(body.get("content"))

    def response(self, operation: ApiOperation) -> Body | None:
        """The JSON schema of the operation's success response, or None (binary, no content)."""
        responses = operation.node.get("responses")
        if not isinstance(responses, Mapping):
            return None
        codes = sorted(str(code) for code in responses if str(code).startswith("2"))  # 2XX too
        for code in codes:
            response = self.schemas.deref(responses.get(code, responses.get(_as_int(code))))
            json_bodies = [
                b for b in self._bodies(response.get("content")) if is_json(b.media_type)
            ]
            if json_bodies:
                return json_bodies[0]
        return None

    def _bodies(self, content: Any) -> list[Body]:
        if not isinstance(content, Mapping):
            return []
        found: list[Body] = []
        for media_type, media in content.items():
            if isinstance(media, Mapping) and isinstance(media_type, str):
                raw = media.get("schema", {})
                name = ""
                if isinstance(raw, Mapping) and isinstance(raw.get("$ref"), str):
                    name = raw["$ref"].rsplit("/", 1)[-1]
                found.append(Body(media_type, self.schemas.deref(raw), name))
        return sorted(found, key=lambda b: _body_rank(b.media_type))


def _as_int(code: str) -> int | None:
    """YAML reads an unquoted status code as an integer."""
    return int(code) if code.isdigit() else None


def is_json(media_type: str) -> bool:
    """True for application/json and the `+json` media types."""
    base = media_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _body_rank(media_type: str) -> int:
    if is_json(media_type):
        return 0
    base = media_type.split(";")[0].strip().lower()
    return 1 + _FORMS.index(base) if base in _FORMS else len(_FORMS) + 1
