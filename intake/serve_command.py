"""``intake serve``: settings and command-line options in, the running service out.

Command-line options win over ``INTAKE_`` variables, which win over the defaults. Only
this front end reads settings; the service gets plain option values.
"""

from __future__ import annotations

import argparse
import logging
import os
from datetime import timedelta
from pathlib import Path

from intake.batch_command import pipeline_options
from intake.keys_command import configured_stations
from intake.service import ServiceOptions, run_service
from intake.settings import Settings
from intake.store import Store

log = logging.getLogger(__name__)

_OPTION_SETTINGS = {"data_dir": "data_dir", "watch": "watch", "port": "port", "host": "host",
                    "stations": "stations_file", "workers": "workers", "db_url": "db_url"}


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="database, files, work area and quarantine (INTAKE_DATA_DIR, default ./data)")
    parser.add_argument("--watch", type=Path, metavar="FOLDER",
                        help="watch this folder as the one station (INTAKE_WATCH)")
    parser.add_argument("--stations", type=Path, metavar="FILE",
                        help="TOML file of [[stations]] to watch (INTAKE_STATIONS_FILE)")
    parser.add_argument("--host", help="address the API listens on (INTAKE_HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="API port (INTAKE_PORT, default 8080)")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="worker processes (INTAKE_WORKERS, default the CPU count)")
    parser.add_argument("--db-url", metavar="URL",
                        help="database URL (INTAKE_DB_URL, default SQLite in the data folder)")


def serve_settings(args: argparse.Namespace) -> Settings:
    """The settings with the options given on the command line put in."""
    given = {setting: getattr(args, option) for option, setting in _OPTION_SETTINGS.items()
             if getattr(args, option, None) is not None}
    return args.settings.model_copy(update=given)


def service_options(settings: Settings, log_level: int = logging.INFO) -> ServiceOptions:
    stations = tuple(configured_stations(settings))
    return ServiceOptions(
        data_dir=Path(os.path.abspath(settings.data_dir)), stations=stations,
        pipeline=pipeline_options(settings.model_copy(update={"workers": 1})),
        db_url=settings.db_url, host=settings.host, port=settings.port,
        workers=max(1, settings.workers), settle_seconds=settings.settle_seconds,
        rescan_seconds=settings.rescan_seconds, lease_seconds=settings.lease_seconds,
        max_attempts=settings.max_attempts, supervise_seconds=settings.supervise_seconds,
        grace_seconds=settings.grace_seconds,
        originals_retention=timedelta(days=settings.originals_retention_days),
        sweep_seconds=settings.sweep_seconds, log_level=log_level)


def run_serve(args: argparse.Namespace) -> int:
    settings = serve_settings(args)
    level = logging.DEBUG if args.verbose else logging.INFO
    logging.getLogger().setLevel(level)
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))
    options = service_options(settings, level)

    def make_app(store: Store):
        from api.app import create_app

        return create_app(store, settings)

    return run_service(options, make_app)
