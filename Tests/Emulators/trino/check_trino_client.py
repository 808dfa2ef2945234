#!/usr/bin/env python3
"""Proof that the Trino emulator speaks Trino: the official client (PyPI trino==0.340.0) runs
paged selects of every type, SHOW and information_schema, errors, cancel, retries, USE and
prepared statements against it, and what it sent is checked in the emulator's request log.

    python3 check_trino_client.py [--url http://127.0.0.1:58080]   (default $SWITCHYARD_TEST_TRINO_URL)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
import trino_data_checks  # noqa: E402
import trino_session_checks  # noqa: E402
from checklist import Checklist  # noqa: E402
from trino_check_support import admin  # noqa: E402

checks = Checklist("trino")
saved = admin("/_emulator/config")
admin("/_emulator/config", {"page_size": 500, "empty_every": 3, "passwords": {}, "fail_next": 0})
admin("/_emulator/reset", {})
try:
    trino_data_checks.run(checks)
    trino_session_checks.run(checks)
finally:
    admin("/_emulator/config", {k: saved[k] for k in ("page_size", "empty_every", "passwords")})
sys.exit(checks.finish())
