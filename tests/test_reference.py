"""The API reference (docs/reference.md) is read from the runtime's code, and holds every public
callable's every parameter with its default and a description.

The check goes the other way round from the generator: it imports the package and asks
`inspect` for each exported callable's parameters and their defaults (the values, not the
source), then finds each one on the page.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import inspect
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import openai_webhooks as ow
from openai_webhooks import catalog
from openai_webhooks.handlers import HANDLER_METHODS
from pydantic import BaseModel

from generator.inputs import Inputs
from generator.parse.build import build_spec
from generator.render import reference

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "generated" / "docs" / "reference.md"
HEADING = re.compile(r"^#{3,4} `([\w.]+)`$", re.M)
BULLET = re.compile(
    r"^- `(?P<name>[*\w]+)` \((?:(?P<required>required|optional)|default `(?P<code>.+?)`|"
    r"default: (?P<text>.+?))\)(?:: (?P<description>.+))?$"
)
PER_EVENT = set(HANDLER_METHODS.values()) | {method for _, method in catalog.PAYLOADS.values()}


def page_entries() -> dict[str, str]:
    """Heading name -> the text under it, up to the next heading."""
    text = PAGE.read_text()
    found = {}
    matches = list(HEADING.finditer(text))
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        found[match.group(1)] = text[match.end() : end]
    return found


def bullets(section: str) -> dict[str, re.Match[str]]:
    return {m.group("name"): m for line in section.splitlines() if (m := BULLET.match(line))}


def public_callables() -> list[tuple[str, Any, Any]]:
    """(name on the page, callable, namespace its defaults are written in) for each exported
    function, each class taking arguments, and each public method."""
    exported = [(name, getattr(ow, name)) for name in ow.__all__]
    exported += [(name, getattr(catalog, name)) for name in catalog.__all__]
    found = []
    for name, value in exported:
        if inspect.ismodule(value) or (inspect.isclass(value) and value.__name__ != name):
            continue  # resource modules; event models re-exported under the same name only
        if inspect.isclass(value) and issubclass(value, BaseModel) and name.endswith("Event"):
            if value is not ow.UnknownWebhookEvent:
                continue  # event models: a page each
        namespace = vars(sys.modules[value.__module__]) if hasattr(value, "__module__") else {}
        if inspect.isfunction(value):
            found.append((name, value, namespace))
        elif inspect.isclass(value):
            takes = (
                "__init__" in vars(value)
                or dataclasses.is_dataclass(value)
                or issubclass(value, BaseModel)
            )
            protocol = getattr(value, "_is_protocol", False)  # its __init__ is typing's
            if takes and not protocol and not issubclass(value, (enum.Enum, Exception)):
                found.append((name, value, namespace))
            for method_name, method in vars(value).items():
                if inspect.isfunction(method) and not method_name.startswith("_"):
                    if method_name not in PER_EVENT:
                        found.append((f"{name}.{method_name}", method, namespace))
    return found


def test_every_public_callable_parameter_is_on_the_page_with_its_default() -> None:
    entries = page_entries()
    checked = 0
    for name, value, namespace in public_callables():
        assert name in entries, f"{name} has no heading on docs/reference.md"
        listed = bullets(entries[name])
        parameters = [
            p for p in inspect.signature(value).parameters.values() if p.name not in ("self", "cls")
        ]
        if inspect.isclass(value) and issubclass(value, BaseModel):  # its fields, not **extra
            parameters = [p for p in parameters if p.kind is not p.VAR_KEYWORD]
        one_argument_method = (
            "." in name
            and len(parameters) == 1
            and parameters[0].default is inspect.Parameter.empty
        )
        if one_argument_method and not listed:
            continue  # described by its summary line (see generator/render/reference.py)
        for parameter in parameters:
            shown = {"VAR_POSITIONAL": "*", "VAR_KEYWORD": "**"}.get(parameter.kind.name, "")
            bullet = listed.get(shown + parameter.name)
            assert bullet is not None, f"{name}: parameter {parameter.name} is not listed"
            assert bullet.group("description"), f"{name}: {parameter.name} is not described"
            default = parameter.default
            if default is inspect.Parameter.empty:
                assert bullet.group("required"), f"{name}: {parameter.name} shows a default"
            elif isinstance(default, enum.Enum):
                assert bullet.group("text") == default.value, (name, parameter.name)
            elif bullet.group("text") is not None:  # a dataclass field's default factory
                factory = re.match(r"`(.+)\(\)`", bullet.group("text"))
                assert factory, (name, parameter.name)
                field = {f.name: f for f in dataclasses.fields(value)}[parameter.name]
                assert eval(factory.group(1) + "()", dict(namespace)) == field.default_factory()  # type: ignore[misc]
            else:
                shown_default = eval(bullet.group("code"), dict(namespace))
                assert shown_default == default, (name, parameter.name, shown_default, default)
            checked += 1
    # The issue's eight callables alone have 39 parameters.
    assert checked >= 39


def test_the_issue_s_missing_parameters_are_there() -> None:
    entries = page_entries()
    assert bullets(entries["asgi_app"])["max_body"].group("code") == "1024 * 1024"
    assert "mount point" in bullets(entries["asgi_app"])["path"].group("description")
    assert bullets(entries["sign"])["timestamp"].group("code") == "None"
    for store in ("RedisDedupStore", "InMemoryDedupStore"):
        assert bullets(entries[store])
    assert set(bullets(entries["RedisDedupStore"])) >= {"client", "prefix", "timeout"}
    assert "clock" in bullets(entries["InMemoryDedupStore"])


def test_signatures_are_python_laid_out_as_ruff_formats_it(tmp_path: Path) -> None:
    blocks = re.findall(r"^```py\n(.*?)\n```$", PAGE.read_text(), flags=re.S | re.M)
    assert len(blocks) >= 30
    for index, block in enumerate(blocks):
        ast.parse(block)
        (tmp_path / f"signature_{index}.py").write_text(block + "\n")
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "format", "--check", "--diff", "--no-cache", "--line-length", "100", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


SPEC = build_spec(
    Inputs(ROOT / "specs" / "openai-webhooks.yaml", ROOT / "specs" / "resource-catalog.json")
)


def runtime_sources() -> dict[str, str]:
    package = ROOT / "generated" / "openai_webhooks"
    paths = [*package.glob("*.py"), package / "catalog" / "__init__.py"]
    paths.append(package / "catalog" / "_runtime.py")
    return {f"openai_webhooks/{p.relative_to(package).as_posix()}": p.read_text() for p in paths}


def entry(sections: tuple[reference.Section, ...], name: str) -> reference.Entry:
    for section in sections:
        for found in section.entries:
            for candidate in (found, *found.members):
                if candidate.name == name:
                    return candidate
    raise KeyError(name)


def test_a_parameter_added_to_the_code_appears_with_its_default_and_description() -> None:
    sources = runtime_sources()
    http = sources["openai_webhooks/_http.py"]
    signature_end = ",\n) -> ASGIApp:"  # after the last parameter (ruff's magic comma)
    assert http.count(signature_end) == 1
    added = http.replace(signature_end, ",\n    backlog: int = 128,\n) -> ASGIApp:").replace(
        "        tolerance: The largest accepted age",
        "        backlog: How many deliveries may wait.\n"
        "        tolerance: The largest accepted age",
    )
    assert added.count("backlog") == 2
    sections = reference.build({**sources, "openai_webhooks/_http.py": added}, SPEC)
    (backlog,) = [p for p in entry(sections, "asgi_app").parameters if p.name == "backlog"]
    assert (backlog.default, backlog.description) == ("128", "How many deliveries may wait.")
    assert "backlog: int = 128," in entry(sections, "asgi_app").signature
    # wsgi_app's "The arguments are those of `asgi_app`" does not invent a parameter it lacks.
    assert "backlog" not in [p.name for p in entry(sections, "wsgi_app").parameters]


def test_an_undocumented_parameter_has_no_description() -> None:
    # What the page test above then reports: nothing is made up for a parameter the docstring
    # does not describe.
    sources = runtime_sources()
    signing = sources["openai_webhooks/_signing.py"].replace(
        "    timestamp: int | None = None,\n) -> dict[str, str]:",
        "    timestamp: int | None = None,\n    version: str = 'v1',\n) -> dict[str, str]:",
    )
    sections = reference.build({**sources, "openai_webhooks/_signing.py": signing}, SPEC)
    (version,) = [p for p in entry(sections, "sign").parameters if p.name == "version"]
    assert (version.default, version.description) == ("'v1'", "")
    assert reference.parameter_line(version) == "`version` (default `'v1'`)"


def test_links_to_entries_use_the_anchors_of_their_headings() -> None:
    from markdown.extensions.toc import slugify

    names = list(page_entries())
    assert all(reference.anchor(name) == slugify(name, "-") for name in names)
    links = re.findall(r"\]\(#([\w-]+)\)", PAGE.read_text())
    assert len(links) > 20 and set(links) <= {reference.anchor(name) for name in names}


def test_source_segments_are_the_standard_librarys() -> None:
    """`_Module` slices segments from lines split once (ast.get_source_segment splits the whole
    text on every call, which made the reference most of a cold generate): the same text for
    every node of the package's modules and of a module with every kind of line end."""
    odd = 'x = "é\\u2028"\r\ny = {"a": 1,\r\n     "ü": [1,\n 2]}\n\x0cz = 3\rw = "\x85"\n'
    texts = [path.read_text() for path in (ROOT / "generated").rglob("openai_webhooks/**/*.py")]
    checked = 0
    for text in [*texts, odd]:
        module = reference._Module(text)
        for node in ast.walk(module.tree):
            if isinstance(node, (ast.expr, ast.stmt)):
                assert module._segment(node) == ast.get_source_segment(text, node), node
                checked += 1
    assert checked > 10_000
