"""The API reference page, read from the runtime's own code: one source for `help()` and the docs.

`build` parses the package's rendered Python modules with `ast` (nothing is imported: the
package is not installed while it is generated) and returns what `docs/reference.md` lays out:
every name `openai_webhooks` and `openai_webhooks.catalog` export, except the per-event models
and handler methods, which have pages of their own. Signatures and defaults come from the code,
descriptions from Google-style docstrings (`Args:`, `Raises:`, `Returns:`, `Attributes:`), so a
parameter added to the code appears here with its default and its docstring line.

Two conventions keep docstrings short: "The arguments are those of `x`." takes the descriptions
of the parameters it does not describe itself from `x`; and a method taking one argument and no
default (`dispatch(event)`) is described by its summary line.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..ir import Spec
from . import pytext, snippets

PACKAGE = "openai_webhooks"
# Sections in reading order, by the module that defines the names; a module not listed here
# (one the runtime gains later) comes after them, titled by its name.
_SECTIONS = {
    "_http": "HTTP apps",
    "_parse": "Parsing",
    "_signing": "Signatures",
    "handlers": "Handlers",
    "_dedup": "Deduplication",
    "redis_dedup": "Deduplication on Redis",
    "_errors": "Errors",
    "catalog": "Catalog",
    "catalog._runtime": "Catalog requests and records",
}
_DOC_SECTION = re.compile(r"^(Args|Arguments|Attributes|Parameters|Raises|Returns|Yields):\s*$")
_ITEM = re.compile(r"^([\w., *]+?):\s*(.*)$")
_SAME_ARGUMENTS = re.compile(r"[Tt]he arguments are those of `(\w+)`")
_NAME_REFERENCE = re.compile(r"(?<!`)`([A-Za-z_][\w.]*)`(?!`)")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a callable as the reference lists it."""

    name: str  # with its * or ** for variadic parameters
    default: str | None  # Python source of the default, None when required
    default_text: str | None  # the default in words, when its source says nothing to a reader
    description: str  # Markdown, one paragraph; "" when the docstring says nothing


@dataclass(frozen=True)
class Entry:
    """A documented name: a function, class, method, property, type alias or constant."""

    name: str  # as the user writes it: `asgi_app`, `InMemoryDedupStore.claim`
    kind: str  # "function", "class", "method", "property", "alias", "constant"
    signature: str  # Python source declaring it, laid out as ruff format would
    doc: str  # Markdown: the docstring without its sections
    parameters: tuple[Parameter, ...]
    raises: tuple[tuple[str, str], ...]
    returns: str
    members: tuple[Entry, ...]  # a class's public methods and properties

    @property
    def parameters_title(self) -> str:
        """What the parameters are called: a class without `__init__` takes its fields."""
        return (
            "Fields"
            if self.kind == "class" and "def __init__(" not in self.signature
            else "Parameters"
        )

    @property
    def described_by_summary(self) -> bool:
        """A method of one required argument: its summary line says what the argument is."""
        return (
            self.kind == "method"
            and len(self.parameters) == 1
            and self.parameters[0].default is None
            and not self.parameters[0].name.startswith("*")
        )


@dataclass(frozen=True)
class Section:
    """The names one runtime module defines, under the module's title and docstring."""

    title: str
    module: str  # dotted, under the package: `catalog._runtime`
    doc: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class _Docstring:
    text: str
    sections: Mapping[str, tuple[tuple[str, str], ...]]


def build(sources: Mapping[str, str], spec: Spec) -> tuple[Section, ...]:
    """The reference's sections, from the package's modules (`openai_webhooks/x.py` -> text)."""
    modules = {_module_name(path): _Module(text) for path, text in sources.items()}
    everything: dict[str, _Function | ast.ClassDef] = {}
    for module in modules.values():
        for name, node in module.definitions.items():
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                everything.setdefault(name, node)
    skipped = {event.handler_name for event in spec.events if event.envelope}
    skipped |= {hook.handler_name for resource in spec.resources for hook in resource.webhooks}
    wanted: dict[str, list[str]] = {}
    for package in ("", "catalog"):
        for module_name, name in _exports(modules, package):
            wanted.setdefault(module_name, []).append(name)
    order = [m for m in _SECTIONS if m in wanted] + sorted(m for m in wanted if m not in _SECTIONS)
    raw: list[tuple[str, str, tuple[Entry, ...]]] = []
    for module_name in order:
        module = modules[module_name]
        reader = _Reader(module, everything, skipped)
        names = [name for name in module.definitions if name in wanted[module_name]]
        entries = tuple(reader.entry(name) for name in names)  # in the module's own order
        raw.append((module_name, ast.get_docstring(module.tree) or "", entries))
    headings = {e.name for _, _, entries in raw for e in entries}
    headings |= {m.name for _, _, entries in raw for e in entries for m in e.members}
    return tuple(
        Section(
            _SECTIONS.get(name, name),
            name,
            _markdown(doc, headings),
            tuple(_link_entry(e, headings) for e in entries),
        )
        for name, doc, entries in raw
    )


_Function = ast.FunctionDef | ast.AsyncFunctionDef
_Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Assign | ast.AnnAssign


# A line with its end, as ast.get_source_segment splits them.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class _Module:
    """A module's text, its syntax tree and its top-level definitions by name."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines()
        # Split once, as ast.get_source_segment splits (only \r\n, \r and \n end a line; its
        # offsets count UTF-8 bytes): it splits the whole text again on every call, and the
        # reference asks for hundreds of segments, which took most of a cold generate.
        self._encoded: list[bytes] = [line.encode() for line in _LINE.findall(text)]
        self.tree = ast.parse(text)
        self.definitions: dict[str, _Definition] = {}
        for node in self.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.definitions[node.name] = node
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                self.definitions[node.target.id] = node
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.definitions[target.id] = node

    def source(self, node: ast.expr | ast.stmt) -> str:
        """The code of `node` as written (quotes, `100_000`), on one line."""
        return " ".join((self._segment(node) or ast.unparse(node)).split())

    def _segment(self, node: ast.expr | ast.stmt) -> str | None:
        """`ast.get_source_segment(self.text, node)`, from the lines split once."""
        end_line, end_col = node.end_lineno, node.end_col_offset
        if end_line is None or end_col is None:
            return None
        first, last, start = node.lineno - 1, end_line - 1, node.col_offset
        if first == last:
            return self._encoded[first][start:end_col].decode()
        lines = [self._encoded[first][start:], *self._encoded[first + 1 : last]]
        return b"".join([*lines, self._encoded[last][:end_col]]).decode()

    def all(self) -> set[str]:
        """The names of the module's `__all__` list."""
        node = self.definitions.get("__all__")
        if isinstance(node, ast.Assign):
            return {str(name) for name in ast.literal_eval(node.value)}
        return set()

    def after(self, node: ast.stmt) -> str:
        """The string literal right after `node` (an attribute docstring), else ""."""
        body = self.tree.body
        index = body.index(node)
        following = body[index + 1] if index + 1 < len(body) else None
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            return inspect.cleandoc(following.value.value)
        return ""

    def comment_above(self, node: ast.stmt) -> str:
        """The `#` comment lines right above `node`, joined."""
        comment: list[str] = []
        index = node.lineno - 2
        while index >= 0 and self.lines[index].lstrip().startswith("#"):
            comment.insert(0, self.lines[index].lstrip().lstrip("#").strip())
            index -= 1
        return " ".join(comment)


def _module_name(path: str) -> str:
    """`openai_webhooks/catalog/__init__.py` -> `catalog`; `openai_webhooks/_http.py` -> `_http`."""
    parts = path.removesuffix(".py").split("/")[1:]
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _exports(modules: Mapping[str, _Module], package: str) -> Iterable[tuple[str, str]]:
    """(defining module, name) for each name `package` exports from its runtime modules, in
    the order it imports them, then its own definitions. The models and the resource modules
    (pages of their own) are left out."""
    module = modules.get(package)
    if module is None:
        return
    exported = module.all()
    prefix = package + "." if package else ""
    for node in module.tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            if node.module == "models" or prefix + node.module not in modules:
                continue
            for alias in node.names:
                if alias.asname is None and alias.name in exported:
                    yield prefix + node.module, alias.name
    for name in module.definitions:
        if name in exported:
            yield package, name


class _Reader:
    """Entries of one module's names; `everything` finds the callable a docstring defers to."""

    def __init__(
        self, module: _Module, everything: Mapping[str, _Function | ast.ClassDef], skipped: set[str]
    ) -> None:
        self.module = module
        self.everything = everything
        self.skipped = skipped

    def entry(self, name: str) -> Entry:
        """The entry of one exported name."""
        node = self.module.definitions[name]
        if isinstance(node, ast.ClassDef):
            return self.klass(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return self.function(node, name, "function")
        return self.value(node, name)

    def function(
        self,
        node: _Function,
        name: str,
        kind: str,
        indent: str = "",
        extra: Sequence[_Docstring] = (),
    ) -> Entry:
        """A function or method: its signature, and each parameter with its default and docs."""
        doc = _parse_docstring(ast.get_docstring(node) or "")
        described = dict(_described(doc, *extra))
        same = _SAME_ARGUMENTS.search(doc.text)
        other = self.everything.get(same.group(1)) if same else None
        if other is not None:
            for key, text in _described(_parse_docstring(ast.get_docstring(other) or "")):
                described.setdefault(key, text)
        parameters = [
            Parameter(
                shown,
                self.module.source(default) if default is not None else None,
                self.default_text(default),
                described.get(parameter.arg, ""),
            )
            for parameter, shown, default in _parameters(node.args)
        ]
        if kind == "method" and parameters and parameters[0].name in ("self", "cls"):
            parameters.pop(0)
        return Entry(
            name=name,
            kind=kind,
            signature=self.signature(node, indent),
            doc=doc.text,
            parameters=tuple(parameters),
            raises=doc.sections.get("Raises", ()),
            returns=" ".join(text for _, text in doc.sections.get("Returns", ())),
            members=(),
        )

    def klass(self, node: ast.ClassDef) -> Entry:
        """A class: its constructor's parameters (described in the class docstring or in
        `__init__`'s; a dataclass's or model's fields in `Attributes:`), its enum members, and
        its public methods and properties."""
        doc = _parse_docstring(ast.get_docstring(node) or "")
        described = dict(_described(doc))
        bases = [self.module.source(b) for b in node.bases]
        bases = [b for b in bases if not b.startswith("_")]
        lines = ["@" + self.module.source(d) for d in node.decorator_list]
        lines.append(f"class {node.name}({', '.join(bases)}):" if bases else f"class {node.name}:")
        body: list[str] = []
        parameters: list[Parameter] = []
        members: list[Entry] = []
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                body.append("    " + self.module.source(statement))
                value = statement.value
                parameters.append(
                    Parameter(
                        statement.target.id,
                        self.module.source(value) if value is not None else None,
                        self.default_text(value),
                        described.get(statement.target.id, ""),
                    )
                )
            elif isinstance(statement, ast.Assign) and _is_enum(node):
                body.append("    " + self.module.source(statement))
            elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if _is_overload(statement):
                    continue
                if statement.name == "__init__":
                    init = self.function(statement, node.name, "method", "    ", [doc])
                    parameters = list(init.parameters)
                    body.append(("\n" if body else "") + init.signature)
                elif not statement.name.startswith("_") and statement.name not in self.skipped:
                    members.append(self.member(statement, node.name))
        return Entry(
            name=node.name,
            kind="class",
            signature="\n".join(lines) + ("\n" + "\n".join(body) if body else " ..."),
            doc=doc.text,
            parameters=tuple(parameters),
            raises=doc.sections.get("Raises", ()),
            returns="",
            members=tuple(members),
        )

    def member(self, node: _Function, owner: str) -> Entry:
        """A public method or property of a class."""
        qualified = f"{owner}.{node.name}"
        if any(self.module.source(d) == "property" for d in node.decorator_list):
            returns = self.module.source(node.returns) if node.returns else "Any"
            doc = _parse_docstring(ast.get_docstring(node) or "")
            return Entry(qualified, "property", f"{node.name}: {returns}", doc.text, (), (), "", ())
        return self.function(node, qualified, "method")

    def value(self, node: ast.Assign | ast.AnnAssign, name: str) -> Entry:
        """A type alias (its value, and the docstring after it) or a constant (its type, and
        the comment above it: a constant's value is data, not documentation)."""
        annotation = self.module.source(node.annotation) if isinstance(node, ast.AnnAssign) else ""
        if node.value is not None and (annotation == "TypeAlias" or not annotation):
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                shown = value.value  # a forward reference, shown as the type it names
            else:
                shown = self.module.source(value)
            prefix = f"{name}: TypeAlias" if annotation else name
            return Entry(
                name, "alias", f"{prefix} = {shown}", self.module.after(node), (), (), "", ()
            )
        signature = f"{name}: {annotation}"
        return Entry(name, "constant", signature, self.module.comment_above(node), (), (), "", ())

    def signature(self, node: _Function, indent: str = "") -> str:
        """The `def` line(s) of a function with `...` for a body, as ruff format lays them out."""
        items: list[str] = []
        args = node.args
        for parameter, shown, default in _parameters(args):
            if parameter is (args.kwonlyargs[0] if args.kwonlyargs else None) and not args.vararg:
                items.append("*")
            text = shown
            if parameter.annotation is not None:
                text += ": " + self.module.source(parameter.annotation)
                if default is not None:
                    text += " = " + self.module.source(default)
            elif default is not None:
                text += "=" + self.module.source(default)
            items.append(text)
            if args.posonlyargs and parameter is args.posonlyargs[-1]:
                items.append("/")
        keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
        returns = f" -> {self.module.source(node.returns)}" if node.returns else ""
        return snippets.bracketed(f"{keyword} {node.name}(", items, f"){returns}: ...", indent)

    def default_text(self, default: ast.expr | None) -> str | None:
        """A default in words where its code says little: a private sentinel's member
        (`_Default.IN_MEMORY`) reads as that member's text; `field(default_factory=f)` as `f()`."""
        if isinstance(default, ast.Call) and self.module.source(default.func) == "field":
            for keyword in default.keywords:
                if keyword.arg == "default_factory":
                    return f"`{self.module.source(keyword.value)}()`, a new one each time"
        if not isinstance(default, ast.Attribute) or not isinstance(default.value, ast.Name):
            return None
        owner = self.module.definitions.get(default.value.id)
        if not default.value.id.startswith("_") or not isinstance(owner, ast.ClassDef):
            return None
        for statement in owner.body:
            if (
                isinstance(statement, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == default.attr for t in statement.targets)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                return statement.value.value
        return None


def _parameters(args: ast.arguments) -> Iterable[tuple[ast.arg, str, ast.expr | None]]:
    """Every parameter in order: the node, its name as shown (`*args`, `**kwargs`) and its
    default expression (None when required)."""
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    for parameter, default in zip(positional, [*defaults, *args.defaults], strict=True):
        yield parameter, parameter.arg, default
    if args.vararg:
        yield args.vararg, "*" + args.vararg.arg, None
    yield from (
        (parameter, parameter.arg, default)
        for parameter, default in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    )
    if args.kwarg:
        yield args.kwarg, "**" + args.kwarg.arg, None


def _is_enum(node: ast.ClassDef) -> bool:
    return any(ast.unparse(b).split(".")[-1] in ("Enum", "IntEnum", "StrEnum") for b in node.bases)


def _is_overload(node: _Function) -> bool:
    return any(ast.unparse(d).split(".")[-1] == "overload" for d in node.decorator_list)


def _parse_docstring(text: str) -> _Docstring:
    """Split a docstring into its prose and its Google-style sections (`Args:` ...), each a
    tuple of (names, description) with continuation lines joined."""
    prose: list[str] = []
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for line in inspect.cleandoc(text).splitlines():
        header = _DOC_SECTION.match(line)
        if header:
            name = header.group(1)
            name = {"Arguments": "Args", "Parameters": "Args", "Yields": "Returns"}.get(name, name)
            current = sections.setdefault(name, [])
            continue
        if current is None or (line and not line.startswith(" ")):
            current = None
            prose.append(line)
            continue
        stripped = line.strip()
        item = _ITEM.match(stripped)
        if item and line.startswith("    ") and not line.startswith("     "):
            current.append((item.group(1), item.group(2)))
        elif stripped and current:
            key, description = current[-1]
            current[-1] = (key, f"{description} {stripped}".strip())
        elif stripped:
            current.append(("", stripped))
    return _Docstring("\n".join(prose).strip(), {k: tuple(v) for k, v in sections.items()})


def _described(*docs: _Docstring) -> Iterable[tuple[str, str]]:
    """(parameter name, description) from `Args:` (and a dataclass's `Attributes:`)."""
    for doc in docs:
        for section in ("Args", "Attributes"):
            for names, text in doc.sections.get(section, ()):
                for name in names.split(","):
                    yield name.strip().lstrip("*"), text


def anchor(name: str) -> str:
    """The anchor of an entry's heading (`InMemoryDedupStore.claim` -> `inmemorydedupstoreclaim`),
    as both Python-Markdown's toc and GitHub make it from the heading's text."""
    return re.sub(r"[^\w-]", "", name.lower())


def _markdown(text: str, headings: set[str]) -> str:
    """Docstring prose as Markdown: a `name` with a heading on the page links to it."""

    def link(match: re.Match[str]) -> str:
        name = match.group(1)
        for short in (name, name.removeprefix(PACKAGE + ".").removeprefix("catalog.")):
            if short in headings:
                return f"[`{name}`](#{anchor(short)})"
        return match.group(0)

    return _NAME_REFERENCE.sub(link, text)


def _link_entry(entry: Entry, headings: set[str]) -> Entry:
    """`entry` with the names its texts mention linked to their headings."""
    return Entry(
        name=entry.name,
        kind=entry.kind,
        signature=entry.signature,
        doc=_markdown(entry.doc, headings),
        parameters=tuple(
            Parameter(p.name, p.default, p.default_text, _markdown(p.description, headings))
            for p in entry.parameters
        ),
        raises=tuple((error, _markdown(why, headings)) for error, why in entry.raises),
        returns=_markdown(entry.returns, headings),
        members=tuple(_link_entry(member, headings) for member in entry.members),
    )


def parameter_line(parameter: Parameter) -> str:
    """A parameter as the reference lists it: name, default (or "required"), description."""
    if parameter.default_text is not None:
        default = "default: " + parameter.default_text
    elif parameter.default is not None:
        default = "default " + pytext.code(parameter.default)
    elif parameter.name.startswith("*"):
        default = "optional"
    else:
        default = "required"
    line = f"{pytext.code(parameter.name)} ({default})"
    return f"{line}: {parameter.description}" if parameter.description else line


FILTERS = {"reference_parameter": parameter_line}
