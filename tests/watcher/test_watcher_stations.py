from pathlib import Path

import pytest

from watcher.stations import (
    ObserverMode,
    Station,
    StationConfigError,
    default_station,
    load_stations,
    parse_stations,
    station_as_record,
    station_from_record,
)

GOOD = """
[service]
port = 8080

[[stations]]
name = "desk-1"
folder = "/srv/scans/desk-1"
unit = "000.00.19.H55"
procedure = "1.001193"
operator = "nguyen.van.an"
observer = "polling"
ignore = ["*.bak"]

[[stations]]
name = "Bàn 2"
folder = "scans/desk-2"
"""


def test_load_stations_reads_every_station_with_its_defaults(tmp_path):
    config = tmp_path / "stations.toml"
    config.write_text(GOOD, encoding="utf-8")

    first, second = load_stations(config)

    assert first == Station(
        name="desk-1", folder=Path("/srv/scans/desk-1"), unit="000.00.19.H55", procedure="1.001193",
        operator="nguyen.van.an", observer=ObserverMode.POLLING, ignore=("*.bak",),
    )
    assert second.name == "Bàn 2"
    assert second.folder == tmp_path / "scans" / "desk-2"  # relative to the TOML file
    assert second.observer is ObserverMode.AUTO and second.unit == ""


@pytest.mark.parametrize(
    "entry, expected",
    [
        ('name = "desk-3"\nfolder = "/a"\nobserver = "inotify"', "stations[0] ('desk-3'): observer: must be one of auto, native, polling, got 'inotify'"),
        ('name = "desk-3"', "stations[0] ('desk-3'): folder: Field required"),
        ('name = "desk-3"\nfolder = "/a"\nprocedur = "1.001193"', "stations[0] ('desk-3'): procedur: unknown key"),
        ('name = ""\nfolder = "/a"', "stations[0] (''): name: String should have at least 1 character"),
        ('name = "desk-3"\nfolder = 7', "stations[0] ('desk-3'): folder: Input should be a valid string"),
    ],
)
def test_a_bad_station_entry_says_which_station_and_which_key(tmp_path, entry, expected):
    with pytest.raises(StationConfigError) as caught:
        parse_stations(f"[[stations]]\n{entry}\n", base_dir=tmp_path, source="stations.toml")

    assert expected in str(caught.value)
    assert str(caught.value).startswith("stations.toml: ")
    assert caught.value.code == "bad_station_config"


@pytest.mark.parametrize(
    "text, expected",
    [
        ('[[stations]]\nname = "a"\nfolder = "/x"\n[[stations]]\nname = "a"\nfolder = "/y"', "'a' is used twice"),
        ('[[stations]]\nname = "a"\nfolder = "/x"\n[[stations]]\nname = "b"\nfolder = "/x/sub"', "overlapping folders"),
        ("[service]\nport = 1", "no [[stations]] tables"),
        ('[[stations]\nname = "a"', "not valid TOML"),
    ],
)
def test_station_files_that_cannot_work_are_refused(tmp_path, text, expected):
    with pytest.raises(StationConfigError) as caught:
        parse_stations(text, base_dir=tmp_path)

    assert expected in str(caught.value)


def test_a_missing_config_file_is_a_station_config_error(tmp_path):
    with pytest.raises(StationConfigError, match="cannot read station config"):
        load_stations(tmp_path / "absent.toml")


def test_default_station_is_named_after_its_folder(tmp_path):
    station = default_station(tmp_path / "scans", unit="38.98.H29")

    assert station.name == "scans" and station.folder == tmp_path / "scans"
    assert station.unit == "38.98.H29" and station.observer is ObserverMode.AUTO


def test_a_station_survives_the_round_trip_through_a_manifest_record(tmp_path):
    station = Station("desk-1", tmp_path, "U1", "1.001193", "an", ObserverMode.NATIVE, ("*.bak",))

    assert station_from_record(station_as_record(station)) == station
