"""The tesseract engine: real tesseract on real test images; fake executables only for faults."""

from __future__ import annotations

import os
from dataclasses import replace
import re
import time
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ocr.engine import (OcrEngine, OcrEngineError, OcrEngineMissing, OcrTimeout,
                        TesseractEngine, available_languages, parse_tsv, tesseract_version)
from ocr.model import OcrResult, Word


def load_gray(path: Path) -> np.ndarray:
    return np.array(Image.open(path).convert("L"))


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def single_spaced(text: str) -> str:
    return " ".join(text.split())


def fake_tesseract(tmp_path: Path, body: str) -> str:
    script = tmp_path / "tesseract"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return str(script)


@pytest.fixture(scope="module")
def phototest(testdata: Path) -> tuple[OcrResult, str]:
    folder = testdata / "tesseract-ocr-test" / "testing"
    result = TesseractEngine(languages="eng").recognize(load_gray(folder / "phototest.tif"), dpi=200)
    return result, (folder / "phototest.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def vietnamese_letters(testdata: Path) -> OcrResult:
    """jTessBoxEditor's sample page: every Vietnamese letter with every tone mark."""
    image = load_gray(testdata / "jTessBoxEditor" / "samples" / "vie" / "vie.times.exp0.tif")
    return TesseractEngine().recognize(image, dpi=300)


def test_tesseract_engine_is_an_ocr_engine():
    assert isinstance(TesseractEngine(), OcrEngine)
    assert TesseractEngine().name == "tesseract"


def test_reads_a_vietnamese_word(testdata: Path):
    image = load_gray(testdata / "tesseract-ocr-test" / "testing" / "viet.tif")
    result = TesseractEngine().recognize(image, dpi=300)
    assert [w.text for w in result.words] == ["tiếng"]
    assert result.text == "tiếng"
    assert 0 < result.confidence <= 1


def test_phototest_character_error_rate_below_two_percent(phototest):
    result, truth = phototest
    read, expected = single_spaced(result.text), single_spaced(truth)
    assert edit_distance(read, expected) / len(expected) < 0.02


def test_words_come_in_reading_order(phototest):
    """GIVEN phototest (two paragraphs) WHEN read THEN lines come top to bottom, words left
    to right, a blank line between the paragraphs, and the first line as printed."""
    result, _ = phototest
    assert result.text.split("\n")[0] == "This is a lot of 12 point text to test the"
    assert "of file format.\n\nThe quick brown dog" in result.text
    lines = [w.line for w in result.words]
    assert lines == sorted(lines)
    for before, after in zip(result.words, result.words[1:]):
        if before.line == after.line:
            assert before.bbox[2] <= after.bbox[0]
        else:
            assert before.bbox[1] < after.bbox[3]


def test_every_word_is_nfc_with_a_box_inside_the_page(vietnamese_letters):
    result = vietnamese_letters
    assert len(result.words) > 20
    assert "ư" in result.text and "ệ" in result.text
    for word in result.words:
        left, top, right, bottom = word.bbox
        assert unicodedata.is_normalized("NFC", word.text)
        assert word.text.strip() == word.text != ""
        assert 0 <= left < right <= result.width and 0 <= top < bottom <= result.height
        assert 0 <= word.confidence <= 1


def test_tsv_rows_become_nfc_words_without_empty_or_unscored_rows():
    """GIVEN tesseract TSV with a decomposed word, an empty word and a conf -1 row
    WHEN parsed THEN only real words remain, NFC, with 0..1 confidence and exclusive boxes."""
    header = "\t".join(["level", "page_num", "block_num", "par_num", "line_num", "word_num",
                        "left", "top", "width", "height", "conf", "text"])
    rows = [
        "4\t1\t1\t1\t1\t0\t10\t20\t300\t40\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t20\t100\t40\t91.5\ttie\u0302\u0301ng",
        "5\t1\t1\t1\t1\t2\t120\t20\t30\t40\t95\t ",
        "5\t1\t1\t1\t1\t3\t160\t20\t60\t40\t-1\tx",
        "5\t1\t2\t1\t1\t1\t10\t90\t80\t40\t40\tViệt",
    ]
    words = parse_tsv("\n".join([header, *rows]))
    assert [w.text for w in words] == ["tiếng", "Việt"]
    assert words[0].bbox == (10, 20, 110, 60)
    assert words[0].confidence == pytest.approx(0.915)
    assert words[1].line == (2, 1, 1)



def test_a_fraction_slash_between_digits_is_read_as_the_dates_slash():
    """GIVEN TSV words with a fraction slash and a division slash between digits (tesseract
    wrote a hard card copy's "Ngày 18/01/2023" as "18\u204401/2023") and a fraction slash
    standing alone WHEN parsed THEN the date's slashes are ASCII; the lone mark stays."""
    header = "\t".join(["level", "page_num", "block_num", "par_num", "line_num", "word_num",
                        "left", "top", "width", "height", "conf", "text"])
    rows = ["5\t1\t1\t1\t1\t1\t10\t20\t100\t40\t91\t18\u204401/2023",
            "5\t1\t1\t1\t1\t2\t120\t20\t100\t40\t91\t11\u221510/1954",
            "5\t1\t1\t1\t1\t3\t230\t20\t10\t40\t30\t\u2044"]
    assert [w.text for w in parse_tsv("\n".join([header, *rows]))] == ["18/01/2023", "11/10/1954", "\u2044"]

def test_blank_page_is_an_empty_result_not_an_error():
    white = np.full((3508, 2480), 255, np.uint8)
    assert TesseractEngine().recognize(white, dpi=300) == OcrResult.empty(2480, 3508)


def test_page_with_only_faint_noise_has_no_words():
    rng = np.random.default_rng(7)
    noisy = (250 + rng.integers(0, 6, size=(1200, 900))).astype(np.uint8)
    result = TesseractEngine().recognize(noisy, dpi=300)
    assert result.words == () and result.text == "" and result.confidence == 0.0


def test_rgb_page_reads_like_gray(testdata: Path):
    gray = load_gray(testdata / "tesseract-ocr-test" / "testing" / "viet.tif")
    rgb = np.stack([gray, gray, gray], axis=2)
    assert TesseractEngine().recognize(rgb, dpi=300).text == "tiếng"


@pytest.mark.timeout(30)
def test_hung_tesseract_times_out_and_leaves_no_process(tmp_path: Path):
    """GIVEN a fake tesseract that starts a child and waits on it for 30 s
    WHEN the engine's timeout is 1 s THEN OcrTimeout, and neither process is left behind."""
    pids = tmp_path / "pids"
    cmd = fake_tesseract(tmp_path, f"echo $$ > {pids}\nsleep 30 &\necho $! >> {pids}\nwait")
    engine = TesseractEngine(tesseract_cmd=cmd, timeout_s=1)
    with pytest.raises(OcrTimeout) as caught:
        engine.recognize(np.full((50, 50), 255, np.uint8), dpi=300)
    assert caught.value.code == "ocr_timeout"
    child, grandchild = map(int, pids.read_text().split())
    assert process_state(child) is None, "the engine's own child was not reaped"
    assert wait_until_not_running(grandchild), "the child's child survived the timeout"


def process_state(pid: int) -> str | None:
    """The state letter from /proc (R, S, Z...), None when the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def wait_until_not_running(pid: int, polls: int = 50) -> bool:
    """Whether ``pid`` is gone or a zombie (killed, waiting for init to reap it)."""
    for _ in range(polls):
        if process_state(pid) in (None, "Z", "X"):
            return True
        time.sleep(0.1)
    return False


def test_crashing_tesseract_reports_its_last_stderr_line(tmp_path: Path):
    cmd = fake_tesseract(tmp_path, "echo 'Estimating resolution' >&2\n"
                                   "echo 'Error: image too damaged' >&2\nexit 1")
    with pytest.raises(OcrEngineError) as caught:
        TesseractEngine(tesseract_cmd=cmd).recognize(np.zeros((50, 50), np.uint8), dpi=300)
    assert type(caught.value) is OcrEngineError
    assert caught.value.code == "ocr_failed"
    assert str(caught.value).endswith("Error: image too damaged")


def test_unknown_language_is_an_engine_error_with_tesseracts_reason():
    with pytest.raises(OcrEngineError) as caught:
        TesseractEngine(languages="xyz").recognize(np.zeros((50, 50), np.uint8), dpi=300)
    assert "Could not initialize tesseract" in str(caught.value)


def test_tesseract_runs_single_threaded_whatever_the_parent_sets(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("OMP_THREAD_LIMIT", "8")
    cmd = fake_tesseract(tmp_path, 'echo "OMP_THREAD_LIMIT=$OMP_THREAD_LIMIT" >&2\nexit 3')
    with pytest.raises(OcrEngineError, match=r"exited with 3: OMP_THREAD_LIMIT=1$"):
        TesseractEngine(tesseract_cmd=cmd).recognize(np.zeros((50, 50), np.uint8), dpi=300)
    assert os.environ["OMP_THREAD_LIMIT"] == "8"


def test_missing_tesseract_is_engine_missing(tmp_path: Path):
    missing = str(tmp_path / "no-such-tesseract")
    with pytest.raises(OcrEngineMissing) as caught:
        TesseractEngine(tesseract_cmd=missing).recognize(np.zeros((50, 50), np.uint8), dpi=300)
    assert caught.value.code == "ocr_engine_missing"
    with pytest.raises(OcrEngineMissing):
        tesseract_version(missing)
    with pytest.raises(OcrEngineMissing):
        available_languages(missing)


def test_health_helpers_report_version_and_languages():
    assert re.fullmatch(r"\d+\.\d+(\.\d+)?\S*", tesseract_version())
    assert {"vie", "eng", "osd"} <= available_languages()


def test_noise_lines_and_symbol_words_go_but_weak_words_in_good_lines_stay():
    from ocr.engine import drop_noise

    def w(text, conf, line):
        return Word(text, (0, 0, 10, 10), conf, line)

    words = [w("Ngày", 0.95, (1, 1, 1)), w("Müller", 0.2, (1, 1, 1)), w("—⁄Z", 0.3, (1, 1, 1)),
             w("CC", 0.0, (1, 1, 2)), w("šEUWAISIIEES", 0.1, (1, 1, 2)),
             w("-", 0.93, (1, 1, 3)), w("Tự", 0.9, (1, 1, 3))]
    assert [x.text for x in drop_noise(words, 0.4)] == ["Ngày", "Müller", "-", "Tự"]
    assert drop_noise(words, 0.0) == words


def test_noise_filter_keeps_foreign_words_of_a_real_scan(testdata):
    """GIVEN eurotext.tif (German and French words the vie model is unsure of)
    WHEN read with the pipeline's noise filter THEN nothing of it is lost."""
    from benchmarks.metrics import char_errors

    image = np.asarray(Image.open(testdata / "tesseract-ocr-test/testing/eurotext.tif").convert("L"))
    raw = TesseractEngine().recognize(image, dpi=300)
    filtered = TesseractEngine(min_word_confidence=0.4).recognize(image, dpi=300)
    assert filtered.text == raw.text
    errors, total = char_errors(filtered.text, (testdata / "tesseract-ocr-test/testing/eurotext.txt").read_text())
    assert errors / total < 0.02


def test_lines_the_caller_keeps_pass_the_noise_filter(testdata: Path):
    """GIVEN phototest read with a noise filter no line passes (0.99) WHEN the engine is
    also told to keep lines that hold the word "quick" THEN exactly the lines with it stay
    (an ID card face keeps its doubtful lines that hold print this way)."""
    image = load_gray(testdata / "tesseract-ocr-test/testing/phototest.tif")
    strict = TesseractEngine(languages="eng", min_word_confidence=0.99)
    assert strict.recognize(image, dpi=200).words == ()
    keeping = replace(strict, keeps_line=lambda line: any("quick" in w.text for w in line))
    kept = keeping.recognize(image, dpi=200)
    lines = {w.line for w in kept.words}
    assert lines and all(any("quick" in w.text for w in kept.words if w.line == line) for line in lines)
    everything = TesseractEngine(languages="eng").recognize(image, dpi=200)
    assert {w.line for w in everything.words if "quick" in w.text} == lines
