"""What the dossier page shows, built from the stored dossier: its pages as they stand
(turned, removed), its fields in checking order with their boxes placed on the turned
page, and its history in words.

Fields an officer should check (read below the review confidence, or with warnings,
and not yet corrected) come first; within each group fields keep reading order: page,
then top to bottom.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from api.ui.labels import field_label, warning_label
from intake.rearrange import turned_box
from intake.search_text import NAME_FIELD
from intake.store import field_needs_check
from intake.store.tables import AuditEntry, Dossier, FieldValue, Page

log = logging.getLogger(__name__)

_HIDDEN_AUDIT_KEYS = frozenset({"dossier_id", "pdf_sha", "key"})


@dataclass(frozen=True, slots=True)
class FieldView:
    id: int
    key: str
    label: str
    value: str
    confidence: float
    warnings: tuple[str, ...]  # in Vietnamese
    corrected: bool
    needs_check: bool
    page_number: int
    box: tuple[float, float, float, float] | None  # left, top, width, height: % of the page


@dataclass(frozen=True, slots=True)
class PageView:
    number: int
    original_number: int
    turn: int
    removed: bool
    has_image: bool
    width: int | None  # as shown (turned)
    height: int | None
    document_type: str | None


@dataclass(frozen=True, slots=True)
class HistoryLine:
    at: datetime
    actor: str
    action: str
    subject: str  # "Họ và tên", "trang 2", ""
    old: str
    new: str


def applicant_of(dossier: Dossier) -> str | None:
    """The record's applicant, else the first name read on the dossier's kept pages."""
    if dossier.record is not None and dossier.record.applicant_name:
        return dossier.record.applicant_name
    return next((value.value for page in sorted(dossier.pages, key=lambda p: p.number)
                 if not page.removed for value in page.fields
                 if value.key == NAME_FIELD and value.value), None)


def page_views(dossier: Dossier) -> tuple[PageView, ...]:
    return tuple(_page_view(page) for page in sorted(dossier.pages, key=lambda p: p.number))


def field_views(dossier: Dossier, threshold: float) -> tuple[FieldView, ...]:
    """The fields of the kept pages, those to check first, each group in reading order."""
    views = [_field_view(value, page, threshold)
             for page in dossier.pages if not page.removed for value in page.fields]
    return tuple(sorted(views, key=lambda v: (not v.needs_check, v.page_number,
                                              v.box[1] if v.box else 101.0, v.id)))


def history_lines(entries: Sequence[AuditEntry], dossier: Dossier) -> tuple[HistoryLine, ...]:
    keys = {str(value.id): value.key for page in dossier.pages for value in page.fields}
    return tuple(HistoryLine(at=entry.at, actor=entry.actor, action=entry.action,
                             subject=_subject(entry, keys), old=_shown(entry.old_value),
                             new=_shown(entry.new_value)) for entry in entries)


def _page_view(page: Page) -> PageView:
    width, height = page.width, page.height
    if page.turn in (90, 270):
        width, height = height, width
    return PageView(number=page.number, original_number=page.original_number or page.number,
                    turn=page.turn, removed=page.removed, has_image=page.image_sha is not None,
                    width=width, height=height, document_type=page.document_type)


def _field_view(value: FieldValue, page: Page, threshold: float) -> FieldView:
    warnings = tuple(warning_label(str(code)) for code in value.warnings or ())
    return FieldView(id=value.id, key=value.key, label=field_label(value.key), value=value.value,
                     confidence=value.confidence, warnings=warnings, corrected=value.corrected,
                     needs_check=field_needs_check(value.confidence, value.warnings or (),
                                                   value.corrected, threshold),
                     page_number=page.number, box=_box_on_page(value.bbox, page))


def _box_on_page(bbox: Sequence[int] | None, page: Page) -> tuple[float, ...] | None:
    """The field's box on the page as turned, in percent of the turned page."""
    if not bbox or len(bbox) != 4 or not page.width or not page.height:
        return None
    left, top, right, bottom = turned_box(bbox, page.width, page.height, page.turn)
    width, height = ((page.height, page.width) if page.turn in (90, 270)
                     else (page.width, page.height))
    return (100 * left / width, 100 * top / height, 100 * (right - left) / width,
            100 * (bottom - top) / height)


def _subject(entry: AuditEntry, field_keys: dict[str, str]) -> str:
    if entry.entity_type == "field":
        key = field_keys.get(entry.entity_id) or _value_of(entry.new_value, "key")
        return field_label(str(key)) if key else ""
    if entry.entity_type == "page":
        number = _value_of(entry.old_value, "number")
        return f"trang {number}" if number is not None else ""
    return ""


def _value_of(payload: Any, name: str) -> Any:
    return payload.get(name) if isinstance(payload, dict) else None


def _shown(payload: Any) -> str:
    """An audit value as one short line: a field's value itself, else ``name: value``."""
    if payload is None:
        return ""
    if not isinstance(payload, dict):
        return str(payload)
    if "value" in payload:
        return str(payload["value"])
    shown = {name: value for name, value in payload.items() if name not in _HIDDEN_AUDIT_KEYS}
    return ", ".join(f"{_AUDIT_NAMES.get(name, name)}: {_plain(value)}"
                     for name, value in shown.items())


def _plain(value: Any) -> str:
    if value is True:
        return "có"
    if value is False:
        return "không"
    if value is None:
        return "–"
    if isinstance(value, list):
        return f"{len(value)} trang"
    return str(value)


_AUDIT_NAMES = {"number": "vị trí", "turn": "xoay (độ)", "removed": "đã bỏ",
                "state": "trạng thái", "dossier_code": "mã hồ sơ", "pages": "các trang"}
