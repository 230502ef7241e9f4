"""The Overview page's data as a manager's browser asks for it (parts
dashboard and scale): its two calls, the figures (get_overview) and the agent
table (get_agents), each alone, then both at once, each in its own
transaction as two workers serve them."""

import threading

from bench_common import best_of

OVERVIEW_CALLS = ("get_overview", "get_agents")
AT_ONCE = "both at once"
# How each measure is printed.
LABELS = {"get_overview": "figures", "get_agents": "agent table", AT_ONCE: "both at once"}


def measure_overview(Dashboard, options, runs):
    """{what: {"first_ms", "best_ms"}}: each call alone, then "both at once"
    (wall time until both have answered)."""
    results = {
        name: best_of(Dashboard.env, lambda name=name: getattr(Dashboard, name)(options), runs)
        for name in OVERVIEW_CALLS
    }
    results[AT_ONCE] = best_of(Dashboard.env, lambda: _at_once(Dashboard, options), runs)
    return results


def _at_once(Dashboard, options):
    """The page's calls in threads, each on its own cursor (a replica's when
    there is one, as for the web client: both calls are read-only):
    PostgreSQL runs their queries side by side, as it does for two workers
    (which, unlike threads, do not share one interpreter: this is not faster
    than them)."""
    registry = Dashboard.env.registry
    errors = []

    def call(name):
        try:
            with registry.cursor(readonly=True) as cr:
                getattr(Dashboard.with_env(Dashboard.env(cr=cr)), name)(options)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=call, args=(name,)) for name in OVERVIEW_CALLS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
