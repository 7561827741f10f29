"""`python -m generator`, and the console script `openai-webhooks-generator`."""

import os
import sys

from .fastpath.stamp import answer


def run() -> int:
    # An unchanged tree is answered from the stamp before the command line (argparse, pathlib,
    # dataclasses) is even imported.
    code = answer(sys.argv[1:])
    if code is None:
        from .cli.main import main
        from .models.worker import fewer_collections

        fewer_collections()
        code = main(stamp_read=True)
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def main() -> None:
    """Run the command line and leave the process with its exit code."""
    try:
        code = run()
    except BrokenPipeError:
        # The reader of stdout or stderr went away (`... | head`): the work is done or refused
        # as usual, only the report is lost; exit like a command killed by SIGPIPE, quietly.
        code = 141
    # Every file is written and closed, every thread joined and every worker reaped by now; the
    # interpreter's teardown would only free the heap object by object (about 0.5 s after a big
    # spec), so leave without it.
    os._exit(code)


if __name__ == "__main__":
    main()
