"""Measure the contact centre on this machine; print the figures, assert nothing.

Each part (setup/bench_<part>.py, its docstring says what it measures) runs on
a database of its own, created for the run and dropped at the end whatever
happens; `--only=part,part` runs some of them. The figures of every part are
printed together at the end, with the machine's core count.
"""

import argparse
import os
import signal
import sys
import time
from pathlib import Path

import bench_dashboard
import bench_inbound
import bench_ratelimit
import bench_scale
import bench_sending
import bench_webhooks
from bench_common import Bench, BenchError, run_step
from odoo_conf import CONF, read_options
from suite_databases import Databases

ROOT = Path(__file__).resolve().parent.parent
PARTS = [
    bench_webhooks,
    bench_inbound,
    bench_sending,
    bench_dashboard,
    bench_scale,
    bench_ratelimit,
]
STEPS = {name: step for part in PARTS for name, step in part.STEPS.items()}


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default=str(CONF))
    parser.add_argument("--odoo-bin")
    parser.add_argument(
        "--only",
        type=lambda text: text.split(","),
        default=[part.NAME for part in PARTS],
        help="run only these parts: " + ", ".join(part.NAME for part in PARTS),
    )
    parser.add_argument(
        "--baseline-addons",
        type=Path,
        help="also measure this copy of addons/ (e.g. main's: git archive main addons | "
        "tar -x -C /tmp/main), side by side, in the parts that can (webhooks, sending)",
    )
    for part in PARTS:
        part.add_arguments(parser.add_argument_group(part.TITLE))
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--addons-path", help=argparse.SUPPRESS)
    parser.add_argument("--step-params", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    unknown = set(arguments.only) - {part.NAME for part in PARTS}
    if unknown:
        parser.error(f"no such part: {', '.join(sorted(unknown))}")
    if not arguments.step and not arguments.odoo_bin:
        parser.error("--odoo-bin is required")
    arguments.config = str(Path(arguments.config).resolve())
    return arguments


def header(bench):
    import odoo.release  # noqa: PLC0415 - the venv has Odoo's source tree on its path

    return (
        f"Contact Centre benchmarks — {os.cpu_count()} cores, Odoo {odoo.release.serie}, "
        f"PostgreSQL {bench.postgres_major()}"
    )


def run(bench):
    started = time.monotonic()
    lines = []
    for part in PARTS:
        if part.NAME in bench.arguments.only:
            print(f"== {part.TITLE}", flush=True)
            lines += part.run(bench)
    print(f"\nDone in {time.monotonic() - started:.0f}s\n")
    print("\n".join([header(bench), *lines]))


def main():
    arguments = parse_arguments()
    if arguments.step:
        run_step(arguments, STEPS)
        return 0
    options = read_options(arguments.config)
    options.setdefault("data_dir", str(ROOT / ".data" / "odoo"))
    bench = Bench(arguments, options)
    # SIGTERM (a CI timeout, kill) must still stop the servers and drop the databases.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        run(bench)
    except BenchError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted: no figures.", file=sys.stderr)
        return 130
    finally:
        Databases(options).drop(bench.databases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
