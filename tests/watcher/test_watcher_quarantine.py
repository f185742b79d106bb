import hashlib
import json
from datetime import datetime, timezone

import pytest

from intake.quarantine import list_quarantine, quarantine, release


def test_a_quarantined_file_carries_a_json_reason(tmp_path, sample_pdf):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    bad = inbox / "Tờ khai.pdf"
    bad.write_bytes(sample_pdf[:5000])

    moved = quarantine(bad, code="truncated_file", message="pdf has no %%EOF end marker", station="desk-1",
                       quarantine_dir=tmp_path / "quarantine")

    assert not bad.exists() and moved.read_bytes() == sample_pdf[:5000]
    assert moved.parent == tmp_path / "quarantine" and moved.name.endswith("-Tờ_khai.pdf")
    note = json.loads(moved.with_name(moved.name + ".json").read_text(encoding="utf-8"))
    assert note["code"] == "truncated_file" and note["station"] == "desk-1"
    assert note["message"] == "pdf has no %%EOF end marker" and note["original_name"] == "Tờ khai.pdf"
    assert note["sha256"] == hashlib.sha256(sample_pdf[:5000]).hexdigest()
    assert datetime.fromisoformat(note["time"]).utcoffset().total_seconds() == 0


def test_the_quarantine_lists_files_with_their_reasons_oldest_first(tmp_path, sample_pdf):
    qdir = tmp_path / "quarantine"
    for name, code in [("b.pdf", "empty_file"), ("a.json", "unsupported_format")]:
        (tmp_path / name).write_bytes(sample_pdf)
        quarantine(tmp_path / name, code=code, message=code, station="desk-1", quarantine_dir=qdir)
    orphan = qdir / ("f" * 32 + "-no-note.pdf")  # a crash after the move, before the note
    orphan.write_bytes(sample_pdf)

    items = list_quarantine(qdir)

    assert [(item.original_name, item.code) for item in items] == [
        ("no-note.pdf", "unknown"), ("b.pdf", "empty_file"), ("a.json", "unsupported_format"),
    ]
    assert items[1].time <= items[2].time and items[1].time <= datetime.now(timezone.utc)
    assert list_quarantine(tmp_path / "absent") == []


def test_release_puts_the_file_back_under_its_original_name(tmp_path, sample_pdf):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "scan 1.pdf").write_bytes(sample_pdf)
    quarantine(inbox / "scan 1.pdf", code="corrupt_file", message="m", station="s", quarantine_dir=tmp_path / "q")
    (inbox / "scan 1.pdf").write_bytes(b"a newer scan with the same name")

    (item,) = list_quarantine(tmp_path / "q")
    back = release(item)

    assert back == inbox / "scan 1 (1).pdf" and back.read_bytes() == sample_pdf
    assert (inbox / "scan 1.pdf").read_bytes() == b"a newer scan with the same name"
    assert list((tmp_path / "q").iterdir()) == []


def test_release_into_another_folder(tmp_path, sample_pdf):
    (tmp_path / "x.pdf").write_bytes(sample_pdf)
    quarantine(tmp_path / "x.pdf", code="c", message="m", station="s", quarantine_dir=tmp_path / "q")
    (item,) = list_quarantine(tmp_path / "q")
    requeue = tmp_path / "requeue"
    requeue.mkdir()

    assert release(item, requeue) == requeue / "x.pdf"
    with pytest.raises(FileNotFoundError):
        release(item, requeue)
