"""Profile one page against a benchmark database: its SQL (count, time, the slowest
statements with their query plans) and where the Python time goes.

    .venv/bin/python bench/profile_page.py [--size 200000] [--user head] /console/grievances/queue/

Runs in-process with Django's test client, so the figures leave out HTTP and gunicorn.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time

from run import BENCH_DIR, ROOT, _env, _keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--user", default="head")
    parser.add_argument("--repeat", type=int, default=20, help="requests to time and profile")
    parser.add_argument("--top", type=int, default=25, help="functions to list")
    args = parser.parse_args()
    db = BENCH_DIR / f"minsheng-{args.size}-seed{args.seed}.sqlite3"
    if not db.exists():
        raise SystemExit(f"{db} does not exist: run bench/run.py --size {args.size} first")
    os.environ.update(_env(db, _keys(), debug=False))
    os.environ["MINSHENG_ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))
    resp = client.get(args.path)  # warm up
    if resp.status_code != 200:
        raise SystemExit(f"GET {args.path}: {resp.status_code}")
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        client.get(args.path)
        total = time.perf_counter() - started
    sql_time = sum(float(q["time"]) for q in ctx.captured_queries)
    print(
        f"GET {args.path} as {args.user}: {total * 1000:.1f} ms, {len(ctx)} queries"
        f" taking {sql_time * 1000:.1f} ms"
    )
    slowest = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:5]
    with connection.cursor() as cur:
        for q in slowest:
            print(f"\n{float(q['time']) * 1000:7.1f} ms  {q['sql'][:600]}")
            if q["sql"].startswith("SELECT"):
                cur.execute("EXPLAIN QUERY PLAN " + q["sql"])
                for row in cur.fetchall():
                    print("          plan:", row[-1])
    timings = []
    profiler = cProfile.Profile()
    for _ in range(args.repeat):
        started = time.perf_counter()
        profiler.enable()
        client.get(args.path)
        profiler.disable()
        timings.append(time.perf_counter() - started)
    timings.sort()
    print(f"\n{args.repeat} requests in-process: median {timings[len(timings) // 2] * 1000:.1f} ms")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
