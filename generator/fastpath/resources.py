"""Where the generator finds its templates: inside the package when installed from a wheel
(pyproject.toml maps the top-level templates/ to `generator/templates`), at the repository's top
level in a checkout or an editable install. Standard library only: the no-op path imports it."""

from __future__ import annotations

import os

from .tree import tree_files

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # generator/
_INSTALLED = os.path.join(_PACKAGE, "templates")
TEMPLATES = (
    _INSTALLED
    if os.path.isdir(_INSTALLED)
    else os.path.join(os.path.dirname(_PACKAGE), "templates")
)
# Rendered through Jinja; every other file under TEMPLATES is copied verbatim.
TEMPLATE_SUFFIX = ".jinja"
# Templates under this folder are not part of the package (scaffold writes them elsewhere).
NOT_OUTPUT = "_scaffold/"


def package_templates() -> list[str]:
    """The files under TEMPLATES the package is made of, sorted: not the scaffold's."""
    return [name for name in tree_files(TEMPLATES) if not name.startswith(NOT_OUTPUT)]


class InstallError(RuntimeError):
    """The generator's own files are missing: a broken install, not a spec problem."""


def check_templates() -> None:
    """Raise InstallError when the templates are not where this install should have them."""
    if not os.path.isfile(os.path.join(TEMPLATES, "pyproject.toml" + TEMPLATE_SUFFIX)):
        raise InstallError(
            f"the generator's templates are missing (looked in {TEMPLATES}); "
            "reinstall openai-webhooks-generator"
        )
