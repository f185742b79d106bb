"""Officers' page operations on a stored dossier: turn a page, move it, remove it, restore
it, and restore the whole dossier to the pipeline's pages.

Each is a review change like those in ``intake.store.dossiers``: made against the
dossier version the officer saw (a stale one is a ``ConflictError``), refused on an
approved dossier, audited with the old and new values, and announced as
``dossier.pages_changed``, all in the caller's transaction. A change the page's state
already forbids (turning a removed page, removing it twice, restoring a kept page) is
refused with its own error before the version is looked at, so a form sent twice says
what happened rather than that someone else changed the dossier. The dossier PDF is rebuilt
from the pipeline's own PDF (``original_pdf_sha``, never overwritten) by
``intake.rearrange``, which re-encodes no image, and the new blob becomes ``pdf_sha``.

``number`` orders all of a dossier's pages, removed ones included; the PDF holds the
kept ones in that order and ``page_count`` counts them. Page images are never touched:
``image_sha`` stays the pipeline's image and ``turn`` says how to show it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from intake.rearrange import PagePlacement, rearrange_pdf
from intake.store.audit import Actor, record_audit
from intake.store.blobs import BlobStore
from intake.store.dossiers import bump_version, get_dossier
from intake.store.errors import BlobError, ConflictError, InvalidValueError, NotFoundError
from intake.store.events import EventType, append_event
from intake.store.search_index import index_dossier
from intake.store.tables import Dossier, DossierState, Page

log = logging.getLogger(__name__)

TURNS = (90, 180, 270)


class LastPageError(ConflictError):
    """The change would leave the dossier without a page in its PDF."""

    code = "last_page"


class PageRemovedError(ConflictError):
    """The page is removed from the dossier: restore it before turning it."""

    code = "page_removed"


class PageAlreadyRemovedError(ConflictError):
    """The page was removed already (a second click, or another officer)."""

    code = "page_already_removed"


class PageNotRemovedError(ConflictError):
    """The page to restore is in the dossier already (restored by a second click, or by
    another officer)."""

    code = "page_not_removed"


def turn_page(session: Session, blobs: BlobStore, dossier_id: int, number: int, degrees: int,
              who: Actor, expected_version: int, unit: str | None = None) -> Dossier:
    """Turn page ``number`` a further ``degrees`` (90, 180, 270) clockwise."""
    if degrees not in TURNS:
        raise InvalidValueError(f"a page turns 90, 180 or 270 degrees, not {degrees}")
    dossier = _changeable(session, dossier_id, unit)
    page = _page(dossier, number)
    if page.removed:
        raise PageRemovedError(f"page {number} of dossier {dossier_id} is removed; "
                               "restore it first")
    bump_version(session, dossier, expected_version, editable=True)
    old_turn, page.turn = page.turn, (page.turn + degrees) % 360
    return _rebuild(session, blobs, dossier, who, "page.turned", page,
                    {"number": number, "turn": old_turn}, {"number": number, "turn": page.turn})


def move_page(session: Session, blobs: BlobStore, dossier_id: int, number: int, to_number: int,
              who: Actor, expected_version: int, unit: str | None = None) -> Dossier:
    """Move page ``number`` to place ``to_number``; the pages between shift by one."""
    dossier = _changeable(session, dossier_id, unit)
    page = _page(dossier, number)
    ordered = _in_order(dossier)
    if not 1 <= to_number <= len(ordered):
        raise InvalidValueError(f"dossier {dossier_id} has places 1 to {len(ordered)}, "
                                f"not {to_number}")
    if to_number == number:
        raise InvalidValueError(f"page {number} is already at place {to_number}")
    bump_version(session, dossier, expected_version, editable=True)
    ordered.remove(page)
    ordered.insert(to_number - 1, page)
    renumber_pages(session, ordered)
    return _rebuild(session, blobs, dossier, who, "page.moved", page,
                    {"number": number}, {"number": to_number})


def remove_page(session: Session, blobs: BlobStore, dossier_id: int, number: int, who: Actor,
                expected_version: int, unit: str | None = None) -> Dossier:
    """Leave page ``number`` out of the PDF (it keeps its place, and can be restored)."""
    dossier = _changeable(session, dossier_id, unit)
    page = _page(dossier, number)
    if page.removed:
        raise PageAlreadyRemovedError(f"page {number} of dossier {dossier_id} is removed "
                                      "already")
    if not any(other.id != page.id and not other.removed for other in dossier.pages):
        raise LastPageError(f"page {number} is the last page of dossier {dossier_id}; "
                            "a dossier keeps at least one page")
    bump_version(session, dossier, expected_version, editable=True)
    page.removed = True
    return _rebuild(session, blobs, dossier, who, "page.removed", page,
                    {"number": number, "removed": False}, {"number": number, "removed": True})


def restore_page(session: Session, blobs: BlobStore, dossier_id: int, number: int, who: Actor,
                 expected_version: int, unit: str | None = None) -> Dossier:
    """Put a removed page ``number`` back into the PDF, at its place."""
    dossier = _changeable(session, dossier_id, unit)
    page = _page(dossier, number)
    if not page.removed:
        raise PageNotRemovedError(f"page {number} of dossier {dossier_id} is not removed")
    bump_version(session, dossier, expected_version, editable=True)
    page.removed = False
    return _rebuild(session, blobs, dossier, who, "page.restored", page,
                    {"number": number, "removed": True}, {"number": number, "removed": False})


def restore_dossier(session: Session, blobs: BlobStore, dossier_id: int, who: Actor,
                    expected_version: int, unit: str | None = None) -> Dossier:
    """Back to the pipeline's pages: every page kept, in its original place, unturned,
    and the pipeline's own PDF as the dossier's PDF."""
    dossier = _changeable(session, dossier_id, unit)
    bump_version(session, dossier, expected_version, editable=True)
    old = {"dossier_id": dossier.id, "pdf_sha": dossier.pdf_sha, "pages": _layout_of(dossier)}
    ordered = sorted(dossier.pages, key=lambda page: (_original_number(page), page.id))
    for page in ordered:
        page.turn, page.removed = 0, False
    renumber_pages(session, ordered)
    dossier.pdf_sha, dossier.page_count = dossier.original_pdf_sha, len(ordered)
    session.flush()
    new = {"dossier_id": dossier.id, "pdf_sha": dossier.pdf_sha, "pages": _layout_of(dossier)}
    record_audit(session, who, "dossier.restored", "dossier", dossier.id, old, new)
    return _announce(session, dossier, "dossier.restored")


def renumber_pages(session: Session, ordered: Sequence[Page]) -> None:
    """Number ``ordered`` (all pages of one dossier) 1, 2, ... in that order.

    UNIQUE(dossier_id, number) is checked row by row on PostgreSQL, so pages that move
    first go to free negative numbers, then to their places.
    """
    moving = [(page, place) for place, page in enumerate(ordered, start=1) if page.number != place]
    for page, place in moving:
        page.number = -place
    session.flush()
    for page, place in moving:
        page.number = place
    session.flush()


def _changeable(session: Session, dossier_id: int, unit: str | None) -> Dossier:
    """The dossier, if its pages may change: it has its PDF and is not approved. The
    caller checks the page, then raises the version (``bump_version``)."""
    dossier = get_dossier(session, dossier_id, unit)
    if dossier.original_pdf_sha is None:
        raise ConflictError(f"dossier {dossier_id} has no PDF yet; its pages cannot change")
    if dossier.state == DossierState.APPROVED:
        raise ConflictError(f"dossier {dossier_id} is approved and can no longer change")
    return dossier


def _page(dossier: Dossier, number: int) -> Page:
    page = next((page for page in dossier.pages if page.number == number), None)
    if page is None:
        raise NotFoundError(f"no page {number} in dossier {dossier.id}")
    return page


def _in_order(dossier: Dossier) -> list[Page]:
    return sorted(dossier.pages, key=lambda page: page.number)


def _original_number(page: Page) -> int:
    return page.original_number if page.original_number is not None else page.number


def _rebuild(session: Session, blobs: BlobStore, dossier: Dossier, who: Actor, action: str,
             page: Page, old: dict[str, Any], new: dict[str, Any]) -> Dossier:
    """Write the PDF of the pages as they now stand, then audit and announce ``action``."""
    old_pdf = dossier.pdf_sha
    ordered = _in_order(dossier)
    layout = [PagePlacement(_original_number(p), p.turn) for p in ordered if not p.removed]
    if layout == [PagePlacement(n) for n in range(1, len(ordered) + 1)]:
        dossier.pdf_sha = dossier.original_pdf_sha  # back where the pipeline left it
    else:
        dossier.pdf_sha = blobs.put(rearrange_pdf(_original_pdf(blobs, dossier), layout,
                                                  dossier.updated_at))
    dossier.page_count = len(layout)
    session.flush()
    record_audit(session, who, action, "page", page.id,
                 {"dossier_id": dossier.id, **old, "pdf_sha": old_pdf},
                 {"dossier_id": dossier.id, **new, "pdf_sha": dossier.pdf_sha})
    return _announce(session, dossier, action)


def _original_pdf(blobs: BlobStore, dossier: Dossier) -> bytes:
    assert dossier.original_pdf_sha is not None
    try:
        with blobs.open(dossier.original_pdf_sha) as stream:
            return stream.read()
    except NotFoundError as exc:
        raise BlobError(f"the original PDF of dossier {dossier.id} is missing") from exc
    except OSError as exc:
        raise BlobError(f"the original PDF of dossier {dossier.id} cannot be read: {exc}") from exc


def _layout_of(dossier: Dossier) -> list[dict[str, Any]]:
    return [{"number": page.number, "original_number": page.original_number, "turn": page.turn,
             "removed": page.removed} for page in _in_order(dossier)]


def _announce(session: Session, dossier: Dossier, action: str) -> Dossier:
    """``dossier.pages_changed`` (last: the feed's lock is held until the commit), and the
    dossier with its pages reloaded in their new order."""
    payload: dict[str, Any] = {"dossier_id": dossier.id, "kind": str(dossier.kind),
                               "state": str(dossier.state), "version": dossier.version,
                               "pdf_sha": dossier.pdf_sha, "page_count": dossier.page_count,
                               "action": action}
    if dossier.record is not None:
        payload["dossier_code"] = dossier.record.dossier_code
    session.flush()
    index_dossier(session, dossier.id)  # removed pages leave the search index
    append_event(session, EventType.DOSSIER_PAGES_CHANGED, payload, dossier.unit_code)
    session.refresh(dossier, ["pages"])
    log.info("dossier %s: %s, version %s, PDF %.12s", dossier.id, action, dossier.version,
             dossier.pdf_sha)
    return dossier
