"""Stations: the watched folders and the defaults of the desk that scans into each.

Declared in a TOML file, one ``[[stations]]`` table per desk::

    [[stations]]
    name = "desk-1"
    folder = "/srv/scans/desk-1"     # relative paths are relative to the TOML file
    unit = "000.00.19.H55"
    procedure = "1.001193"
    operator = "nguyen.van.an"
    observer = "auto"                 # auto | native | polling
    ignore = ["*.bak"]                # extra ignore patterns, optional

Other top-level tables are left alone, so the file may carry more of the service's
configuration. Validation happens here, at the edge, with pydantic; the rest of the
watcher works with the frozen ``Station`` value.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from intake.errors import IntakeError

log = logging.getLogger(__name__)


class ObserverMode(StrEnum):
    AUTO = "auto"
    NATIVE = "native"
    POLLING = "polling"


class StationConfigError(IntakeError):
    """The station configuration cannot be used; the message says where and why."""

    code = "bad_station_config"
    exit_code = 2


@dataclass(frozen=True, slots=True)
class Station:
    name: str
    folder: Path
    unit: str = ""
    procedure: str = ""
    operator: str = ""
    observer: ObserverMode = ObserverMode.AUTO
    ignore: tuple[str, ...] = ()


class _StationEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    folder: str = Field(min_length=1)
    unit: str = ""
    procedure: str = ""
    operator: str = ""
    observer: ObserverMode = ObserverMode.AUTO
    ignore: list[str] = []

    @field_validator("name")
    @classmethod
    def _printable_name(cls, name: str) -> str:
        if not name.isprintable():
            raise ValueError("must not contain control characters")
        return name


def load_stations(path: Path) -> list[Station]:
    """Read and validate the stations of the TOML file at ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StationConfigError(f"cannot read station config: {exc}", source=str(path)) from exc
    return parse_stations(text, base_dir=Path(path).parent, source=str(path))


def parse_stations(text: str, *, base_dir: Path, source: str = "stations") -> list[Station]:
    """Validate TOML ``text``; relative folders are taken relative to ``base_dir``."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StationConfigError(f"not valid TOML: {exc}", source=source) from exc
    entries = document.get("stations")
    if not isinstance(entries, list) or not entries:
        raise StationConfigError("no [[stations]] tables: declare at least one station", source=source)
    stations = [_station_from_entry(index, entry, base_dir, source) for index, entry in enumerate(entries)]
    check_stations(stations, source=source)
    return stations


def default_station(
    folder: Path,
    *,
    name: str | None = None,
    unit: str = "",
    procedure: str = "",
    operator: str = "",
    observer: ObserverMode = ObserverMode.AUTO,
) -> Station:
    """The single station of ``intake serve --watch FOLDER``: named after the folder."""
    absolute = Path(os.path.abspath(Path(folder).expanduser()))
    return Station(
        name=name or absolute.name or "default",
        folder=absolute,
        unit=unit,
        procedure=procedure,
        operator=operator,
        observer=ObserverMode(observer),
    )


def check_stations(stations: list[Station], *, source: str = "stations") -> None:
    """Raise ``StationConfigError`` for duplicate names or folders that overlap."""
    seen: dict[str, Station] = {}
    for station in stations:
        if station.name in seen:
            raise StationConfigError(f"station name {station.name!r} is used twice", source=source)
        for other in seen.values():
            if _overlaps(station.folder, other.folder):
                raise StationConfigError(
                    f"stations {other.name!r} and {station.name!r} watch overlapping folders "
                    f"({other.folder} and {station.folder}); each file must belong to one station",
                    source=source,
                )
        seen[station.name] = station


def station_as_record(station: Station) -> dict:
    """A JSON-ready copy of ``station`` (kept in claim manifests)."""
    return {
        "name": station.name,
        "folder": str(station.folder),
        "unit": station.unit,
        "procedure": station.procedure,
        "operator": station.operator,
        "observer": str(station.observer),
        "ignore": list(station.ignore),
    }


def station_from_record(record: dict) -> Station:
    """The inverse of ``station_as_record``."""
    return Station(
        name=record["name"],
        folder=Path(record["folder"]),
        unit=record.get("unit", ""),
        procedure=record.get("procedure", ""),
        operator=record.get("operator", ""),
        observer=ObserverMode(record.get("observer", ObserverMode.AUTO)),
        ignore=tuple(record.get("ignore", ())),
    )


def _station_from_entry(index: int, entry: object, base_dir: Path, source: str) -> Station:
    label = f"stations[{index}]"
    if isinstance(entry, dict) and isinstance(entry.get("name"), str):
        label += f" ({entry['name']!r})"
    if not isinstance(entry, dict):
        raise StationConfigError(f"{label}: expected a table, got {type(entry).__name__}", source=source)
    try:
        valid = _StationEntry.model_validate(entry)
    except ValidationError as exc:
        raise StationConfigError(f"{label}: {_describe(exc)}", source=source) from exc
    folder = Path(valid.folder).expanduser()
    if not folder.is_absolute():
        folder = base_dir / folder
    return Station(
        name=valid.name,
        folder=Path(os.path.abspath(folder)),
        unit=valid.unit,
        procedure=valid.procedure,
        operator=valid.operator,
        observer=valid.observer,
        ignore=tuple(valid.ignore),
    )


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "entry"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = f"unknown key (allowed: {', '.join(_StationEntry.model_fields)})"
        elif error["type"] == "enum":
            message = f"must be one of {', '.join(mode.value for mode in ObserverMode)}, got {error['input']!r}"
        problems.append(f"{where}: {message}")
    return "; ".join(problems)


def _overlaps(first: Path, second: Path) -> bool:
    return first == second or first.is_relative_to(second) or second.is_relative_to(first)
