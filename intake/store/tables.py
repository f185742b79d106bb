"""The records store's tables, as SQLAlchemy 2 typed ORM classes.

Times are stored in UTC and always come back timezone-aware, on SQLite as on
PostgreSQL. Statuses are ``StrEnum`` values kept as short strings (no native enum
types, so adding a state is a plain migration).
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import IntEnum, StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database (SQLite keeps naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware one")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


Json = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def _states(enum_cls: type[StrEnum], name: str) -> Enum:
    return Enum(enum_cls, name=name, native_enum=False, create_constraint=True, length=16,
                validate_strings=True, values_callable=lambda cls: [m.value for m in cls])


class RecordStatus(IntEnum):
    """Dossier status codes used with the national public service portal (DOMAIN.md)."""

    REGISTERED = 1
    ACCEPTED = 2
    NOT_ACCEPTED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    FINANCIAL_OBLIGATION = 6
    WITHDRAWN = 7
    STOPPED = 8
    PROCESSED = 9
    RESULT_RETURNED = 10


RECORD_STATUS_NAMES: dict[int, str] = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}


class DossierKind(StrEnum):
    SUBMISSION = "submission"
    SUPPLEMENT = "supplement"
    RESULT = "result"


class DossierState(StrEnum):
    PROCESSING = "processing"
    READY = "ready"
    APPROVED = "approved"


class ScanState(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    QUARANTINED = "quarantined"
    DUPLICATE = "duplicate"


class JobState(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    QUARANTINED = "quarantined"


class KeyRole(StrEnum):
    SCANNER = "scanner"
    OFFICER = "officer"
    SERVICE = "service"
    ADMIN = "admin"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: Json, list[Any]: Json}


class Record(Base):
    """One administrative case, identified by its dossier code (mã hồ sơ)."""

    __tablename__ = "records"
    __table_args__ = (CheckConstraint("status BETWEEN 1 AND 10", name="status_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_code: Mapped[str] = mapped_column(String(64), unique=True)
    procedure_code: Mapped[str | None] = mapped_column(String(32))
    applicant_name: Mapped[str | None] = mapped_column(String(200))
    applicant_id_number: Mapped[str | None] = mapped_column(String(16))
    unit_code: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[int] = mapped_column(Integer, default=RecordStatus.REGISTERED, index=True)
    received_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    dossiers: Mapped[list[Dossier]] = relationship(back_populates="record", order_by="Dossier.id")

    @property
    def status_name(self) -> str:
        return RECORD_STATUS_NAMES[self.status]


class Scan(Base):
    """One file a scanner dropped or a client uploaded. Only the first scan of a given
    content is an original; later copies point to it through ``duplicate_of``."""

    __tablename__ = "scans"
    __table_args__ = (
        Index("uq_scans_original_sha256", "sha256", unique=True,
              sqlite_where="duplicate_of IS NULL", postgresql_where="duplicate_of IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("scans.id"))
    station: Mapped[str | None] = mapped_column(String(100))
    unit_code: Mapped[str | None] = mapped_column(String(64), index=True)
    original_filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[ScanState] = mapped_column(_states(ScanState, "scan_state"), index=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    archive_path: Mapped[str | None] = mapped_column(String(1024))


class Dossier(Base):
    """A PDF bundle of scanned pages: unassigned while ``record_id`` is empty."""

    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"), index=True)
    kind: Mapped[DossierKind] = mapped_column(_states(DossierKind, "dossier_kind"),
                                              default=DossierKind.SUBMISSION)
    state: Mapped[DossierState] = mapped_column(_states(DossierState, "dossier_state"),
                                                default=DossierState.PROCESSING, index=True)
    unit_code: Mapped[str | None] = mapped_column(String(64), index=True)
    pdf_sha: Mapped[str | None] = mapped_column(String(64))
    # the pipeline's own PDF; ``pdf_sha`` differs from it once officers turned, moved or
    # removed pages, and restoring the dossier goes back to it
    original_pdf_sha: Mapped[str | None] = mapped_column(String(64))
    page_count: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    source_scan_id: Mapped[int | None] = mapped_column(ForeignKey("scans.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    ready_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    approved_by: Mapped[str | None] = mapped_column(String(200))

    record: Mapped[Record | None] = relationship(back_populates="dossiers")
    pages: Mapped[list[Page]] = relationship(back_populates="dossier", order_by="Page.number",
                                             cascade="all, delete-orphan")


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("dossier_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    number: Mapped[int]
    source_scan_id: Mapped[int | None] = mapped_column(ForeignKey("scans.id"))
    source_page: Mapped[int | None]
    rotation: Mapped[int] = mapped_column(default=0)
    skew_deg: Mapped[float] = mapped_column(Float, default=0.0)
    text: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float | None] = mapped_column(Float)
    document_type: Mapped[str | None] = mapped_column(String(200))
    image_sha: Mapped[str | None] = mapped_column(String(64))
    preview_sha: Mapped[str | None] = mapped_column(String(64))
    width: Mapped[int | None]
    height: Mapped[int | None]
    ocr_seconds: Mapped[float | None] = mapped_column(Float)  # the OCR engine's wall time
    # officers' page operations: a clockwise quarter turn on top of the pipeline's
    # ``rotation`` (0, 90, 180, 270), removal from the PDF, and the page's place in the
    # original PDF (``number`` is its place now)
    turn: Mapped[int] = mapped_column(default=0, server_default="0")
    removed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    original_number: Mapped[int | None]

    dossier: Mapped[Dossier] = relationship(back_populates="pages")
    fields: Mapped[list[FieldValue]] = relationship(back_populates="page", order_by="FieldValue.id",
                                                    cascade="all, delete-orphan")


class FieldValue(Base):
    """One field read from a page (name, dob, id_number, ...), as corrected by officers."""

    __tablename__ = "fields"
    __table_args__ = (UniqueConstraint("page_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    bbox: Mapped[list[Any] | None]
    warnings: Mapped[list[Any]] = mapped_column(default=list)
    corrected: Mapped[bool] = mapped_column(Boolean, default=False)
    # an officer's word that the value as it stands is right (``dossiers.confirm_field``)
    confirmed_at: Mapped[datetime | None]
    confirmed_by: Mapped[str | None] = mapped_column(String(200))

    page: Mapped[Page] = relationship(back_populates="fields")

    @property
    def checked(self) -> bool:
        """An officer corrected the value or confirmed it: it needs no more checking."""
        return self.corrected or self.confirmed_at is not None


class Job(Base):
    """Durable work for the workers: process one scan. A lease marks who holds it."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_lease_expires_at", "state", "lease_expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id"), index=True)
    state: Mapped[JobState] = mapped_column(_states(JobState, "job_state"), default=JobState.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class Station(Base):
    """A watched folder and its defaults: unit, procedure, who scans there."""

    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    unit_code: Mapped[str] = mapped_column(String(64))
    procedure_code: Mapped[str | None] = mapped_column(String(32))
    operator: Mapped[str | None] = mapped_column(String(200))
    folder: Mapped[str] = mapped_column(String(1024))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ApiKey(Base):
    """An API key: only the sha256 of its secret is kept; ``prefix`` finds the row."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    role: Mapped[KeyRole] = mapped_column(_states(KeyRole, "key_role"))
    unit_code: Mapped[str | None] = mapped_column(String(64))
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class SignInSession(Base):
    """A sign-in to the officers' pages made with a key. Its ``id`` is named in the signed
    session cookie; signing out deletes the row, so that cookie no longer holds even
    before it expires (``intake.store.sign_ins``)."""

    __tablename__ = "sign_in_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class Event(Base):
    """The change feed. ``id`` is the readers' cursor: ids become visible in order."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_unit_code_id", "unit_code", "id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"),
                                    primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    unit_code: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Webhook(Base):
    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    secret: Mapped[str] = mapped_column(String(128))  # signs deliveries, so kept readable
    event_types: Mapped[list[Any]] = mapped_column(default=list)  # empty: every type
    unit_code: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "webhook_id"),
        Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    attempt: Mapped[int] = mapped_column(default=0)
    status: Mapped[DeliveryStatus] = mapped_column(_states(DeliveryStatus, "delivery_status"),
                                                   default=DeliveryStatus.PENDING)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    response_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AuditEntry(Base):
    """Who changed what, when, from which value to which."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity_type_entity_id", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    actor_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[Any | None] = mapped_column(Json)
    new_value: Mapped[Any | None] = mapped_column(Json)


class DossierSearch(Base):
    """A dossier's document in the search index: folded words (``intake.search_text``) of
    its record's code, names, ID numbers and page text. Kept up to date by
    ``intake.store.search_index``; the full-text index over it is made by hand (see
    ``SEARCH_ENGINE_OBJECTS``)."""

    __tablename__ = "dossier_search"

    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"),
                                            primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(Text, default="")
    id_numbers: Mapped[str] = mapped_column(Text, default="")
    names: Mapped[str] = mapped_column(Text, default="")
    names_exact: Mapped[str] = mapped_column(Text, default="")  # with accents, for ranking
    body: Mapped[str] = mapped_column(Text, default="")


class RecordSearch(Base):
    """A record's document in the search index (code, applicant, ID number), so records
    without any dossier yet can be found too."""

    __tablename__ = "record_search"

    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"),
                                           primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(Text, default="")
    id_numbers: Mapped[str] = mapped_column(Text, default="")
    names: Mapped[str] = mapped_column(Text, default="")
    names_exact: Mapped[str] = mapped_column(Text, default="")


# The full-text parts of the search index, made by hand in migration 0004 because the ORM
# cannot describe them: on SQLite an FTS5 table ``<table>_fts`` per document table (FTS5
# keeps its data in shadow tables ``<table>_fts_*``), on PostgreSQL a generated tsvector
# column ``search_vector`` with a GIN index ``ix_<table>_search_vector``.
SEARCH_TABLES = ("dossier_search", "record_search")
SEARCH_VECTOR = "search_vector"


def is_described_by_models(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's ``include_name`` hook: False for the search engine's objects found in the
    database, which the models leave out on purpose; True for everything else."""
    if name is None:
        return True
    if type_ == "table":
        return not any(name == f"{table}_fts" or name.startswith(f"{table}_fts_")
                       for table in SEARCH_TABLES)
    if type_ == "column":
        return not (name == SEARCH_VECTOR and parent_names.get("table_name") in SEARCH_TABLES)
    if type_ == "index":
        return name not in {f"ix_{table}_{SEARCH_VECTOR}" for table in SEARCH_TABLES}
    return True
