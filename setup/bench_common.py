"""What every part of the bench shares: the load generator, a prefork Odoo
server under load, databases made for the run, and steps that run inside Odoo.

A part of the bench is a module (setup/bench_<part>.py) with NAME, TITLE,
STEPS ({name: function(env, params) -> JSON-able result}) and
run(bench) -> the lines of its summary. bench.py runs the parts in order.
"""

import contextlib
import http.client
import json
import math
import multiprocessing
import os
import resource
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from odoo_conf import odoo_command, read_options
from postgres import connect
from run_tests import free_port

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / ".data" / "bench-logs"
DB_PREFIX = "cc_bench_"
WORKERS = 2
BATCH_SIZE = 200
# Load on each route before measuring: every worker loads the registry on
# its first request, which is not what is measured.
WARM_UP_SECONDS = 2
SERVER_START_SECONDS = 120


def addons_path(options, addons=None):
    """The configured addons path, with another copy of our addons instead
    of ours when given (a baseline measured side by side)."""
    ours = str(ROOT / "addons")
    return ",".join(
        str(addons) if addons and folder.rstrip("/") == ours else folder
        for folder in options["addons_path"].split(",")
    )


class BenchError(Exception):
    """The bench could not measure; its text says what went wrong."""


@dataclass
class Load:
    """What one route answered to a load: how fast, how long each request took."""

    acknowledged: int
    refused: Counter  # {HTTP status, or None when the connection failed: count}
    seconds: float
    latencies: list
    # CPU seconds the load generator spent sending them.
    client_cpu: float = 0.0

    @property
    def per_second(self):
        return self.acknowledged / self.seconds

    def latency_ms(self, percent):
        return 1000 * percentile(self.latencies, percent)


def best_of(env, call, runs):
    """{"first_ms", "best_ms"} of `runs` calls inside Odoo, env's caches
    emptied between them."""
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        call()
        times.append(1000 * (time.perf_counter() - started))
        env.invalidate_all()
    return {"first_ms": times[0], "best_ms": min(times)}


def percentile(values, percent):
    """The nearest-rank percentile: a latency some request really had."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * percent / 100)) - 1]


# The load generator: one connection per request, as Odoo's prefork workers
# close each connection after answering.

HEALTH_REQUEST = ("GET", "/web/health", None, {})


def send(port, request):
    """Send one (method, path, body, headers) request: its HTTP status (None
    when the connection failed) and how long it took."""
    method, path, body, headers = request
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = None
    finally:
        connection.close()
    return status, time.perf_counter() - started


def load(port, requests, concurrency, seconds, processes=1):
    """Keep `concurrency` requests in flight for `seconds`, from `processes`
    forked processes of threads: each thread sends its next request as soon
    as it has its answer. A fixed time rather than a fixed count, so that a
    fast machine is measured as long as a slow one. `requests(process,
    processes)` returns one process's source of requests (a function of no
    argument), so that processes send different ones."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(
            target=_load_process,
            args=(port, requests(index, processes), share, seconds, results),
        )
        for index, share in enumerate(_shares(concurrency, processes))
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=seconds + 120) for _worker in workers]
    for worker in workers:
        worker.join()
    failures = [outcome for outcome in outcomes if isinstance(outcome, str)]
    if failures:
        raise BenchError(f"The load generator failed: {failures[0]}")
    answers = [answer for outcome in outcomes for answer in outcome[0]]
    latencies = [latency for status, latency in answers if status == 200]
    refused = Counter(status for status, _latency in answers if status != 200)
    elapsed = max(outcome[1] for outcome in outcomes)
    cpu = sum(outcome[2] for outcome in outcomes)
    return Load(len(latencies), refused, elapsed, latencies, cpu)


def _shares(concurrency, processes):
    """Split `concurrency` threads as evenly as may be among processes."""
    return [
        concurrency // processes + (index < concurrency % processes) for index in range(processes)
    ]


def _load_process(port, next_request, concurrency, seconds, results):
    """One process of the load: puts (answers, seconds it took, CPU seconds
    it used) in `results`, or the text of its error."""
    started = time.perf_counter()
    deadline = started + seconds

    def client():
        answers = []
        while time.perf_counter() < deadline:
            answers.append(send(port, next_request()))
        return answers

    try:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            clients = [pool.submit(client) for _ in range(concurrency)]
            answers = [answer for future in clients for answer in future.result()]
    except Exception as error:  # the parent waits for an outcome: it gets the error's text
        results.put(f"{type(error).__name__}: {error}")
        return
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    results.put((answers, elapsed, usage.ru_utime + usage.ru_stime))


def report_load(label, result, log):
    refused = ", ".join(f"{count} × {status}" for status, count in result.refused.items())
    if not result.acknowledged:
        raise BenchError(f"{label}: no request was answered 200 ({refused}); see {log}")
    print(
        f"  {label}: {result.acknowledged} answered 200 in {result.seconds:.1f}s, "
        f"p50 {result.latency_ms(50):.0f} ms, p99 {result.latency_ms(99):.0f} ms"
        + (f"; not answered 200: {refused}" if refused else ""),
        flush=True,
    )


def wait_until_serving(process, port, log):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"The Odoo server stopped at start: see {log}")
        if send(port, HEALTH_REQUEST)[0] == 200:
            return
        time.sleep(0.5)
    raise BenchError(f"The Odoo server did not answer in {SERVER_START_SECONDS}s: see {log}")


def stop(process):
    """SIGTERM lets the server stop its workers and gevent process; SIGKILL
    the whole group if it does not within 30 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Bench:
    """One run of the bench: its options, the databases it made (dropped at
    the end by bench.py), and how to run Odoo on them."""

    # The script whose --step runs a step: the fault suite has its own.
    script = ROOT / "setup" / "bench.py"

    def __init__(self, arguments, options):
        self.arguments = arguments
        self.options = options
        self.databases = []
        # {HTTP port: process} of the servers running, for kill().
        self.servers = {}

    def new_database(self, addons="cc_base", *options):
        """A database of its own for a part, with `addons` and no demo data:
        only what the bench creates is there."""
        database = f"{DB_PREFIX}{secrets.token_hex(4)}"
        self.databases.append(database)
        self.install(database, addons, *options)
        return database

    def install(self, database, addons, *options):
        command = odoo_command(
            self.arguments.odoo_bin,
            self.arguments.config,
            database,
            f"--init={addons}",
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
            *options,
        )
        if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
            raise BenchError(f"Installing {addons} into {database} failed (its log is above).")

    def step(self, database, step, addons=None, **params):
        """Run a step in a new Odoo process, with another copy of our addons
        when given; return what it printed."""
        return self.steps_at_once(database, [(step, params)], addons)[0]

    def steps_at_once(self, database, steps, addons=None):
        """Run each (step, params) in an Odoo process of its own, all at once,
        as a server's cron workers run its jobs side by side; return what
        each printed, in order."""
        processes = [
            (
                step,
                subprocess.Popen(
                    self._step_command(database, step, addons, params),
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    text=True,
                ),
            )
            for step, params in steps
        ]
        results = []
        for step, process in processes:
            output = process.communicate()[0]
            if process.returncode != 0:
                # The others may be waiting for its work: they would never end.
                for _step, other in processes:
                    other.kill()
                raise BenchError(f"The {step} step failed (its log is above).")
            results.append(json.loads(output.splitlines()[-1]))
        return results

    def _step_command(self, database, step, addons, params):
        command = [
            sys.executable,
            str(self.script),
            "--config",
            self.arguments.config,
            "--database",
            database,
            "--step",
            step,
            "--step-params",
            json.dumps(params),
        ]
        if addons:
            command.append(f"--addons-path={addons_path(self.options, addons)}")
        return command

    @contextlib.contextmanager
    def server(self, database, *options, name="server"):
        """A prefork Odoo server on free ports (WORKERS workers, no cron), in
        its own process group so that stopping it stops its workers too;
        yields its HTTP port. Its log is LOG_DIR/<name>.log."""
        port = free_port()
        command = odoo_command(
            self.arguments.odoo_bin,
            self.arguments.config,
            database,
            f"--workers={WORKERS}",
            "--max-cron-threads=0",
            "--no-database-list",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
            "--log-level=warn",
            *options,
        )
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log_path = LOG_DIR / f"{name}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.servers[port] = process
        try:
            wait_until_serving(process, port, log_path)
            yield port
        finally:
            stop(process)
            del self.servers[port]

    def kill(self, port):
        """kill -9 the server on `port` and all its workers, as a crash would."""
        process = self.servers[port]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def vacuum(self, database, tables):
        """What autovacuum does on a server a while after a bulk write, done at
        once (it may be off or late here): the statistics, and the visibility
        map that lets a period be counted from an index alone."""
        connection = connect(read_options(self.arguments.config), dbname=database)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")
        connection.close()

    def postgres_major(self):
        connection = connect(self.options)
        try:
            return connection.server_version // 10000
        finally:
            connection.close()


def run_step(arguments, steps):
    """Inside Odoo: open the database's registry and run one step in it; print
    its result as the last line."""
    import odoo  # noqa: PLC0415 - steps run inside Odoo only
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(
        [
            "--config",
            arguments.config,
            "--database",
            arguments.database,
            "--log-level=warn",
            *([f"--addons-path={arguments.addons_path}"] if arguments.addons_path else []),
        ]
    )
    registry = odoo.modules.registry.Registry(arguments.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        result = steps[arguments.step](env, json.loads(arguments.step_params))
    print(json.dumps(result))
