"""The scorecard over a million grievances: page latency for a branch head and the chief,
and the time of the worker's rollup job.

    .venv/bin/python bench/scorecard_bench.py [--size 1000000] [--database sqlite|postgresql]
        [--requests 40] [--reuse] [--reference]

It writes `--size` grievances straight into a database of its own (var/bench/scorecard-*.sqlite3,
or the PostgreSQL database `bench_scorecard` on 127.0.0.1, or the name in
MINSHENG_BENCH_PG_NAME), bypassing intake: three years of
cases in 5 branches and 25 workshops, most decided, replied, rated and closed, some late, some
declined, reopened for review, merged into a collective case or left undecided, the recent ones
still open. The database triggers mark every inserted case as changed, as an import would.
Then, in a fresh process:

  1. the rollup job's first run, which builds the whole rollup (`grievances.rollups.refresh`);
  2. the scorecard page (`/console/grievances/scorecard/`, its default period of a year, through
     Django's test client: no HTTP) for the head of branch B0 and for the chief: p50/p95 of
     `--requests` requests, and of the computation alone (`unit_cards`);
  3. the same after a minute of activity not yet rolled up (60 cases of the last 90 days
     changed, a third of them moved to another workshop, and 20 new cases today), so those
     units' days are counted live, then the job's incremental run that takes them in;
  4. with `--reference`, the straightforward computation the rollup replaced, for comparison.

Figures go to stdout and bench/results/scorecard-*.json; docs/benchmarks.md records them.
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
PG_NAME = os.environ.get("MINSHENG_BENCH_PG_NAME", "bench_scorecard")


def database_url(kind: str, size: int) -> str:
    if kind == "postgresql":
        return f"postgresql://postgres@127.0.0.1:5432/{PG_NAME}"
    path = ROOT / "var" / "bench" / f"scorecard-{size}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def env_for(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "MINSHENG_DATABASE_URL": url,
        "MINSHENG_SECRET_KEY": "bench-secret",
        "MINSHENG_ENCRYPTION_KEY": "dGVzdC1rZXktZm9yLW1pbnNoZW5nLXRlc3RzLW9ubHk=",
        "MINSHENG_ALLOWED_HOSTS": "testserver",
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
from grievances.models import Grievance, State, DueKind, Channel, Kind, Rating
from orgs.models import Unit, Membership, Role
from django.contrib.auth.models import User
from minsheng.workdays import local_date

size = int(sys.argv[1])
rnd = random.Random(7)
hq = Unit.objects.create(name="总部", code="HQ")
branches = [Unit.objects.create(name=f"分公司{i}", code=f"B{i}", parent=hq) for i in range(5)]
shops = [Unit.objects.create(name=f"车间{b.code}-{j}", code=f"{b.code}-W{j}", parent=b)
         for b in branches for j in range(5)]
def user(name, unit, role):
    u = User.objects.create(username=name)  # logged in with force_login: no password hashing
    Membership.objects.create(user=u, unit=unit, role=role)
    return u
user("chief", hq, Role.HEAD)
for b in branches:
    user(f"head-{b.code}", b, Role.HEAD)
leaders = {s.pk: user(f"leader-{s.code}", s, Role.LEADER) for s in shops}
units = shops + branches
# Busier workshops and quieter ones; a few cases stay at branch level.
weights = [rnd.choice([1, 2, 3, 5, 8]) for _ in shops] + [1] * len(branches)
tz = timezone.get_default_timezone()
now = timezone.now()
day = timedelta(days=1)
# Straight INSERTs: Django's bulk_create spends milliseconds a row compiling SQL. Every column
# starts from the model's default for a new case, made ready for the database once.
ops = connection.ops
template = Grievance(code="", channel=Channel.WEB, kind=Kind.COMPLAINT, subject="加班费未按时发放",
                     description="十月份的加班费到现在还没有发。", unit=hq, received_at=now,
                     accept_due=now.date(), state=State.RECEIVED)
fields = [f for f in Grievance._meta.concrete_fields if not f.primary_key]
defaults = {f.attname: f.get_db_prep_save(getattr(template, f.attname), connection)
            for f in fields}
columns = [f.attname for f in fields]
names = ", ".join(ops.quote_name(c) for c in columns)
sql = (f"INSERT INTO {Grievance._meta.db_table} ({names})"
       f" VALUES ({', '.join(['%s'] * len(columns))})")
dt, d = ops.adapt_datetimefield_value, ops.adapt_datefield_value
t0 = time.time()
batch = []
for i in range(size):
    received_at = now - timedelta(seconds=rnd.randint(0, 3 * 365 * 86400))
    rday = received_at.astimezone(tz).date()
    unit = rnd.choices(units, weights)[0]
    row = dict(defaults)
    row.update(
        code=f"BENCH-{i:08d}", channel=rnd.choice(list(Channel.values)),
        unit_id=unit.pk, received_at=dt(received_at), accept_due=d(rday + 15 * day),
        next_due=d(rday + 15 * day), next_due_kind=DueKind.ACCEPT.value,
    )
    decided_at = received_at + timedelta(
        hours=rnd.choice([2, 20, 50, 100, 200, 300, 340, 380, 500, 700]))
    stuck = rnd.random() < 0.003
    merged = i > 0 and rnd.random() < 0.015
    if merged:
        row.update(state=State.MERGED.value, merged_into_id=rnd.randint(1, i), next_due=None,
                   next_due_kind="", decided_at=dt(decided_at) if decided_at < now else None)
    elif decided_at < now and not stuck:
        row.update(decided_at=dt(decided_at))
        if rnd.random() < 0.08:
            row.update(state=State.DECLINED.value, next_due=None, next_due_kind="",
                       closed_at=dt(decided_at))
        else:
            resolve_due = decided_at.astimezone(tz).date() + 60 * day
            replied_at = decided_at + timedelta(hours=rnd.randint(48, 2000))
            owner = leaders.get(unit.pk)
            row.update(resolve_due=d(resolve_due), owner_id=owner and owner.pk,
                       handler_id=owner and owner.pk, next_due=d(resolve_due),
                       next_due_kind=DueKind.RESOLVE.value,
                       state=rnd.choice([State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS]).value)
            if replied_at < now:
                row.update(replied_at=dt(replied_at), state=State.REPLIED.value, next_due=None,
                           next_due_kind="")
                if rnd.random() < 0.6:
                    rating = rnd.choices(
                        [Rating.SATISFIED, Rating.BASIC, Rating.DISSATISFIED], [5, 3, 2])[0]
                    row.update(rating=rating.value, rated_at=dt(replied_at + 3 * day),
                               state=State.CLOSED.value, closed_at=dt(replied_at + 3 * day))
                    if rating == Rating.DISSATISFIED and rnd.random() < 0.4:
                        row.update(review_level=1, reopened=True, review_unit_id=unit.parent_id,
                                   state=(State.CLOSED if now - replied_at > 60 * day
                                          else State.UNDER_REVIEW).value)
                elif now - replied_at > 30 * day:
                    row.update(state=State.CLOSED.value, closed_at=dt(replied_at + 30 * day))
    batch.append([row[c] for c in columns])
    if len(batch) == 20000:
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(sql, batch)
        batch = []
if batch:
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(sql, batch)
with connection.cursor() as cur:
    cur.execute("ANALYZE")
print(f"seeded {size} in {time.time() - t0:.1f} s", flush=True)
"""

MEASURE = r"""
import json, random, sys, time
from datetime import timedelta
import django
django.setup()
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from grievances import rollups
from grievances.models import Grievance, ScorecardDirty, State, Channel, Kind, DueKind, Rating
from grievances.scorecard import unit_cards
from minsheng.workdays import local_date
from orgs.models import Unit
from orgs.scoping import subtree_ids, visible_units

requests, reference = int(sys.argv[1]), sys.argv[2] == "1"
out = {}

def pct(times):
    times = sorted(times)
    def at(q):
        return round(1000 * times[min(len(times) - 1, int(q * len(times)))], 1)
    return {"p50_ms": at(0.5), "p95_ms": at(0.95), "max_ms": round(1000 * times[-1], 1),
            "n": len(times)}

def timed(fn, n):
    fn()  # warm: connection, templates, caches
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return pct(times)

client = Client()
url = reverse("grievances:scorecard")
people = {"head": User.objects.get(username="head-B0"), "chief": User.objects.get(username="chief")}

def page(user):
    def go():
        client.force_login(user)
        r = client.get(url)
        assert r.status_code == 200 and b'class="scorecard"' in r.content
    return go

def compute(user):
    units = visible_units(user)
    root = units.order_by("level", "path").first()
    ids = [i for i in subtree_ids(root) if i in set(units.values_list("id", flat=True))]
    today = local_date()
    return lambda: unit_cards(root, ids, today - timedelta(days=364), today, today)

def measure(label, n=requests):
    for who, user in people.items():
        out[f"{label} page {who}"] = timed(page(user), n)
        out[f"{label} compute {who}"] = timed(compute(user), n)
        print(label, who, out[f"{label} page {who}"], out[f"{label} compute {who}"], flush=True)

# 1. The job's first run builds the rollup from a million marked cases.
out["dirty rows before the first run"] = ScorecardDirty.objects.count()
measure("not built (all live)", 5) if reference else None
t = time.perf_counter()
result = rollups.refresh()
out["rollup build s"] = round(time.perf_counter() - t, 2)
out["rollup build"] = str(result)
print("build", out["rollup build s"], result, flush=True)
if connection.vendor == "sqlite":
    with connection.cursor() as cur:
        cur.execute("PRAGMA optimize")
t = time.perf_counter()
out["rollup idle run s"] = round((rollups.refresh(), time.perf_counter() - t)[1], 3)

# 2. Rollup current.
measure("current")

# 3. A minute of activity not yet rolled up.
rnd = random.Random(11)
now = timezone.now()
recent = list(Grievance.objects.filter(received_at__gte=now - timedelta(days=90))
              .values_list("pk", flat=True)[:50000])
shops = list(Unit.objects.filter(level=2).values_list("pk", flat=True)) or list(
    Unit.objects.exclude(parent=None).values_list("pk", flat=True))
with transaction.atomic():
    for n, pk in enumerate(rnd.sample(recent, 60)):
        if n % 3 == 0:
            Grievance.objects.filter(pk=pk).update(unit_id=rnd.choice(shops))
        else:
            Grievance.objects.filter(pk=pk).update(rating=Rating.SATISFIED, rated_at=now)
    unit = Unit.objects.get(code="B0-W0")
    Grievance.objects.bulk_create([Grievance(
        # Unique per run: --reuse runs this again on the same database.
        code=f"NEW-{now:%y%m%d%H%M%S}-{i:02d}", channel=Channel.WEB, kind=Kind.COMPLAINT,
        subject="新诉求",
        description="今天的诉求", unit=unit, received_at=now - timedelta(minutes=i),
        accept_due=local_date() + timedelta(days=15), state=State.RECEIVED,
        next_due=local_date() + timedelta(days=15), next_due_kind=DueKind.ACCEPT)
        for i in range(20)])
out["dirty rows after a minute"] = ScorecardDirty.objects.count()
measure("a minute of changes live")
t = time.perf_counter()
result = rollups.refresh()
out["rollup incremental run s"] = round(time.perf_counter() - t, 3)
out["rollup incremental"] = str(result)
print("incremental", out["rollup incremental run s"], result, flush=True)

# 4. The computation the rollup replaced, for comparison.
if reference:
    def old(user):
        units = visible_units(user)
        root = units.order_by("level", "path").first()
        ids = [i for i in subtree_ids(root) if i in set(units.values_list("id", flat=True))]
        today = local_date()
        qs = Grievance.objects.filter(
            unit_id__in=ids, merged_into__isnull=True,
            received_at__date__gte=today - timedelta(days=364), received_at__date__lte=today)
        def go():
            list(qs.values("unit_id", "unit__path").annotate(
                received=Count("id"),
                decided=Count("id", filter=Q(decided_at__isnull=False)),
                decided_on_time=Count("id", filter=Q(decided_at__date__lte=F("accept_due"))),
                replied=Count("id", filter=Q(replied_at__isnull=False)),
                replied_on_time=Count("id", filter=Q(replied_at__date__lte=F("resolve_due"))),
                rated=Count("id", filter=~Q(rating="")),
                satisfied=Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])),
                first_level=Count("id", filter=Q(replied_at__isnull=False, review_level=0)),
                reopened=Count("id", filter=Q(replied_at__isnull=False, reopened=True)),
                resolve_time=Avg(ExpressionWrapper(F("replied_at") - F("received_at"),
                                                   output_field=DurationField()),
                                 filter=Q(replied_at__isnull=False)),
                undecided_overdue=Count("id", filter=Q(
                    decided_at__isnull=True, accept_due__lt=today, state=State.RECEIVED)),
            ))
        return go
    for who, user in people.items():
        out[f"reference compute {who}"] = timed(old(user), 5)
        print("reference", who, out[f"reference compute {who}"], flush=True)
print(json.dumps(out))
"""


def run(code: str, env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(
        [str(BIN / "python"), "-c", code, *args],
        env=env,
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
    )
    sys.stdout.write(proc.stdout)
    if proc.returncode:
        sys.stderr.write(proc.stderr)
        raise SystemExit(proc.returncode)
    return proc.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    parser.add_argument("--reference", action="store_true", help="also time the old way")
    args = parser.parse_args()
    url = database_url(args.database, args.size)
    env = env_for(url)
    seeded = "reused"
    if not args.reuse:
        fresh_database(args.database, url)
        subprocess.run(
            [str(BIN / "minsheng"), "migrate", "--noinput", "-v", "0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
        seeded = run(SEED, env, str(args.size))
    figures = json.loads(run(MEASURE, env, str(args.requests), "1" if args.reference else "0"))
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    record = {
        "database": args.database,
        "size": args.size,
        "seeded": seeded,
        "figures": figures,
        "when": stamp,
    }
    out = RESULTS / f"scorecard-{args.database}-{args.size}-{stamp}.json"
    out.write_text(json.dumps(record, indent=2))
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
