import pytest

from watcher.file_check import check_scan_file


@pytest.mark.parametrize("sample", ["simple.pdf", "simple.tiff", "simple.jpg", "simple.png"])
def test_real_scanner_formats_pass(testdata, sample):
    check_scan_file(testdata / "paperless-ngx/src/documents/tests/samples" / sample)


def test_a_cut_short_pdf_an_empty_file_and_a_text_file_are_refused(tmp_path, sample_pdf):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(sample_pdf[: len(sample_pdf) // 2])
    empty = tmp_path / "empty.pdf"
    empty.touch()
    text = tmp_path / "notes.pdf"
    text.write_text("not a scan")

    codes = []
    for path in (cut, empty, text):
        with pytest.raises(Exception) as caught:
            check_scan_file(path)
        codes.append(caught.value.code)

    assert codes == ["truncated_file", "empty_file", "unsupported_format"]
