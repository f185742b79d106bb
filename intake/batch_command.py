"""``intake process``: one scanner batch in, dossiers out, one line per failed file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intake.cleanup import CleanupOptions
from intake.errors import InputError
from intake.output import write_dossiers
from intake.pipeline import BatchResult, PipelineOptions, process_batch
from intake.progress_bar import TerminalProgress
from intake.separate import SeparationOptions
from intake.settings import Settings
from intake.sources import SourceLimits
from ocr.engine import TesseractEngine


def pipeline_options(settings: Settings) -> PipelineOptions:
    """Turn settings into the option values each stage takes."""
    return PipelineOptions(
        limits=SourceLimits(max_pixels_per_page=settings.max_pixels_per_page,
                            max_pages=settings.max_pages, max_bytes=settings.max_bytes),
        cleanup=CleanupOptions(ocr_dpi=settings.ocr_dpi, detect_orientation=settings.detect_orientation,
                               remove_form_lines=settings.remove_form_lines, drop_red=settings.drop_red,
                               drop_signatures=settings.drop_signatures,
                               crop_borders=settings.crop_borders),
        separation=SeparationOptions(dossier_code_pattern=settings.dossier_code_pattern,
                                     separator_values=tuple(settings.separator_values),
                                     keep_separator_pages=settings.keep_separator_pages,
                                     keep_blank_pages=settings.keep_blank_pages),
        engine=TesseractEngine(languages=settings.ocr_languages, psm=settings.ocr_psm,
                               timeout_s=settings.ocr_timeout_s,
                               min_word_confidence=settings.ocr_min_confidence,
                               correct_syllables=settings.ocr_correct_syllables),
        jpeg_quality=settings.jpeg_quality,
        workers=settings.workers,
    )


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for its files, sorted by name (hidden ones skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files


def run_batch(args: argparse.Namespace) -> int:
    settings: Settings = args.settings.model_copy(update={
        "workers": args.workers, "ocr_languages": args.lang, "ocr_timeout_s": args.ocr_timeout,
        "keep_blank_pages": args.keep_blank, "keep_separator_pages": args.keep_separators,
    })
    options = pipeline_options(settings)
    files, missing = _existing(expand_inputs(args.files))
    progress = None if args.no_progress else TerminalProgress.if_terminal()
    result = process_batch(files, options, progress)
    written = write_dossiers(result.dossiers, args.out, procedure_code=args.procedure_code)
    for item in written:
        print(f"{item.name}: {item.page_count} pages -> {item.pdf or item.sidecar}")
    return _report_failures(result, missing)


def _existing(files: list[Path]) -> tuple[list[Path], list[Path]]:
    return [f for f in files if f.is_file()], [f for f in files if not f.is_file()]


def _report_failures(result: BatchResult, missing: list[Path]) -> int:
    exit_code = 0
    for path in missing:
        print(f"{path}: not_found: no such file", file=sys.stderr)
        exit_code = max(exit_code, InputError.exit_code)
    for failure in result.failures:
        print(f"{failure.source}: {failure.code}: {failure.message}", file=sys.stderr)
        exit_code = max(exit_code, InputError.exit_code)
    for page in result.pages:
        if page.error_code:
            print(f"{page.source}: page {page.source_page}: {page.error_code}: {page.error}", file=sys.stderr)
            exit_code = max(exit_code, 3)
    return exit_code
