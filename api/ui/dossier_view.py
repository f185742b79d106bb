"""What the dossier page shows, built from the stored dossier: its pages as they stand
(turned, removed), its fields in checking order with their boxes placed on the turned
page, and its history in words.

Fields an officer should check (read below the review confidence, or with warnings,
and neither corrected nor confirmed yet) come first; within each group fields keep
reading order: page, then top to bottom. Dates in the history read as officers write
them (dd/mm/yyyy), states in words.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from api.ui.labels import STATE_LABELS, field_label, rescan_label, warning_label
from api.ui.rendering import shown_date
from intake.rearrange import turned_box
from intake.search_text import NAME_FIELD
from intake.store.field_values import DATE_FIELDS, EXPIRY_FIELD
from intake.store.pages import stored_rescan_reason
from intake.store.review_queue import field_is_doubtful
from intake.store.tables import AuditEntry, Dossier, FieldValue, Page

log = logging.getLogger(__name__)

_HIDDEN_AUDIT_KEYS = frozenset({"dossier_id", "pdf_sha", "key"})
SHOWN_AS_DATES = DATE_FIELDS | {EXPIRY_FIELD}  # an ID card's expiry: dd/mm/yyyy, or "Không thời hạn" as it is


@dataclass(frozen=True, slots=True)
class FieldView:
    id: int
    key: str
    label: str
    value: str
    confidence: float
    warnings: tuple[str, ...]  # in Vietnamese
    corrected: bool
    confirmed_by: str | None  # who confirmed the value as read
    doubtful: bool  # read below the review confidence, or with warnings
    checked: bool  # corrected or confirmed
    is_date: bool
    page_number: int
    box: tuple[float, float, float, float] | None  # left, top, width, height: % of the page

    @property
    def needs_check(self) -> bool:
        return self.doubtful and not self.checked


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
    rescan: str | None  # why the page had better be scanned again, for officers; None: reads well


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
    lines = []
    for entry in entries:
        key = keys.get(entry.entity_id) if entry.entity_type == "field" else None
        key = key or _value_of(entry.new_value, "key") or _value_of(entry.old_value, "key")
        is_date = entry.entity_type == "field" and key in SHOWN_AS_DATES
        lines.append(HistoryLine(at=entry.at, actor=entry.actor, action=entry.action,
                                 subject=_subject(entry, keys),
                                 old=_shown(entry.old_value, is_date),
                                 new=_shown(entry.new_value, is_date)))
    return tuple(lines)


def _page_view(page: Page) -> PageView:
    width, height = page.width, page.height
    if page.turn in (90, 270):
        width, height = height, width
    return PageView(number=page.number, original_number=page.original_number or page.number,
                    turn=page.turn, removed=page.removed, has_image=page.image_sha is not None,
                    width=width, height=height, document_type=page.document_type,
                    rescan=rescan_label(reason) if (reason := stored_rescan_reason(page)) else None)


def _field_view(value: FieldValue, page: Page, threshold: float) -> FieldView:
    warnings = tuple(warning_label(str(code)) for code in value.warnings or ())
    return FieldView(id=value.id, key=value.key, label=field_label(value.key), value=value.value,
                     confidence=value.confidence, warnings=warnings, corrected=value.corrected,
                     confirmed_by=value.confirmed_by if value.confirmed_at else None,
                     doubtful=field_is_doubtful(value.confidence, value.warnings or (),
                                                threshold),
                     checked=value.checked, is_date=value.key in SHOWN_AS_DATES,
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


def _shown(payload: Any, is_date: bool = False) -> str:
    """An audit value as one short line: a field's value itself (a date as dd/mm/yyyy),
    else ``name: value`` in words."""
    if payload is None:
        return ""
    if not isinstance(payload, dict):
        return str(payload)
    if "value" in payload:
        return shown_date(str(payload["value"])) if is_date else str(payload["value"])
    shown = {name: value for name, value in payload.items() if name not in _HIDDEN_AUDIT_KEYS}
    return ", ".join(f"{_AUDIT_NAMES.get(name, name)}: {_plain(name, value)}"
                     for name, value in shown.items())


def _plain(name: str, value: Any) -> str:
    if name == "state":
        return STATE_LABELS.get(str(value), str(value))
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
