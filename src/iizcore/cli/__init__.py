"""The ``iiz`` command line.

Each subcommand lives in its own module of this package with a
``register(subparsers)`` function; :data:`COMMANDS` lists them in help order.
Errors iizcore raises on purpose, and files that cannot be read or written,
are printed as one line (never a traceback) and exit with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Final

from iizcore.cli._case import UsageError
from iizcore.errors import IIZError

__all__ = ["COMMANDS", "build_parser", "main"]

#: Subcommand modules, in the order ``iiz --help`` lists them.
COMMANDS: Final = ("cantons", "network", "schema", "assess", "plan", "report", "costs", "verify")


def build_parser() -> argparse.ArgumentParser:
    """The ``iiz`` argument parser with every subcommand registered."""
    from iizcore import __version__

    parser = argparse.ArgumentParser(
        prog="iiz", description="Swiss interinstitutional collaboration (IIZ), computable."
    )
    parser.add_argument("--version", action="version", version=f"iizcore {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"iizcore.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``iiz`` with ``argv``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except UsageError as exc:
        print(f"iiz {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except IIZError as exc:
        print(f"iiz: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("iiz: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # A file named on the command line that cannot be opened, read or written.
        where = f"{exc.filename}: " if exc.filename is not None else ""
        print(f"iiz: error: {where}{exc.strerror or type(exc).__name__}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print("iiz: error: an input file is not UTF-8", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
