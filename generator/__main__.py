"""`python -m generator`."""

import sys

from .stamp import answer

# An unchanged tree is answered from the stamp before the command line (argparse, pathlib,
# dataclasses) is even imported.
code = answer(sys.argv[1:])
if code is None:
    from .cli import main
    from .models_worker import fewer_collections

    fewer_collections()
    code = main(stamp_read=True)
sys.exit(code)
