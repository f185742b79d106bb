import pytest

from watcher.ignore import is_ignored, make_ignore_rules


@pytest.mark.parametrize(
    "relative",
    [
        "scan.tmp", "scan.PART", "scan.pdf.crdownload", "~$tokhai.docx", ".hidden.pdf", "Thumbs.db",
        "THUMBS.DB", "desktop.ini", ".DS_Store", "@eaDir/scan.pdf", "@eaDir/x/SYNOFILE_THUMB_M.jpg",
        "#recycle/old.pdf", ".Trashes/501/a.pdf", "sub/.cache/a.pdf", "$RECYCLE.BIN/a.pdf",
    ],
)
def test_temp_and_system_files_are_ignored(tmp_path, relative):
    assert is_ignored(tmp_path / relative, tmp_path, make_ignore_rules())


@pytest.mark.parametrize(
    "relative", ["scan_001.pdf", "Tờ khai.tif", "batch 2/page.jpg", "temp/report.pdf", "part.pdf", "a.tmp.pdf"]
)
def test_scans_are_not_ignored(tmp_path, relative):
    assert not is_ignored(tmp_path / relative, tmp_path, make_ignore_rules())


def test_the_services_own_folders_under_the_watched_folder_are_ignored(tmp_path):
    rules = make_ignore_rules(own_folders=[tmp_path / "work", tmp_path / "quarantine"])

    assert is_ignored(tmp_path / "work" / "claimed" / "x.pdf", tmp_path, rules)
    assert is_ignored(tmp_path / "quarantine", tmp_path, rules)
    assert not is_ignored(tmp_path / "workshop" / "x.pdf", tmp_path, rules)


def test_extra_patterns_add_to_the_defaults(tmp_path):
    rules = make_ignore_rules(extra_patterns=["*.BAK", "archive"])

    assert is_ignored(tmp_path / "scan.bak", tmp_path, rules)
    assert is_ignored(tmp_path / "archive" / "2023.pdf", tmp_path, rules)
    assert is_ignored(tmp_path / "scan.tmp", tmp_path, rules)
    assert not is_ignored(tmp_path / "scan.pdf", tmp_path, rules)


def test_a_path_outside_the_watched_folder_is_ignored(tmp_path):
    assert is_ignored(tmp_path.parent / "elsewhere.pdf", tmp_path, make_ignore_rules())
