"""REST API benchmark: creates per second and list latency over real HTTP, against gunicorn,
on SQLite (the database bench/run.py seeds) and optionally on PostgreSQL.

    .venv/bin/python bench/api_bench.py [--size 200000] [--pg-url postgresql://…/minsheng_api_bench]

Phases, each bounded by a request count and a time limit:
  a. creates per second: `--clients` concurrent clients POST JSON grievances to
     /api/v1/grievances/ with a token that has the intake scope (add --idempotency to send a
     fresh Idempotency-Key with each); a create counts when it answers 201;
  b. the list: GET /api/v1/grievances/?limit=50 with a read token for the root unit (its user
     heads the root unit, so sees every case), one request at a time: p50/p95/p99;
  c. paging: the same list followed through its `next` links, one request at a time.

The SQLite database is bench/run.py's (var/bench/minsheng-<size>-seed<seed>.sqlite3), seeded by
it if missing; this script copies it (var/bench/api-<size>.sqlite3) so the portal benchmark's
dataset is not changed by the creates. A PostgreSQL database must be migrated and seeded
beforehand (`minsheng migrate`, `createcachetable`, `seed-demo --grievances N`); its size is
read from it. The token rate limit is raised for the run (the throttle still counts every
request in the shared cache, so its cost is in the figures). Results are printed and written
as JSON to bench/results/. The helpers (server, sampling, percentiles) are bench/run.py's.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sqlite3
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py: the portal benchmark's helpers

TARGETS = {"creates_per_s": 500.0, "list_p95_ms": 30.0}
TOKENS_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from api.models import ApiToken
from orgs.models import Unit
User = get_user_model()
root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
out = {}
plan = (
    ("bench-intake", "clerk", ["grievances:intake"]),
    ("bench-read", "chief", ["grievances:read"]),
)
for name, username, scopes in plan:
    key = ApiToken.new_key()
    t = ApiToken(name=name, user=User.objects.get(username=username), unit=root, scopes=scopes)
    t.set_key(key)
    t.save()
    out[name] = key
print(json.dumps(out))
"""
COUNT_SCRIPT = "from grievances.models import Grievance; print(Grievance.objects.count())"


def request(
    port: int, method: str, path: str, key: str, body: bytes = b"", **headers: str
) -> tuple[int, bytes, float]:
    """One request on a new connection (gunicorn's sync workers close each one)."""
    sent = {"Host": f"{run.HOST}:{port}", "Authorization": f"Token {key}", **headers}
    if body:
        sent["Content-Type"] = "application/json"
    started = time.perf_counter()
    conn = http.client.HTTPConnection(run.HOST, port, timeout=60)
    try:
        conn.request(method, path, body=body or None, headers=sent)
        resp = conn.getresponse()
        data = resp.read()
    finally:
        conn.close()
    return resp.status, data, time.perf_counter() - started


def creates(
    port: int, key: str, clients: int, limit: int, seconds: float, idem: bool
) -> dict[str, Any]:
    """(a) Concurrent creates with an intake token."""
    lock = threading.Lock()
    done = {"ok": 0, "failed": 0, "started": 0}
    latencies: list[float] = []
    failures: list[str] = []
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def work(i: int) -> None:
        start.wait()
        n = 0
        while time.perf_counter() < deadline[0]:
            with lock:
                if done["started"] >= limit:
                    return
                done["started"] += 1
            n += 1
            body = {
                "kind": "complaint",
                "subject": f"{run.SUBJECTS[n % len(run.SUBJECTS)]}（接口压测{i}-{n}）",
                "description": run.DESCRIPTIONS[n % len(run.DESCRIPTIONS)],
                "identity_mode": "named" if n % 2 else "anonymous",
                "name": "压测用户",
                "phone": "13800000000",
            }
            headers = {"Idempotency-Key": f"bench-{os.getpid()}-{i}-{n}"} if idem else {}
            status, data, spent = request(
                port, "POST", "/api/v1/grievances/", key, json.dumps(body).encode(), **headers
            )
            with lock:
                done["ok" if status == 201 else "failed"] += 1
                latencies.append(spent)
                if status != 201 and len(failures) < 3:
                    failures.append(f"{status}: {data[:300]!r}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    if failures:
        print("  create failures, e.g.:", *failures, sep="\n    ")
    return {
        "clients": clients,
        "idempotency_key": idem,
        "ok": done["ok"],
        "failed": done["failed"],
        "seconds": round(wall, 2),
        "per_s": round(done["ok"] / wall, 1),
        **run.latency_summary(latencies),
    }


def listing(port: int, key: str, limit: int, seconds: float, follow: bool) -> dict[str, Any]:
    """(b) the first page again and again, or (c) the pages one after another."""
    latencies: list[float] = []
    path = first = "/api/v1/grievances/?limit=50"
    deadline = time.perf_counter() + seconds
    for _ in range(limit):
        if time.perf_counter() > deadline:
            break
        status, data, spent = request(port, "GET", path, key)
        if status != 200:
            raise SystemExit(f"GET {path}: {status} {data[:300]!r}")
        latencies.append(spent)
        if follow:
            nxt = json.loads(data)["next"]
            path = first if nxt is None else urlsplit(nxt)._replace(scheme="", netloc="").geturl()
    return run.latency_summary(latencies)


def bench_one(label: str, env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    env = {**env, "MINSHENG_API_TOKEN_RATE": "100000000/min", "MINSHENG_DEBUG": "0"}
    run._minsheng(env, "createcachetable")
    keys = json.loads(
        run._minsheng(env, "shell", "-c", TOKENS_SCRIPT, capture=True).splitlines()[-1]
    )
    size = int(run._minsheng(env, "shell", "-c", COUNT_SCRIPT, capture=True).split()[-1])
    server = run.Server(env, run.free_port(), args.workers)
    sampler = run.MemorySampler(server)
    sampler.start()
    try:
        for _ in range(4):  # warm both workers
            request(server.port, "GET", "/api/v1/grievances/?limit=50", keys["bench-read"])
        print(f"[{label}] {size:,} grievances")
        print(f"[{label}] (a) creates: {args.clients} clients ...")
        made = run.measured(
            server,
            creates,
            server.port,
            keys["bench-intake"],
            args.clients,
            args.creates,
            args.seconds,
            args.idempotency,
        )
        print(f"[{label}] (b) list ...")
        first = run.measured(
            server,
            listing,
            server.port,
            keys["bench-read"],
            args.list_requests,
            args.seconds,
            False,
        )
        print(f"[{label}] (c) paging ...")
        pages = run.measured(
            server, listing, server.port, keys["bench-read"], args.list_requests, args.seconds, True
        )
    finally:
        sampler.stopped.set()
        sampler.join()
        server.stop()
    return {
        "grievances_before": size,
        "creates": made,
        "list": first,
        "paging": pages,
        "peak_rss_mb": round(sampler.peak_kb / 1024),
    }


def report(label: str, r: dict[str, Any]) -> None:
    a, b, c = r["creates"], r["list"], r["paging"]
    rows = [
        ("API creates", f"{a['per_s']:.0f}/s", a, ">= 500/s", a["per_s"] >= 500),
        ("list ?limit=50", f"{b['requests']} req", b, "p95 < 30 ms", b["p95_ms"] < 30),
        ("list, following next", f"{c['requests']} req", c, "", None),
    ]
    print(f"\n{label}: {r['grievances_before']:,} grievances")
    print(f"{'measure':<22} {'result':>9} {'p50 ms':>7} {'p95 ms':>7}  {'target':<12} ok  cpu ms")
    for name, result, m, target, ok in rows:
        verdict = "" if ok is None else ("yes" if ok else "NO")
        print(
            f"{name:<22} {result:>9} {m['p50_ms']:>7} {m['p95_ms']:>7}  {target:<12}"
            f" {verdict:<3} {m['server_cpu_ms_per_request']:>6}"
        )
    print(f"creates: {a['ok']} ok, {a['failed']} failed in {a['seconds']} s")
    print(f"server peak RSS {r['peak_rss_mb']} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200_000, help="bench/run.py's SQLite dataset")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--months", type=int, default=18)
    parser.add_argument("--fresh", action="store_true", help="seed bench/run.py's dataset anew")
    parser.add_argument("--pg-url", default="", help="a migrated, seeded PostgreSQL database")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=4, help="concurrent creating clients")
    parser.add_argument("--creates", type=int, default=5000, help="most creates")
    parser.add_argument("--list-requests", type=int, default=400, help="requests per list phase")
    parser.add_argument("--seconds", type=float, default=30, help="longest time per phase")
    parser.add_argument("--idempotency", action="store_true", help="an Idempotency-Key each")
    args = parser.parse_args()
    run.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    run.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    load_before = [round(x, 2) for x in os.getloadavg()]
    keys = run._keys()
    results: dict[str, Any] = {}
    if not args.no_sqlite:
        source = run.BENCH_DIR / f"minsheng-{args.size}-seed{args.seed}.sqlite3"
        run.prepare_database(args, run._env(source, keys, debug=False), source)
        db = run.BENCH_DIR / f"api-{args.size}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        # A consistent copy even while the WAL holds recent pages.
        with sqlite3.connect(source) as src, sqlite3.connect(db) as dst:
            src.backup(dst)
        env = run._env(db, keys, debug=False)
        run._minsheng(env, "migrate", "--noinput", "-v", "0")
        results["sqlite"] = bench_one("SQLite", env, args)
        report("SQLite", results["sqlite"])
    if args.pg_url:
        env = {**run._env(Path("unused"), keys, debug=False), "MINSHENG_DATABASE_URL": args.pg_url}
        results["postgresql"] = bench_one("PostgreSQL", env, args)
        report("PostgreSQL", results["postgresql"])
    out = run.RESULTS_DIR / f"api-bench-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    results["config"] = vars(args)
    results["machine"] = {
        **run.machine(),
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nResults: {out.relative_to(run.ROOT)}")


if __name__ == "__main__":
    main()
