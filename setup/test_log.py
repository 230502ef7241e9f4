"""Read an Odoo test log: how many tests passed, failed and were skipped.

Odoo logs each test failure as it happens ("FAIL: ..." / "ERROR: ..."), each
skip ("skipped <test> : <reason>"), and a summary per database ("N failed,
N error(s) of M tests when loading database ..."). Anything else logged at
WARNING or above (demo data that failed to load, a view or field Odoo
complains about, a traceback in a cron) fails the run too, even when every
test passed, as on Odoo's own runbot.

Fault tests (tag cc_fault) log one INFO line each, "FAULT REPORT <scenario>:
<figures>": those are collected to be printed together at the end of the run.
"""

import re
from dataclasses import dataclass, field

# 2026-01-31 10:00:00,123 4242 INFO database odoo.addons.x: message
RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>[A-Z_]+) \S+ (?P<logger>[^\s:]+): (?P<message>.*)$"
)
SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
SKIP = re.compile(r"^skipped (?P<test>.+?) : (?P<reason>.*)$")
BROWSER_SKIP = re.compile(r"chrome|chromium|websocket|browser", re.IGNORECASE)
TEST_FAILURE = re.compile(r"^(FAIL|ERROR): ")
FAULT_REPORT = "FAULT REPORT "


@dataclass
class OdooResult:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    problems: list = field(default_factory=list)
    fault_reports: list = field(default_factory=list)


def records(text):
    """Yield (level, logger, message with its continuation lines)."""
    current = None
    for line in text.splitlines():
        match = RECORD.match(line)
        if match:
            if current:
                yield current
            current = [match["level"], match["logger"], match["message"]]
        elif current:
            current[2] += "\n" + line
    if current:
        yield current


def parse_odoo_log(text, returncode):
    result = OdooResult()
    tests_run = failed = errors = 0
    summary_seen = False
    stray_errors = []
    for level, logger, message in records(text):
        if summary := SUMMARY.search(message):
            summary_seen = True
            failed, errors, tests_run = (int(number) for number in summary.groups())
        elif level == "INFO" and message.startswith(FAULT_REPORT):
            result.fault_reports.append(message.removeprefix(FAULT_REPORT).strip())
        elif skip := SKIP.match(message):
            if BROWSER_SKIP.search(skip["reason"]):
                result.failed += 1
                result.problems.append(
                    f"browser test skipped, counted as failed: {skip['test']}: {skip['reason']}"
                )
            else:
                result.skipped += 1
        elif level in ("WARNING", "ERROR", "CRITICAL"):
            if TEST_FAILURE.match(message):
                result.problems.append(message)
            else:
                stray_errors.append(f"{level} {logger}: {message}")

    browser_skips = result.failed
    result.failed += failed + errors
    result.passed = tests_run - failed - errors - result.skipped - browser_skips
    if stray_errors and not (failed or errors):
        result.failed += 1
    result.problems += stray_errors
    if not summary_seen:
        result.failed += 1
        result.problems.append("Odoo stopped before reporting its tests (see the log)")
    elif returncode != 0 and not result.failed:
        result.failed += 1
        result.problems.append(f"Odoo exited with status {returncode}")
    return result
