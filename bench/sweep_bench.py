"""The deadline sweep over a large table: time and peak memory of `grievances.sweeps.sweep()`.

    .venv/bin/python bench/sweep_bench.py [--size 1000000] [--database sqlite|postgresql]
        [--overdue 0.01] [--due-soon 0.02] [--fresh]

It writes `--size` open grievances straight into a database of its own (var/bench/sweep-*.sqlite3,
or the PostgreSQL database `minsheng_sweep_bench` on 127.0.0.1), bypassing intake: this measures
the sweep, not intake. Of them, a share `--overdue` is past its deadline and not yet escalated
(each becomes one escalation: a timeline event, an audit record, the notices), a share
`--due-soon` falls due within the lead time, and the rest are due later. Then it runs, each in a
fresh process so that peak memory (ru_maxrss) is the sweep's own:

  1. the first sweep, which does all that backlog of work;
  2. a second sweep at the same moment, which finds nothing to do: the steady state of a
     worker that sweeps every five minutes over a million open cases.

Figures go to stdout and bench/results/sweep-*.json; docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_NAME = "minsheng_sweep_bench"


def database_url(kind: str, size: int) -> str:
    if kind == "postgresql":
        return f"postgresql://postgres@127.0.0.1:5432/{PG_NAME}"
    path = ROOT / "var" / "bench" / f"sweep-{size}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def env_for(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "MINSHENG_DATABASE_URL": url,
        "MINSHENG_SECRET_KEY": "bench-secret",
        "MINSHENG_ENCRYPTION_KEY": "dGVzdC1rZXktZm9yLW1pbnNoZW5nLXRlc3RzLW9ubHk=",
        "DJANGO_SETTINGS_MODULE": "minsheng.settings",
    }


def fresh_database(kind: str, url: str) -> None:
    if kind == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
    else:
        path = Path(url.removeprefix("sqlite:///"))
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)


SEED = r"""
import random, sys, time
from datetime import timedelta
import django
django.setup()
from django.db import connection, transaction
from django.utils import timezone
from grievances.models import Grievance, State, DueKind, Channel, Kind
from orgs.models import Unit, Membership, Role
from django.contrib.auth.models import User
from minsheng.workdays import local_date

size, overdue, due_soon = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
rnd = random.Random(7)
hq = Unit.objects.create(name="总部", code="HQ")
branches = [Unit.objects.create(name=f"分公司{i}", code=f"B{i}", parent=hq) for i in range(5)]
shops = [Unit.objects.create(name=f"车间{b.code}-{j}", code=f"{b.code}-W{j}", parent=b)
         for b in branches for j in range(5)]
def user(name, unit, role):
    u = User.objects.create_user(name, password="x")
    Membership.objects.create(user=u, unit=unit, role=role)
    return u
user("chief", hq, Role.HEAD)
for b in branches:
    user(f"head-{b.code}", b, Role.HEAD)
leaders = {s.pk: user(f"leader-{s.code}", s, Role.LEADER) for s in shops}
today = local_date()
now = timezone.now()
states = [State.RECEIVED, State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS]
t0 = time.time()
batch = []
for i in range(size):
    r = rnd.random()
    if r < overdue:
        due = today - timedelta(days=rnd.randint(1, 20))
    elif r < overdue + due_soon:
        due = today + timedelta(days=rnd.randint(0, 3))
    else:
        due = today + timedelta(days=rnd.randint(4, 60))
    state = rnd.choice(states)
    shop = rnd.choice(shops)
    owner = leaders[shop.pk] if state in (State.ASSIGNED, State.IN_PROGRESS) else None
    batch.append(Grievance(
        code=f"BENCH-{i:08d}", channel=Channel.WEB, kind=Kind.COMPLAINT,
        subject="加班费未按时发放", description="十月份的加班费到现在还没有发。",
        unit=shop, owner=owner, handler=owner, state=state, received_at=now - timedelta(days=30),
        accept_due=due, resolve_due=due, next_due=due,
        next_due_kind=DueKind.ACCEPT if state == State.RECEIVED else DueKind.RESOLVE,
    ))
    if len(batch) == 20000:
        with transaction.atomic():
            Grievance.objects.bulk_create(batch)
        batch = []
if batch:
    with transaction.atomic():
        Grievance.objects.bulk_create(batch)
with connection.cursor() as cur:
    cur.execute("ANALYZE")
print(f"seeded {size} in {time.time() - t0:.1f} s", flush=True)
"""

SWEEP = r"""
import json, resource, time
import django
django.setup()
from grievances import sweeps
t0 = time.perf_counter()
result = sweeps.sweep()
seconds = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# Peak RSS counts the pages of the database file that SQLite maps (mmap_size, 256 MB): file
# cache, not the sweep's memory. RssAnon at the end is the process's own memory.
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
anon = int(status["RssAnon"].split()[0]) / 1024
mapped = int(status["RssFile"].split()[0]) / 1024
print(json.dumps({"seconds": round(seconds, 2), "escalated": result.escalated,
                  "warned": result.warned, "closed": result.closed, "peak_rss_mb": round(rss, 1),
                  "anon_mb_at_end": round(anon, 1), "file_mb_at_end": round(mapped, 1)}))
"""


def run(code: str, env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [str(BIN / "python"), "-c", code, *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--overdue", type=float, default=0.01)
    parser.add_argument("--due-soon", type=float, default=0.02)
    args = parser.parse_args()
    url = database_url(args.database, args.size)
    env = env_for(url)
    fresh_database(args.database, url)
    subprocess.run(
        [str(BIN / "minsheng"), "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True
    )
    print(run(SEED, env, str(args.size), str(args.overdue), str(args.due_soon)), flush=True)
    first = json.loads(run(SWEEP, env))
    print("first sweep (the backlog):", first, flush=True)
    second = json.loads(run(SWEEP, env))
    print("second sweep (steady state):", second, flush=True)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    record = {
        "database": args.database,
        "size": args.size,
        "overdue_share": args.overdue,
        "due_soon_share": args.due_soon,
        "first": first,
        "second": second,
        "when": stamp,
    }
    out = RESULTS / f"sweep-{args.database}-{args.size}-{stamp}.json"
    out.write_text(json.dumps(record, indent=2))
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
