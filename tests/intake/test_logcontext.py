"""Logs carry the scan/dossier/station and never a whole personal ID number."""

from __future__ import annotations

import logging

from intake.logcontext import ContextFilter, log_context, mask_personal_ids


def test_cccd_and_cmnd_numbers_are_masked_but_hashes_and_phones_are_not():
    line = "id 019190001234 cmnd 123456789 sha 35b0691234567890406ab tel 0912345678"
    assert mask_personal_ids(line) == "id 019******234 cmnd 123***789 sha 35b0691234567890406ab tel 0912345678"


def test_every_record_gets_the_context_and_masked_message(caplog):
    logger = logging.getLogger("intake.test")
    caplog.handler.addFilter(ContextFilter())
    with caplog.at_level(logging.INFO, logger="intake.test"), log_context(scan="s1", station="desk-1"):
        logger.info("read %s", "019190001234")
    record = caplog.records[-1]
    assert record.context == "scan=s1 station=desk-1"
    assert record.getMessage() == "read 019******234"
