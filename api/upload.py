"""Receiving an uploaded scan: a ``multipart/form-data`` body streamed to a file, with
its size checked on every chunk (never read whole into memory), then the same checks
and reception as a dropped file.

Form: ``file`` (the scan, required) and ``station`` (optional).
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from fastapi import Request
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from api.errors import InvalidRequestError
from intake.errors import FileTooLargeError, InputError
from intake.reception import ReceivedScan, quarantine_scan, receive_file
from intake.sources import SourceLimits, sniff_format
from intake.store import NotFoundError, Store, get_station

log = logging.getLogger(__name__)

FILE_FIELD = "file"
MAX_FIELD_BYTES = 4096
MAX_FIELDS = 16
MULTIPART_OVERHEAD = 64 * 1024  # headers and boundaries allowed beyond the file itself
_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,12}$")


@dataclass(frozen=True, slots=True)
class Upload:
    path: Path  # the received file, in the incoming folder
    filename: str  # as the client named it
    size: int
    fields: dict[str, str]


async def receive_upload(request: Request, folder: Path, max_bytes: int) -> Upload:
    """Stream the request's multipart body into ``folder``; 413 past ``max_bytes``."""
    kind, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise InvalidRequestError("send the scan as multipart/form-data with a 'file' part")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + MULTIPART_OVERHEAD:
        raise FileTooLargeError(f"the upload is {int(declared):,} bytes, more than the "
                                f"limit of {max_bytes:,} bytes")
    return await read_multipart(request.stream(), boundary, folder, max_bytes)


async def read_multipart(chunks: AsyncIterator[bytes], boundary: bytes, folder: Path,
                         max_bytes: int) -> Upload:
    """Parse a multipart body chunk by chunk; the file part goes straight to disk."""
    folder.mkdir(parents=True, exist_ok=True)
    receiver = _PartReceiver(folder, max_bytes)
    parser = MultipartParser(boundary, receiver.callbacks())
    try:
        async for chunk in chunks:
            parser.write(chunk)
        parser.finalize()
        return receiver.upload()
    except MultipartParseError as exc:
        receiver.discard()
        raise InvalidRequestError(f"broken multipart body: {exc}") from exc
    except BaseException:
        receiver.discard()
        raise


def take_upload(store: Store, upload: Upload, *, unit_code: str | None,
                data_dir: Path, max_bytes: int) -> ReceivedScan:
    """Check the uploaded file as a dropped one is checked; quarantine it (and raise its
    error) when it fails, else receive it."""
    station = upload.fields.get("station") or None
    try:
        unit_code = unit_code or _station_unit(store, station)
        try:
            sniff_format(upload.path, SourceLimits(max_bytes=max_bytes))
        except InputError as exc:
            quarantine_scan(store, upload.path, exc, original_name=upload.filename,
                            station=station, unit_code=unit_code, data_dir=data_dir)
            raise
        return receive_file(store, upload.path, original_name=upload.filename,
                            station=station, unit_code=unit_code, data_dir=data_dir)
    finally:
        upload.path.unlink(missing_ok=True)  # gone already unless something failed


def _station_unit(store: Store, station: str | None) -> str | None:
    if station is None:
        return None
    with store.read_session() as session:
        try:
            return get_station(session, station).unit_code
        except NotFoundError:
            return None


@dataclass
class _PartReceiver:
    """Collects the parts the parser reports: small fields in memory, the file on disk."""

    folder: Path
    max_bytes: int
    fields: dict[str, str] = field(default_factory=dict)
    _header_name: bytearray = field(default_factory=bytearray)
    _header_value: bytearray = field(default_factory=bytearray)
    _headers: dict[bytes, bytes] = field(default_factory=dict)
    _value: bytearray = field(default_factory=bytearray)
    _in_file: bool = False
    _out: BinaryIO | None = None
    _path: Path | None = None
    _filename: str = ""
    _field_name: str = ""
    _size: int = 0

    def callbacks(self) -> dict:
        return {"on_part_begin": self._part_begin, "on_header_field": self._header_field,
                "on_header_value": self._header_value_data, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished, "on_part_data": self._data,
                "on_part_end": self._part_end}

    def upload(self) -> Upload:
        if self._path is None or self._out is not None:
            raise InvalidRequestError(f"no complete '{FILE_FIELD}' part in the upload")
        return Upload(self._path, self._filename, self._size, dict(self.fields))

    def discard(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        if self._path is not None:
            self._path.unlink(missing_ok=True)

    def _part_begin(self) -> None:
        self._headers, self._value, self._in_file = {}, bytearray(), False

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_data(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[bytes(self._header_name).lower()] = bytes(self._header_value)
        self._header_name, self._header_value = bytearray(), bytearray()

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition"))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if name != FILE_FIELD:
            self._field_name = name
            return
        if self._path is not None:
            raise InvalidRequestError(f"send one '{FILE_FIELD}' part per upload")
        self._filename = options.get(b"filename", b"").decode("utf-8", "replace") or "upload"
        suffix = Path(self._filename).suffix
        self._path = self.folder / f"{uuid.uuid4().hex}{suffix if _SUFFIX.match(suffix) else ''}"
        self._out = self._path.open("xb")
        self._in_file = True

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._in_file:
            assert self._out is not None
            self._size += end - start
            if self._size > self.max_bytes:
                raise FileTooLargeError(f"the file is larger than the limit of "
                                        f"{self.max_bytes:,} bytes")
            self._out.write(data[start:end])
            return
        self._value += data[start:end]
        if len(self._value) > MAX_FIELD_BYTES:
            raise InvalidRequestError(f"form field too long (limit {MAX_FIELD_BYTES} bytes)")

    def _part_end(self) -> None:
        if self._in_file:
            assert self._out is not None
            self._out.flush()
            os.fsync(self._out.fileno())  # the scan row, once committed, promises the bytes
            self._out.close()
            self._out, self._in_file = None, False
            return
        if len(self.fields) >= MAX_FIELDS:
            raise InvalidRequestError("too many form fields")
        self.fields[self._field_name] = self._value.decode("utf-8", "replace").strip()
