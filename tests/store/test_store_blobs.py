"""The content-addressed blob store keeps real scan files whole and once."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from intake.store import BlobError, LocalBlobStore, NotFoundError, hash_file

SCAN = Path("tesseract-ocr-test/testing/phototest.tif")
PDF = Path("OCRmyPDF/tests/resources/skew.pdf")


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_put_file_keys_it_by_sha256_under_two_levels(testdata: Path, tmp_path: Path):
    blobs = LocalBlobStore(tmp_path / "blobs")
    source = testdata / SCAN
    expected = hashlib.sha256(source.read_bytes()).hexdigest()

    sha = blobs.put(source)

    assert sha == expected == hash_file(source)
    assert blobs.path(sha) == tmp_path / "blobs" / sha[:2] / sha[2:4] / sha
    assert blobs.exists(sha) and blobs.size(sha) == source.stat().st_size
    with blobs.open(sha) as stream:
        assert stream.read() == source.read_bytes()
    assert files_under(tmp_path / "blobs") == [blobs.path(sha)]  # no temp file left


def test_putting_the_same_content_again_is_a_no_op(testdata: Path, tmp_path: Path):
    """GIVEN a stored PDF WHEN it is put again, as a path and as bytes THEN the same key
    comes back and the stored file is not rewritten."""
    blobs = LocalBlobStore(tmp_path / "blobs")
    source = testdata / PDF
    sha = blobs.put(source)
    stored = blobs.path(sha)
    inode = stored.stat().st_ino

    assert blobs.put(source) == sha
    assert blobs.put(source.read_bytes()) == sha
    assert stored.stat().st_ino == inode
    assert files_under(tmp_path / "blobs") == [stored]


def test_concurrent_puts_of_one_content_leave_one_whole_file(testdata: Path, tmp_path: Path):
    blobs = LocalBlobStore(tmp_path / "blobs")
    data = (testdata / PDF).read_bytes()
    keys: list[str] = []
    start = threading.Barrier(4)

    def put() -> None:
        start.wait()
        keys.append(blobs.put(data))

    threads = [threading.Thread(target=put) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1 and len(keys) == 4
    assert blobs.path(keys[0]).read_bytes() == data
    assert files_under(tmp_path / "blobs") == [blobs.path(keys[0])]


def test_a_failed_write_leaves_no_blob_and_no_temp_file(testdata: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch):
    """GIVEN a disk that fails at the final rename (fault injected) WHEN a scan is put
    THEN a BlobError is raised, and neither a partial blob nor a temp file remains."""
    blobs = LocalBlobStore(tmp_path / "blobs")
    source = testdata / SCAN

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(BlobError):
        blobs.put(source)
    with pytest.raises(BlobError):
        blobs.put(source.read_bytes())
    monkeypatch.undo()

    assert not blobs.exists(hash_file(source))
    assert files_under(tmp_path / "blobs") == []


def test_missing_and_malformed_keys_are_not_found(tmp_path: Path):
    blobs = LocalBlobStore(tmp_path / "blobs")
    missing = "0" * 64
    assert not blobs.exists(missing) and blobs.path(missing) is None
    with pytest.raises(NotFoundError):
        blobs.open(missing)
    with pytest.raises(NotFoundError):
        blobs.size(missing)
    with pytest.raises(NotFoundError):
        blobs.open("../../etc/passwd")
