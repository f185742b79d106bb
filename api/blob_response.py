"""Serving a blob over HTTP: ``ETag`` (the blob's sha256), ``If-None-Match`` -> 304,
single ``Range`` requests -> 206 with ``Content-Range``, and ``HEAD``.

Blobs never change under their key, so the sha is a strong validator. A range header
this does not serve (several ranges, another unit, nonsense) is ignored and the whole
blob sent, as RFC 9110 allows; a range wholly past the end answers 416.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import StreamingResponse

from api.errors import RangeNotSatisfiableError
from intake.store import BlobStore, NotFoundError, Store, get_dossier

log = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_MAGIC = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"),
          (b"\x89PNG\r\n\x1a\n", "image/png"), (b"II*\x00", "image/tiff"),
          (b"MM\x00*", "image/tiff"))


def blob_response(request: Request, blobs: BlobStore, sha: str, *,
                  media_type: str | None = None, filename: str | None = None) -> Response:
    """Answer ``request`` (GET or HEAD) with blob ``sha``."""
    size = blobs.size(sha)
    etag = f'"{sha}"'
    headers = {"ETag": etag, "Accept-Ranges": "bytes",
               "Cache-Control": "private, no-cache"}
    if filename:
        headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    media_type = media_type or sniff_media_type(blobs, sha)
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    span = None
    if_range = request.headers.get("if-range")
    if if_range is None or if_range.strip() == etag:
        span = parse_range(request.headers.get("range"), size)
    start, end = span or (0, size - 1)
    if span is not None:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(end - start + 1)
    status = 206 if span is not None else 200
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=media_type)
    return StreamingResponse(_read_span(blobs, sha, start, end), status_code=status,
                             headers=headers, media_type=media_type)


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive byte span a ``Range`` header asks for, or None to send everything."""
    if not header:
        return None
    found = _RANGE.match(header.strip())
    if found is None:
        return None  # several ranges, or not bytes: the whole blob is a valid answer
    first, last = found.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        wanted = int(last)
        if wanted == 0 or size == 0:
            raise RangeNotSatisfiableError("an empty suffix range", size=size)
        return max(0, size - wanted), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None
    if start >= size:
        raise RangeNotSatisfiableError(f"range starts at {start}, the blob has {size} bytes",
                                       size=size)
    return start, end


def sniff_media_type(blobs: BlobStore, sha: str) -> str:
    with blobs.open(sha) as stream:
        head = stream.read(16)
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)),
                "application/octet-stream")


def _read_span(blobs: BlobStore, sha: str, start: int, end: int) -> Iterator[bytes]:
    with blobs.open(sha) as stream:
        stream.seek(start)
        left = end - start + 1
        while left > 0:
            chunk = stream.read(min(CHUNK_BYTES, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk


def dossier_pdf_response(request: Request, store: Store, dossier_id: int, unit: str | None,
                         unnamed: str = "dossier") -> Response:
    """The dossier's PDF as it stands, named by its dossier code (``<unnamed>-<id>.pdf``
    while it has none); ``ETag`` is its sha256, ranges are served."""
    with store.read_session() as session:
        dossier = get_dossier(session, dossier_id, unit)
        pdf_sha = dossier.pdf_sha
        code = dossier.record.dossier_code if dossier.record else f"{unnamed}-{dossier.id}"
    if pdf_sha is None:
        raise NotFoundError(f"dossier {dossier_id} has no PDF yet")
    return blob_response(request, store.blobs, pdf_sha, media_type="application/pdf",
                         filename=f"{code}.pdf")
