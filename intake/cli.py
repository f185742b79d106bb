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
    _add_service_commands(commands, settings)
    return parser


def _add_service_commands(commands: argparse._SubParsersAction, settings: Settings) -> None:
    from intake.serve_command import add_serve_arguments

    serve = commands.add_parser("serve", help="run the watcher, workers and API together")
    add_serve_arguments(serve)
    serve.set_defaults(run=_run_serve, settings=settings)

    keys = commands.add_parser("keys", help="API keys").add_subparsers(required=True, metavar="ACTION")
    create = keys.add_parser("create", help="make a key; it is printed alone on the last line")
    create.add_argument("--role", required=True, choices=("scanner", "officer", "service", "admin"))
    create.add_argument("--unit", metavar="CODE", help="only this unit's records")
    create.add_argument("--label", help="who or what the key is for")
    create.add_argument("--data-dir", type=Path, metavar="DIR")
    create.set_defaults(run=_run_keys_create, settings=settings)
    listing = keys.add_parser("list", help="the keys (never the secrets)")
    listing.add_argument("--all", action="store_true", help="revoked keys too")
    listing.add_argument("--data-dir", type=Path, metavar="DIR")
    listing.set_defaults(run=_run_keys_list, settings=settings)
    revoke = keys.add_parser("revoke", help="cut a key off at once (its sessions end too)")
    revoke.add_argument("key_id", type=int, metavar="ID", help="the key's id (see keys list)")
    revoke.add_argument("--data-dir", type=Path, metavar="DIR")
    revoke.set_defaults(run=_run_keys_revoke, settings=settings)

    stations = commands.add_parser("stations", help="list the configured stations")
    stations.add_argument("--stations", type=Path, metavar="FILE")
    stations.add_argument("--watch", type=Path, metavar="FOLDER")
    stations.set_defaults(run=_run_stations, settings=settings)


def _run_process(args: argparse.Namespace) -> int:
    from intake.batch_command import run_batch

    return run_batch(args)


def _run_serve(args: argparse.Namespace) -> int:
    from intake.serve_command import run_serve

    return run_serve(args)


def _run_keys_create(args: argparse.Namespace) -> int:
    from intake.keys_command import run_keys_create

    return run_keys_create(args)


def _run_keys_list(args: argparse.Namespace) -> int:
    from intake.keys_command import run_keys_list

    return run_keys_list(args)


def _run_keys_revoke(args: argparse.Namespace) -> int:
    from intake.keys_command import run_keys_revoke

    return run_keys_revoke(args)


def _run_stations(args: argparse.Namespace) -> int:
    from intake.keys_command import run_stations

    return run_stations(args)


if __name__ == "__main__":
    sys.exit(main())
