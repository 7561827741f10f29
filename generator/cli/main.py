"""Command line: generate, check, validate, diff, tag, scaffold. Exit 0 ok, 1 spec errors or drift, 2 usage."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, SpecError
from ..fastpath.resources import InstallError
from ..fastpath.stamp import fingerprint, read_stamp, report, write_stamp
from ..inputs import DEFAULT_CATALOG, DEFAULT_OUT, DEFAULT_WEBHOOKS, Inputs, news_beside
from ..output.format import FormatError
from .invoked import command, has_make_targets

if TYPE_CHECKING:
    from ..models.worker import ModelsWorker
    from ..pipeline import Outcome

# Only stdlib and the light modules above are imported at start-up: an unchanged tree is
# answered from the cache's stamp before jinja2, yaml, pydantic or the loaders are imported.


def _optional_path(text: str) -> Path | None:
    """A path option; the empty string means "no such input"."""
    return Path(text) if text else None


def _out_path(text: str) -> Path:
    """The --out option: Path('') would quietly mean the working directory."""
    if not text:
        raise argparse.ArgumentTypeError("empty path; name the output directory")
    return Path(text)


def _version(text: str) -> str:
    """The --version option: X.Y.Z, checked before any work (a malformed one is a usage error)."""
    from ..release.versioning import parse_version

    try:
        parse_version(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _inputs_arguments(parser: argparse.ArgumentParser, *, out: bool = True) -> None:
    parser.add_argument(
        "--webhooks",
        type=_optional_path,
        default=DEFAULT_WEBHOOKS,
        help="OpenAPI 3.1 webhook spec (YAML or JSON); '' for none",
    )
    parser.add_argument(
        "--catalog",
        type=_optional_path,
        default=DEFAULT_CATALOG,
        help="resource catalog JSON; '' for none",
    )
    if out:
        parser.add_argument(
            "--out",
            type=_out_path,
            default=DEFAULT_OUT,
            help="output directory (default: generated)",
        )
        parser.add_argument(
            "--news",
            type=_optional_path,
            default=None,
            help="folder of release-note fragments <slug>.<kind>.md (default: news beside --out);"
            " '' for none",
        )
        parser.add_argument(
            "-q",
            "--quiet",
            action="store_true",
            help="do not print the specs' warnings (errors are always printed)",
        )


def _release_diff_arguments(diff: argparse.ArgumentParser) -> None:
    # Left out of the namespace unless given: with OLD and NEW they would be ignored, so giving
    # them there is refused (see _check_diff).
    for option, kind, default in (
        ("--webhooks", _optional_path, DEFAULT_WEBHOOKS),
        ("--catalog", _optional_path, DEFAULT_CATALOG),
        ("--out", _out_path, DEFAULT_OUT),
    ):
        diff.add_argument(
            option,
            type=kind,
            default=argparse.SUPPRESS,
            help=f"without OLD and NEW (default: {default})",
        )
    diff.add_argument(
        "--since",
        metavar="REV",
        default=argparse.SUPPRESS,
        help="without OLD and NEW: the release as git commit REV holds it (HEAD: what this"
        " commit would change), not as the working tree does",
    )


def _check_diff(arguments: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse a diff whose files and options do not make one comparison."""
    given = vars(args)
    options = [f"--{name}" for name in ("webhooks", "catalog", "out", "since") if name in given]
    if args.old is not None and args.new is None:
        arguments.error("diff takes OLD and NEW, or neither (the release in --out and the specs)")
    if args.old is not None and options:
        arguments.error(f"{', '.join(options)}: only for a diff without OLD and NEW")
    if args.old == args.new == "-":
        arguments.error("only one of OLD and NEW can be - (standard input)")
    if "since" in given:
        from .committed import revision_problem

        problem = revision_problem(args.since)
        if problem is not None:
            arguments.error(problem)


def parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m generator`."""
    root = argparse.ArgumentParser(prog=command(), description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="write the generated package")
    _inputs_arguments(generate)
    generate.add_argument(
        "--version", type=_version, help="pin the next version (not lower than the computed bump)"
    )
    _inputs_arguments(
        commands.add_parser("check", help="exit 1 when the output directory is stale")
    )
    validate = commands.add_parser("validate", help="report errors, warnings and the merge")
    _inputs_arguments(validate, out=False)
    validate.add_argument(
        "--api",
        type=Path,
        metavar="DOC",
        help="an OpenAPI 3.x document of the API (YAML or JSON) to cross-check the catalog with",
    )
    validate.add_argument(
        "--strict", action="store_true", help="with --api: exit 1 when the catalog mismatches it"
    )
    diff = commands.add_parser(
        "diff",
        help="classify the changes between two specs or two manifests; without them, between"
        " the release in --out and the specs",
        description="The changes from OLD to NEW and the semver bump they imply. Without OLD"
        " and NEW: from the release in --out (its _manifest.json) to the specs --webhooks and"
        " --catalog (news fragments are not counted). Reads, never writes.",
    )
    diff.add_argument(
        "old",
        nargs="?",
        metavar="OLD",
        help="old spec file (webhooks YAML or catalog JSON) or _manifest.json;"
        " - for standard input (OLD or NEW, not both)",
    )
    diff.add_argument("new", nargs="?", metavar="NEW", help="new spec file or _manifest.json, or -")
    _release_diff_arguments(diff)
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.add_argument(
        "--fail-on", choices=("breaking", "never"), default="never", help="exit 1 on a major change"
    )
    tag = commands.add_parser(
        "tag", help="print the git tag naming the release the output directory holds"
    )
    tag.add_argument(
        "--out", type=_out_path, default=DEFAULT_OUT, help="output directory (default: generated)"
    )
    scaffold = commands.add_parser(
        "scaffold", help="write an editable handler module (never overwrites)"
    )
    scaffold.add_argument("target", type=Path, help="the .py file to create")
    _inputs_arguments(scaffold, out=False)
    return root


def _print(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def main(argv: Sequence[str] | None = None, *, stamp_read: bool = False) -> int:
    """Run one command; returns the exit code. `stamp_read`: the caller already found no
    current stamp (`python -m generator` asks before importing this module), so a generate or
    check does not hash the inputs and read the tree again to ask once more."""
    arguments = parser()
    args = arguments.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # to name `generate` with them
    if getattr(args, "strict", False) and args.api is None:
        arguments.error("--strict needs --api DOC: it is about the cross-check")
    if args.command == "diff":
        _check_diff(arguments, args)
    try:
        return _run(args, stamp_read)
    except SpecError as exc:
        # diff shows no warnings when it succeeds (`validate` lists them): nor when it fails.
        quiet = getattr(args, "quiet", False) or args.command == "diff"
        _print([d for d in exc.diagnostics if not (quiet and d.level == "warning")])
        errors = sum(1 for d in exc.diagnostics if d.level == "error")
        print(f"{errors} error{'s' if errors != 1 else ''}; nothing written", file=sys.stderr)
        return 1
    except FormatError as exc:  # ruff missing or refusing the rendered code: nothing written
        print(f"error: {exc.summary()}; nothing written", file=sys.stderr)
        return 1
    except InstallError as exc:
        print(f"error: {exc}; nothing written", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, stamp_read: bool) -> int:
    if args.command == "diff":
        from ..output.write import OutputError
        from .diff import run_diff, run_release_diff

        if args.old is not None:
            return run_diff(args.old, args.new, args.format, args.fail_on)
        given = vars(args)
        inputs = Inputs(
            given.get("webhooks", DEFAULT_WEBHOOKS), given.get("catalog", DEFAULT_CATALOG)
        )
        out = given.get("out", DEFAULT_OUT)
        try:
            return run_release_diff(inputs, out, args.format, args.fail_on, given.get("since"))
        except OutputError as exc:  # --out is unusable: a usage error, as for check
            print(exc, file=sys.stderr)
            return 2
    if args.command == "tag":
        return _tag(args.out)
    news = getattr(args, "news", None)
    if news is None and hasattr(args, "out"):
        news = news_beside(args.out)
    elif news is not None and not str(news):
        news = None
    inputs = Inputs(args.webhooks, args.catalog, news)
    if (
        not stamp_read
        and args.command in ("generate", "check")
        and getattr(args, "version", None) is None
    ):
        stamp = read_stamp([str(p) for p in inputs.files()], str(args.out), _news(inputs))
        if stamp is not None:
            return report(str(args.out), stamp, quiet=args.quiet)
    if args.command not in ("generate", "check"):
        return _inspect(args, inputs)
    from ..models.worker import ModelsWorker, expected_helpers

    # Started before the rendering stack is imported, so its own import runs alongside ours.
    worker = ModelsWorker(helpers=expected_helpers(_spec_bytes(inputs.webhooks)))
    try:
        return _write_or_check(args, inputs, worker)
    finally:
        worker.close()


def _spec_bytes(path: Path | None) -> bytes:
    """A webhook spec file's bytes; empty when absent, unreadable (loading it will say why) or
    over the size limit (loading refuses it)."""
    try:
        if path is None or path.stat().st_size > 64 * 1024 * 1024:
            return b""
        return path.read_bytes()
    except OSError:
        return b""


def _tag(out: Path) -> int:
    """Print the tag of the release in `out` (`make tag` creates it)."""
    from ..release.manifest import read_manifest
    from ..release.versioning import release_tag

    manifest = read_manifest(out)
    if manifest is None:
        message = f"no generated tree here (no manifest); run `{command()} generate`"
        print(f"{out}: error: {message}", file=sys.stderr)
        return 1
    print(release_tag(str(manifest["version"])))
    return 0


def _inspect(args: argparse.Namespace, inputs: Inputs) -> int:
    """validate or scaffold."""
    from ..parse.build import build_spec

    if args.command == "validate":
        from .merge_report import merge_report

        spec = build_spec(inputs)
        _print(spec.diagnostics)
        print(merge_report(spec), end="")
        if args.api is None:
            return 0
        from .crosscheck import run_crosscheck

        return run_crosscheck(spec, inputs.catalog, args.api, strict=args.strict)
    from .scaffold import scaffold

    return scaffold(build_spec(inputs), args.target)


def _write_or_check(args: argparse.Namespace, inputs: Inputs, worker: ModelsWorker) -> int:
    from ..output.write import OutputError
    from ..pipeline import PinError

    try:
        return _write_or_check_out(args, inputs, worker)
    except (OutputError, PinError) as exc:  # --out or --version is unusable: a usage error
        print(exc, file=sys.stderr)
        return 2


def _write_or_check_out(args: argparse.Namespace, inputs: Inputs, worker: ModelsWorker) -> int:
    from .. import pipeline  # the rendering stack is only needed past validation

    # Taken before the inputs are read: an input saved again during the run then fails to
    # match next time, instead of the stamp vouching for output made from the old text.
    before = _fingerprint(inputs)
    if args.command == "generate":
        outcome = pipeline.generate(inputs, args.out, version=args.version, worker=worker)
        _warn(outcome, args.quiet)
        if not outcome.news:  # else the fragments it deleted made `before` stale
            _stamp(before, args.out, outcome)
        if not outcome.drift:
            print(f"{args.out}: up to date (version {outcome.version})")
            return 0
        _report_release(args.out, outcome)
        return 0
    outcome = pipeline.check(inputs, args.out, worker=worker)
    _warn(outcome, args.quiet)
    if not outcome.drift:
        _stamp(before, args.out, outcome)
        print(f"{args.out}: up to date (version {outcome.version})")
        return 0
    if not args.out.is_dir() or not any(args.out.iterdir()):
        # Nothing generated there yet: one line, not a line for each file of the package.
        print(f"{args.out} holds no generated package yet; run {_generate_again(args.argv)}")
        return 1
    print(f"{args.out} is stale; run {_generate_again(args.argv)}:")
    # Named from the output directory's side: what generate would write, delete, rewrite.
    for label, names in (
        ("missing", outcome.added),
        ("extra file", outcome.removed),
        ("changed", outcome.changed),
    ):
        for name in names:
            print(f"  {label}: {name}")
    for fragment in outcome.news:
        print(f"  news fragment not yet released: {fragment.path}")
    return 1


def _generate_again(argv: list[str]) -> str:
    """The command that brings the output up to date: this check's, as generate."""
    again = f"`{command()} {shlex.join(['generate', *argv[1:]])}`"
    # `make generate` runs generate with the default inputs and output: not for other options.
    defaults = not set(argv[1:]) - {"-q", "--quiet"}
    return f"`make generate` (or {again})" if has_make_targets() and defaults else again


def _warn(outcome: Outcome, quiet: bool) -> None:
    if not quiet:
        _print(outcome.warnings)


def _report_release(out: Path, outcome: Outcome) -> None:
    """What generate wrote: the files, and the release it made with the tag that names it."""
    count = len(outcome.added) + len(outcome.removed) + len(outcome.changed)
    print(f"{out}: {count} files changed; version {outcome.version}")
    if outcome.version != outcome.previous:
        print(
            f"  release {outcome.version}; tag {outcome.tag} once committed"
            f" ({'`make tag`, or ' if has_make_targets() else ''}`git tag {outcome.tag}`)"
        )
    for change in outcome.changes:
        print(f"  {change.line()}")
    for fragment in outcome.news:
        print(f"  released and removed news fragment {fragment.path}")


def _news(inputs: Inputs) -> str | None:
    return None if inputs.news is None else str(inputs.news)


def _fingerprint(inputs: Inputs) -> str | None:
    try:
        return fingerprint([str(p) for p in inputs.files()], _news(inputs))
    except OSError:
        return None  # an unreadable input: the run reports it, located; no stamp


def _stamp(before: str | None, out: Path, outcome: Outcome) -> None:
    """Remember that `out` is current, so the next unchanged run returns at once."""
    if before is None:
        return
    warnings = [d.format() for d in outcome.warnings]
    write_stamp(before, str(out), tree=outcome.digest, version=outcome.version, warnings=warnings)
