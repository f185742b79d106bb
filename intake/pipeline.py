"""Puts the stages in order: one page at a time in workers, then one batch into dossiers.

Each stage lives in its own module; this one only sequences them and fans pages out
across processes (one single-threaded tesseract per page, pages in parallel).
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from intake.bundle import encode_page_image
from intake.cleanup import CleanupOptions, clean_page, turn_quarter
from intake.faded_bilevel import reread_thickened
from intake.errors import InputError, IntakeError, OcrEngineMissingError, PageProcessingError
from intake.logcontext import log_context
from intake.model import CleanPage, Dossier, PageKind, ProcessedPage, Separator, SeparatorKind
from intake.progress import ProgressReporter, SilentProgress
from intake.separate import (
    SeparationOptions,
    classify_separator,
    find_receipt_in_text,
    read_barcodes,
    split_into_dossiers,
)
from intake.sources import SourceLimits, count_pages, load_page
from ocr.card_values import with_card_values
from ocr.mended_places import with_mended_places
from ocr.engine import OcrEngine, OcrEngineError, OcrEngineMissing, TesseractEngine
from ocr.fields import extract_fields, on_poor_page
from ocr.id_card import chip_cards, looks_like_id_card
from ocr.id_card_faces import find_card_faces, to_gray
from ocr.id_card_read import read_card, reads_as_card, with_card_words
from ocr.lost_lines import with_lost_lines
from ocr.model import OcrResult
from ocr.mrz import CardMrz
from ocr.orientation import detect_orientation
from ocr.read_quality import rescan_reason
from ocr.upside_down import reads_better_turned, reads_poorly, syllable_share

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    limits: SourceLimits = field(default_factory=SourceLimits)
    cleanup: CleanupOptions = field(default_factory=CleanupOptions)
    separation: SeparationOptions = field(default_factory=SeparationOptions)
    engine: OcrEngine = field(default_factory=TesseractEngine)
    jpeg_quality: int = 80
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class FileFailure:
    source: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class BatchResult:
    dossiers: tuple[Dossier, ...]
    failures: tuple[FileFailure, ...]
    pages: tuple[ProcessedPage, ...]


def process_page(path: Path, index: int, options: PipelineOptions) -> ProcessedPage:
    """Load, clean, separate, read and encode one page. Input errors propagate."""
    page = load_page(path, index, options.limits)
    with log_context(scan=page.source, page=page.source_page):
        barcodes = read_barcodes(page.image)
        separator = classify_separator(barcodes, options.separation)
        read_receipt = (separator is not None and options.separation.read_receipts
                        and separator.kind is SeparatorKind.DOSSIER_RECEIPT)
        if separator and not options.separation.keep_separator_pages and not read_receipt:
            return ProcessedPage(page.source, page.source_page, PageKind.SEPARATOR, separator=separator)
        detector = detect_orientation if options.cleanup.detect_orientation else None
        clean = clean_page(page, options.cleanup, detector, barcodes)
        if separator and not read_receipt:
            return _finished(clean, options, PageKind.SEPARATOR, separator=separator)
        if clean.blank and not separator:
            keep = options.separation.keep_blank_pages
            return _finished(clean, options, PageKind.BLANK, encode=keep)
        return _read_page(clean, options, tuple(b.text for b in barcodes), separator)


def _upright(clean: CleanPage, ocr: OcrResult, engine: OcrEngine) -> tuple[CleanPage, OcrResult]:
    """The page and its read turned over when the read holds little Vietnamese and the
    page turned over reads as text (orientation detection left it upside down); else as
    they are. A second read that fails leaves the first."""
    turned = dataclasses.replace(clean, archive=turn_quarter(clean.archive, 180),
                                 ocr_image=turn_quarter(clean.ocr_image, 180), rotation=(clean.rotation + 180) % 360)
    try:
        read = engine.recognize(turned.ocr_image, dpi=round(clean.dpi * clean.ocr_scale))
    except OcrEngineError as exc:
        log.warning("reading the page turned over failed: %s", exc)
        return clean, ocr
    if not reads_better_turned(ocr, read):
        return clean, ocr
    log.info("page read upside down: turned over (its words Vietnamese syllables %.2f -> %.2f)",
             syllable_share(ocr), syllable_share(read))
    return turned, read


def _read_page(clean: CleanPage, options: PipelineOptions, codes: tuple[str, ...] = (),
               separator: Separator | None = None) -> ProcessedPage:
    """OCR and fields of a page; ``codes`` its decoded barcodes (a chip ID card's QR),
    ``separator`` the receipt its barcode already named, if any."""
    keep_separator = options.separation.keep_separator_pages
    started = time.perf_counter()
    try:
        ocr = options.engine.recognize(clean.ocr_image, dpi=round(clean.dpi * clean.ocr_scale))
    except OcrEngineMissing as exc:
        raise OcrEngineMissingError(str(exc), source=clean.source) from exc
    except OcrEngineError as exc:
        log.warning("OCR failed: %s", exc)
        kind = PageKind.SEPARATOR if separator else PageKind.CONTENT
        return _finished(clean, options, kind, encode=keep_separator or not separator, separator=separator,
                         error_code=getattr(exc, "code", "ocr_failed"), error=str(exc),
                         ocr_seconds=time.perf_counter() - started)
    if reads_poorly(ocr):
        clean, ocr = _upright(clean, ocr, options.engine)
    clean, ocr = reread_thickened(clean, ocr, options.engine)
    ocr = _guarded_text_step(ocr, "reading the lines the page read lost",
                             lambda read: with_lost_lines(clean.ocr_image, read, options.engine,
                                                          clean.dpi * clean.ocr_scale))
    ocr_seconds = time.perf_counter() - started
    receipt = separator or find_receipt_in_text(ocr.text, options.separation)
    ocr = ocr.scaled(1 / clean.ocr_scale)  # fields and words in archive-image pixels
    zone = None
    # One marker is enough to look: a poor page read of a card copy (faded, turned) often
    # keeps only its title, and the card read itself goes on only where card faces are found.
    chip_read = bool(chip_cards(codes))
    if isinstance(options.engine, TesseractEngine):
        named = chip_read or looks_like_id_card(ocr.text, 1)
        ocr, zone, face_codes = read_id_card_faces(clean, options.engine, ocr, find_qr=not chip_read, named=named,
                                                   page_codes=codes)
        codes += face_codes
        ocr_seconds = time.perf_counter() - started
    found = extract_fields(ocr, qr_texts=codes, zone=zone)
    ocr = _guarded_text_step(ocr, "writing the card's values into the text",
                             lambda read: with_card_values(read, found.fields, chip_cards(codes)))
    ocr = _guarded_text_step(ocr, "writing the mended places into the text",
                             lambda read: with_mended_places(read, found.fields))
    if rescan_reason(ocr.text, ocr.confidence) is not None:
        found = on_poor_page(found)
    if receipt and not keep_separator:
        return ProcessedPage(clean.source, clean.source_page, PageKind.SEPARATOR, separator=receipt,
                             document_type=found.document_type, fields=found.fields,
                             ocr_seconds=ocr_seconds)
    kind = PageKind.SEPARATOR if receipt else PageKind.CONTENT
    return _finished(clean, options, kind, separator=receipt, ocr=ocr,
                     document_type=found.document_type, fields=found.fields,
                     ocr_seconds=ocr_seconds)


def read_id_card_faces(clean: CleanPage, engine: TesseractEngine, ocr: OcrResult, find_qr: bool, named: bool = True,
                       page_codes: tuple[str, ...] = ()) -> tuple[OcrResult, CardMrz | None, tuple[str, ...]]:
    """An ID card copy's faces read on their own (archive-image pixels), in place of what
    the page OCR read on them, with the zone and (``find_qr``) the QR codes the faces
    hold; the page's OCR as it was when no face is found or it fails.

    A page whose text named no card (``named`` false: faces faded, tilted or under a
    back's show-through read as scraps) is read so only where card-sized faces are found
    and their own read shows a card (``reads_as_card``): art of a card's size on another
    paper reads as none. ``page_codes``: the page's decoded barcodes (a chip card's QR
    gives the faces' lost print its exact values)."""
    try:
        faces = None if named else find_card_faces(to_gray(clean.archive), clean.dpi)
        card = read_card(clean.archive, clean.dpi, engine, find_qr=find_qr, faces=faces, page_codes=page_codes)
    except OcrEngineError as exc:
        log.warning("ID card read failed: %s", exc)
        return ocr, None, ()
    except Exception:  # noqa: BLE001 - a bug in the card read must not cost the page its OCR
        log.exception("ID card read failed; the page keeps its own OCR")
        return ocr, None, ()
    if card is None:
        return ocr, None, ()
    if not named:
        if not reads_as_card(card):
            log.info("card-sized art read as no card's faces: the page keeps its own OCR")
            return ocr, None, ()
        log.info("ID card faces found on a page whose text named no card")
    return with_card_words(ocr, card), card.zone, card.codes


def _guarded_text_step(ocr: OcrResult, what: str, step: Callable[[OcrResult], OcrResult]) -> OcrResult:
    """``step(ocr)``: the page's text with lines added (the lines the page read lost,
    :mod:`ocr.lost_lines`) or values written in (the chip card's, :mod:`ocr.card_values`;
    the mended places, :mod:`ocr.mended_places`); ``ocr`` as read when the step fails: a
    bug there must not cost the page its OCR."""
    try:
        return step(ocr)
    except Exception:  # noqa: BLE001
        log.exception("%s failed; the page keeps its read", what)
        return ocr


def _finished(clean: CleanPage, options: PipelineOptions, kind: PageKind, *,
              encode: bool = True, separator: Separator | None = None, **found) -> ProcessedPage:
    image = None
    if encode:
        image = encode_page_image(clean.archive, clean.dpi, bilevel=clean.bilevel,
                                  has_colour=clean.has_colour, jpeg_quality=options.jpeg_quality)
    return ProcessedPage(clean.source, clean.source_page, kind, image=image, rotation=clean.rotation,
                         skew_deg=round(clean.skew_deg, 2), separator=separator, **found)


def process_batch(files: Sequence[Path], options: PipelineOptions,
                  progress: ProgressReporter | None = None) -> BatchResult:
    """Process files as one scanner batch, in the order given, into dossiers.

    A file that cannot be read is reported in ``failures`` with its specific error code
    and left out whole; the rest of the batch goes on.
    """
    progress = progress or SilentProgress()
    failures: list[FileFailure] = []
    counted: list[tuple[Path, int]] = []
    for path in files:
        try:
            counted.append((path, count_pages(path, options.limits)))
        except InputError as exc:
            failures.append(_failure(path, exc, progress))
    progress.start(sum(n for _, n in counted))
    results = _run_pages(counted, options, progress, failures)
    pages = tuple(page for file_pages in results for page in file_pages)
    dossiers = tuple(split_into_dossiers(pages, options.separation))
    progress.finish()
    return BatchResult(dossiers, tuple(failures), pages)


def _run_pages(counted: list[tuple[Path, int]], options: PipelineOptions,
               progress: ProgressReporter, failures: list[FileFailure]) -> list[list[ProcessedPage]]:
    """Pages of each file (by position in the batch; a failed file gets none)."""
    results: list[list[ProcessedPage]] = [[] for _ in counted]
    failed: set[int] = set()
    with _page_pool(options.workers) as pool:
        futures: list[tuple[int, Future]] = [
            (position, pool.submit(process_page, path, index, options))
            for position, (path, n_pages) in enumerate(counted) for index in range(n_pages)
        ]
        for position, future in futures:
            try:
                page = future.result()
            except OcrEngineMissingError:
                pool.shutdown(cancel_futures=True)
                raise
            except Exception as exc:  # noqa: BLE001 - one bad page must not stop the batch
                if position not in failed:
                    failed.add(position)
                    failures.append(_failure(counted[position][0], _as_intake_error(exc), progress))
                continue
            results[position].append(page)
            progress.page_done(page)
    return [[] if position in failed else pages for position, pages in enumerate(results)]


def _as_intake_error(exc: Exception) -> IntakeError:
    if isinstance(exc, IntakeError):
        return exc
    log.exception("unexpected error on a page", exc_info=exc)
    return PageProcessingError(f"{type(exc).__name__}: {exc}")


def _failure(path: Path, exc: IntakeError, progress: ProgressReporter) -> FileFailure:
    failure = FileFailure(path.name, exc.code, exc.message if exc.page is None else str(exc))
    log.info("file failed: %s: %s", failure.source, failure.message)
    progress.file_failed(failure.source, failure.code, failure.message)
    return failure


def _page_pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=max(1, workers), mp_context=context,
                               initializer=_init_worker)


def _init_worker() -> None:
    """One thread per worker: tesseract and OpenCV each in parallel processes, not threads."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import cv2

    cv2.setNumThreads(1)

