"""Run the whole test suite: every addon's Odoo tests, browser tours, tests/.

Each addon is installed alone (with what it depends on) in a fresh database
and its tests run there; when the suite has more than one addon, all of them
are also installed together in one database and every test runs again. Then
pytest runs the top-level tests/, and, for the whole suite, the fault suite
(setup/faults.py) at its CI size, one test a scenario. Databases are dropped at the end, whatever
happens.

A browser test that Odoo skips (no Chromium, no websocket-client) counts as
a failure. The fault scenarios' reports (setup/test_log.py) are printed
together at the end. The last line printed is "N passed, N failed[, N
skipped]"; the exit status is non-zero when anything failed.
"""

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from addons import suite_addons
from odoo_conf import CONF, odoo_command, read_options
from suite_databases import Databases, database_name
from test_log import parse_odoo_log

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / ".data" / "test-logs"


@dataclass
class Run:
    """One Odoo process: a fresh database, addons to install, tests to run."""

    label: str
    database: str
    install: list
    test_tags: str
    result: object = None
    seconds: float = 0.0
    log: Path = field(default=None)


@dataclass
class Totals:
    passed: int = 0
    failed: int = 0
    skipped: int = 0

    def add(self, result):
        self.passed += result.passed
        self.failed += result.failed
        self.skipped += result.skipped

    def __str__(self):
        text = f"{self.passed} passed, {self.failed} failed"
        return text + (f", {self.skipped} skipped" if self.skipped else "")


def plan(addons, run_id, tag=""):
    """Each addon alone, then all together; with a tag, only the tests that
    carry it, each addon alone."""
    runs = [
        Run(f"{addon} alone", database_name(run_id, addon), [addon], f"{tag}/{addon}")
        for addon in addons
    ]
    if len(addons) > 1 and not tag:
        tags = ",".join(f"/{addon}" for addon in addons)
        runs.append(Run("all addons together", database_name(run_id, "all"), addons, tags))
    return runs


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Processes:
    """The Odoo processes of the run, each with its browser, in its own
    process group so that stopping the run stops them all."""

    def __init__(self):
        self._lock = threading.Lock()
        self._running = set()
        self._stopping = False

    def run(self, command, log):
        with self._lock:
            if self._stopping:
                return -signal.SIGTERM
            process = subprocess.Popen(
                command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            self._running.add(process)
        returncode = process.wait()
        with self._lock:
            self._running.discard(process)
        return returncode

    def stop(self):
        with self._lock:
            self._stopping = True
            running = list(self._running)
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)


def run_odoo(run, arguments, processes):
    run.log = LOG_DIR / f"{run.database}.log"
    command = odoo_command(
        arguments.odoo_bin,
        arguments.config,
        run.database,
        f"--db-filter=^{run.database}$",
        "--init",
        ",".join(run.install),
        "--test-enable",
        "--test-tags",
        run.test_tags,
        "--stop-after-init",
        "--log-level",
        "test",
        "--http-port",
        str(free_port()),
        "--max-cron-threads",
        "0",
    )
    started = time.monotonic()
    with run.log.open("w") as log:
        returncode = processes.run(command, log)
    run.seconds = time.monotonic() - started
    run.result = parse_odoo_log(run.log.read_text(errors="replace"), returncode)
    return run


def run_pytest():
    tests = ROOT / "tests"
    report = LOG_DIR / "pytest.xml"
    if not any(tests.glob("**/test_*.py")):
        return Totals()
    report.unlink(missing_ok=True)
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(tests),
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
        ],
        cwd=ROOT,
        check=False,
    )
    totals = Totals()
    if not report.exists():
        totals.failed = 1
        return totals
    suites = ET.parse(report).getroot()
    for suite in suites.iter("testsuite"):
        tests_run = int(suite.get("tests", 0))
        failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped = int(suite.get("skipped", 0))
        totals.failed += failed
        totals.skipped += skipped
        totals.passed += tests_run - failed - skipped
    if process.returncode not in (0, 1) and not totals.failed:
        totals.failed = 1
    return totals


def run_faults(arguments):
    """The fault suite (setup/faults.py, CI size): each scenario a test."""
    process = subprocess.run(
        [
            sys.executable,
            str(ROOT / "setup" / "faults.py"),
            "--config",
            arguments.config,
            "--odoo-bin",
            arguments.odoo_bin,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    print(process.stdout, end="", flush=True)
    last = (process.stdout.strip().splitlines() or [""])[-1]
    match = re.fullmatch(r"(\d+) passed, (\d+) failed", last)
    if not match:
        return Totals(failed=1)
    return Totals(passed=int(match[1]), failed=int(match[2]))


def report(run):
    result = run.result
    print(
        f"[{run.label}] {result.passed} passed, {result.failed} failed"
        + (f", {result.skipped} skipped" if result.skipped else "")
        + f" in {run.seconds:.0f}s (log: {run.log.relative_to(ROOT)})",
        flush=True,
    )
    for problem in result.problems:
        print("    " + problem.replace("\n", "\n    "), flush=True)


def print_fault_reports(runs):
    """Every fault scenario's report, by the run it comes from."""
    lines = [
        f"    [{run.label}] {line}"
        for run in runs
        if run.result
        for line in run.result.fault_reports
    ]
    if lines:
        print("Fault reports (CC_FAULT_SCALE=" + os.environ.get("CC_FAULT_SCALE", "ci") + "):")
        print("\n".join(lines), flush=True)


def _check_browser_tools():
    """Refuse to start when the browser tests could only be skipped."""
    missing = []
    if not any(
        shutil.which(name)
        for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    ):
        missing.append("Chromium (setup/chromium.sh says how to install it)")
    try:
        import websocket  # noqa: F401, PLC0415
    except ImportError:
        missing.append("the websocket-client package (pip install -r requirements.txt)")
    return missing


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default=str(CONF))
    parser.add_argument("--odoo-bin", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--tag", default="", help="only the Odoo tests with this tag")
    parser.add_argument("addons", nargs="*", help="only these addons (default: every addon)")
    arguments = parser.parse_args()
    arguments.config = str(Path(arguments.config).resolve())

    missing = _check_browser_tools()
    if missing:
        print("Browser tests cannot run without " + " and ".join(missing), flush=True)
        print("0 passed, 1 failed")
        return 1

    LOG_DIR.mkdir(parents=True, exist_ok=True)
    options = read_options(arguments.config)
    options.setdefault("data_dir", str(ROOT / ".data" / "odoo"))
    databases = Databases(options)
    databases.drop(databases.stale())
    run_id = secrets.randbelow(2**31)
    databases.claim(run_id)
    runs = plan(arguments.addons or suite_addons(), run_id, arguments.tag)
    processes = Processes()

    # SIGTERM (CI timeout, kill) must still drop the databases.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    totals = Totals()
    try:
        with ThreadPoolExecutor(max_workers=max(1, arguments.jobs)) as pool:
            try:
                for run in pool.map(lambda run: run_odoo(run, arguments, processes), runs):
                    report(run)
                    totals.add(run.result)
            except BaseException:
                pool.shutdown(cancel_futures=True, wait=False)
                processes.stop()
                raise
        pytest_totals = run_pytest()
        print(f"[tests/ (pytest)] {pytest_totals}", flush=True)
        totals.add(pytest_totals)
        if not arguments.addons:
            fault_totals = run_faults(arguments)
            print(f"[fault suite] {fault_totals}", flush=True)
            totals.add(fault_totals)
    finally:
        databases.drop([run.database for run in runs])
        databases.release()
    print_fault_reports(runs)
    print(totals)
    return 1 if totals.failed or not totals.passed else 0


if __name__ == "__main__":
    sys.exit(main())
