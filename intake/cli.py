"""The ``intake`` command. One handler maps IntakeError to an exit code."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from intake import __version__
from intake.errors import IntakeError
from intake.logcontext import configure_logging
from intake.settings import Settings

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    configure_logging(logging.DEBUG if args.verbose else logging.WARNING)
    try:
        return args.run(args)
    except IntakeError as exc:
        print(f"intake: {exc.code}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("intake: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    settings = Settings()
    parser = argparse.ArgumentParser(prog="intake", description="Scan intake for one-stop-shop offices.")
    parser.add_argument("--version", action="version", version=f"intake {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every step")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    process = commands.add_parser("process", help="turn scanner files into dossier PDFs + JSON")
    process.add_argument("files", nargs="+", type=Path, metavar="FILE",
                         help="scanner files, one batch, in order (a folder means its files, sorted)")
    process.add_argument("--out", required=True, type=Path, metavar="DIR")
    process.add_argument("--workers", type=int, default=settings.workers)
    process.add_argument("--lang", default=settings.ocr_languages, help="tesseract languages (vie+eng)")
    process.add_argument("--ocr-timeout", type=float, default=settings.ocr_timeout_s, metavar="SECONDS")
    process.add_argument("--procedure-code", default=None, help="procedure code (mã TTHC) for the sidecars")
    process.add_argument("--keep-blank", action="store_true", default=settings.keep_blank_pages,
                         help="keep blank backs in the PDF instead of dropping them")
    process.add_argument("--keep-separators", action="store_true", default=settings.keep_separator_pages,
                         help="keep receipt cover sheets in the PDF")
    process.add_argument("--no-progress", action="store_true", help="no progress bar")
    process.set_defaults(run=_run_process, settings=settings)
    return parser


def _run_process(args: argparse.Namespace) -> int:
    from intake.batch_command import run_batch

    return run_batch(args)


if __name__ == "__main__":
    sys.exit(main())
