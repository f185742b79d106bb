"""The records store: records, dossiers, pages, fields, scans, jobs, events, keys, audit
(SQLAlchemy: SQLite by default, PostgreSQL by URL) and content-addressed blobs on disk.

Open it once with ``open_store(url, data_dir)`` (migrates to the newest schema), then
call the repository functions with a session from ``store.session()``: they flush but
never commit, so one ``with store.session() as session:`` block is one transaction, and
the events a change appends commit (or vanish) together with it. The store knows
nothing of the web.
"""

from intake.store.audit import Actor, list_audit, record_audit
from intake.store.blobs import BlobStore, LocalBlobStore, hash_file
from intake.store.deliveries import DueDelivery, claim_due_deliveries, get_webhook, list_webhooks
from intake.store.dossiers import (
    PageInput,
    add_dossier_with_pages,
    approve_dossier,
    assign_dossier,
    correct_field,
    get_dossier,
    list_dossiers,
    mark_dossier_ready,
)
from intake.store.engine import Store, StoreOptions, default_url, migrate_schema, open_store
from intake.store.errors import (
    BlobError,
    ConflictError,
    DuplicateError,
    InvalidValueError,
    MigrationError,
    NotFoundError,
    StoreError,
)
from intake.store.events import EventType, append_event, latest_event_id, list_events
from intake.store.jobs import (
    StaleJobs,
    claim_next_job,
    enqueue_job,
    finish_job,
    get_job,
    quarantine_job,
    renew_lease,
    requeue_stale_jobs,
)
from intake.store.history import dossier_history
from intake.store.keys import (
    authenticate_key,
    create_api_key,
    find_live_key,
    list_api_keys,
    revoke_api_key,
)
from intake.store.page_operations import (
    LastPageError,
    move_page,
    remove_page,
    restore_dossier,
    restore_page,
    turn_page,
)
from intake.store.pages import get_page, set_page_preview
from intake.store.records import (
    ensure_record_for_receipt,
    find_record,
    get_record,
    list_records,
    set_record_status,
    upsert_record,
)
from intake.store.review_queue import (
    QueueFilter,
    QueuePage,
    QueueRow,
    field_needs_check,
    fields_to_check,
    queue_procedures,
    review_queue,
)
from intake.store.scan_reception import (
    SCAN_REQUEUED,
    dossier_ids_for_scan,
    record_quarantined_scan,
    requeue_quarantined_scan,
)
from intake.store.scans import create_scan, find_scan_by_sha, get_scan, list_scans, receive_scan
from intake.store.search import Matched, SearchHit, find_records, search_dossiers
from intake.store.search_index import index_dossier, index_record, reindex_all
from intake.store.stats import (
    IntakeStats,
    dossiers_per_day,
    intake_stats,
    job_counts,
    job_seconds_per_page,
    page_ocr_seconds,
    pages_ready_since,
    quarantine_counts,
    review_backlog,
)
from intake.store.stations import get_station, list_stations, upsert_station
from intake.store.tables import (
    RECORD_STATUS_NAMES,
    DossierKind,
    DossierState,
    JobState,
    KeyRole,
    RecordStatus,
    ScanState,
)
from intake.store.webhooks import (
    add_webhook,
    deactivate_webhook,
    due_deliveries,
    record_delivery,
)

__all__ = [
    "Actor", "add_dossier_with_pages", "add_webhook", "append_event", "approve_dossier",
    "assign_dossier", "authenticate_key", "BlobError", "BlobStore", "claim_next_job",
    "ConflictError", "correct_field", "create_api_key", "create_scan", "default_url",
    "DossierKind", "DossierState", "due_deliveries", "DuplicateError", "enqueue_job",
    "ensure_record_for_receipt", "EventType", "find_record", "find_scan_by_sha",
    "finish_job", "get_dossier", "get_job", "get_record", "get_scan", "get_station",
    "hash_file", "InvalidValueError", "JobState", "KeyRole", "latest_event_id",
    "list_api_keys", "list_audit", "list_dossiers", "list_events", "list_records",
    "list_scans", "list_stations", "LocalBlobStore", "mark_dossier_ready", "migrate_schema",
    "MigrationError", "NotFoundError", "open_store", "PageInput", "quarantine_job",
    "receive_scan", "record_audit", "record_delivery", "RECORD_STATUS_NAMES",
    "RecordStatus", "renew_lease", "requeue_stale_jobs", "revoke_api_key", "ScanState",
    "set_record_status", "StaleJobs", "Store", "StoreError", "StoreOptions",
    "upsert_record", "upsert_station",
    # added with the API: scans refused at the door, pages, deliveries, figures
    "claim_due_deliveries", "deactivate_webhook", "dossier_ids_for_scan", "DueDelivery",
    "get_page", "get_webhook", "intake_stats", "IntakeStats", "job_counts",
    "job_seconds_per_page", "list_webhooks", "page_ocr_seconds", "pages_ready_since",
    "quarantine_counts",
    "record_quarantined_scan", "requeue_quarantined_scan", "SCAN_REQUEUED",
    "set_page_preview",
    # added with the officers' review pages
    "dossier_history", "dossiers_per_day", "field_needs_check", "fields_to_check",
    "find_live_key", "QueueFilter", "QueuePage", "QueueRow", "queue_procedures",
    "review_backlog", "review_queue",
    # officers' page operations
    "LastPageError", "move_page", "remove_page", "restore_dossier", "restore_page", "turn_page",
    # search
    "find_records", "index_dossier", "index_record", "Matched", "reindex_all", "SearchHit",
    "search_dossiers",
]
