"""Minsheng benchmark (`make bench`): seed a separate SQLite database with the demo
generator, serve it with gunicorn, and measure over real HTTP on 127.0.0.1.

    .venv/bin/python bench/run.py [--size 200000] [--fresh] [--clients 4] ...

What it measures, each phase bounded by a request count and a time limit:
  a. portal submissions per second: `--clients` concurrent clients, each fetching the form
     once for its CSRF cookie and token, then POSTing anonymous grievances to /submit/
     (multipart, as a browser sends it); a submission counts when it is redirected to the
     receipt;
  b. the staff queue /console/grievances/queue/ logged in as the demo `head`: p50/p95 latency, one
     client, one request at a time;
  c. the case page /console/grievances/case/<code>/ for random cases that `head` may see: p50/p95;
  d. the server's peak memory: the sum of the RSS of the gunicorn master and its workers,
     sampled from /proc every 50 ms throughout.

The database lives in var/bench/; one seeded earlier with the same size, seed and months is
reused (migrations still run) unless `--fresh` is given, and each run serves a fresh copy
of it, so that every run measures the same data. Results are printed as a table
and written as JSON to bench/results/. Only the standard library is used on the client
side. Each phase also reports the server CPU time per request, which moves far less than
latency when other work shares the machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_DIR = ROOT / "var" / "bench"
RESULTS_DIR = ROOT / "bench" / "results"
HOST = "127.0.0.1"
TARGETS = {"submissions_per_s": 300.0, "queue_p95_ms": 50.0, "case_p95_ms": 30.0}
DEMO_PASSWORD = "minsheng-demo"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# ---- setup ------------------------------------------------------------------------------


def _keys() -> dict[str, str]:
    """The secret and encryption keys: from var/ (written by `make demo`), else generated
    once into var/bench/."""
    out = {}
    for name, env, make in (
        ("secret.key", "MINSHENG_SECRET_KEY", lambda: secrets.token_urlsafe(50)),
        ("encryption.key", "MINSHENG_ENCRYPTION_KEY", _fernet_key),
    ):
        for path in (ROOT / "var" / name, BENCH_DIR / name):
            if path.exists() and path.read_text().strip():
                out[env] = path.read_text().strip()
                break
        else:
            value = make()
            (BENCH_DIR / name).write_text(value + "\n")
            (BENCH_DIR / name).chmod(0o600)
            out[env] = value
    return out


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def _env(
    db: Path, keys: dict[str, str], debug: bool, settings: str = "minsheng.settings"
) -> dict[str, str]:
    env = dict(os.environ)
    env.update(keys)
    env.update(
        MINSHENG_DATABASE_URL=f"sqlite:///{db}",
        MINSHENG_VAR_DIR=str(BENCH_DIR),
        MINSHENG_DEBUG="1" if debug else "0",
        MINSHENG_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE=settings,
    )
    return env


def _minsheng(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(BIN / "minsheng"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def prepare_database(args: argparse.Namespace, env: dict[str, str], db: Path) -> dict[str, Any]:
    """Migrate and seed (or reuse a seeded database). Returns what the marker records."""
    marker = db.with_suffix(".json")
    wanted = {"size": args.size, "seed": args.seed, "months": args.months}
    if not args.fresh and db.exists() and marker.exists():
        info: dict[str, Any] = json.loads(marker.read_text())
        if {k: info.get(k) for k in wanted} == wanted:
            print(f"Reusing {db.relative_to(ROOT)} ({args.size:,} grievances seeded before)")
            _minsheng(env, "migrate", "--noinput", "-v", "0")
            return info
    for suffix in ("", "-wal", "-shm", ".json"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    print(f"Creating {db.relative_to(ROOT)} and seeding {args.size:,} grievances ...")
    _minsheng(env, "migrate", "--noinput", "-v", "0")
    started = time.monotonic()
    seeding = subprocess.Popen(
        [
            str(BIN / "minsheng"),
            "seed-demo",
            "--grievances",
            str(args.size),
            "--seed",
            str(args.seed),
            "--months",
            str(args.months),
        ],
        cwd=ROOT,
        env=env,
    )
    # Anonymous memory is the generator's own; file-backed pages are the database file,
    # which SQLite maps (mmap_size in settings) and the kernel can drop at any time.
    peak = {"RssAnon": 0, "RssFile": 0}
    while seeding.poll() is None:
        peak = {k: max(v, _rss(seeding.pid).get(k, 0)) for k, v in peak.items()}
        time.sleep(0.5)
    if seeding.returncode:
        raise SystemExit(f"seed-demo failed with exit code {seeding.returncode}")
    info = {
        **wanted,
        "seed_seconds": round(time.monotonic() - started, 1),
        "seed_peak_anon_mb": round(peak["RssAnon"] / 1024),
        "seed_peak_file_mb": round(peak["RssFile"] / 1024),
        "seeded_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    marker.write_text(json.dumps(info, indent=2))
    return info


def working_copy(seeded: Path) -> Path:
    """A fresh copy of the seeded database for this run, so that every run measures the
    same data (the portal phase adds thousands of grievances)."""
    with sqlite3.connect(seeded) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = seeded.with_name(f"{seeded.stem}-run.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(seeded, copy)
    return copy


def _rss(pid: int) -> dict[str, int]:
    """RssAnon and RssFile of a process, in kB ({} once it has gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {
        line.split(":")[0]: int(line.split()[1])
        for line in lines
        if line.startswith(("RssAnon:", "RssFile:"))
    }


def dataset_facts(db: Path) -> dict[str, Any]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        count = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("grievances_grievance", "grievances_timelineevent", "audit_auditrecord")
        }
    size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
    return {"rows": count, "file_mb": round(size / 2**20)}


def visible_codes(env: dict[str, str], username: str, n: int) -> list[str]:
    """Random receipt codes of cases `username` may see, chosen through the app's own
    scoping (grievances.scoping.visible_grievances)."""
    script = (
        "import json, random\n"
        "from django.contrib.auth import get_user_model\n"
        "from grievances.scoping import visible_grievances\n"
        f"user = get_user_model().objects.get(username={username!r})\n"
        "codes = list(visible_grievances(user).values_list('code', flat=True))\n"
        f"print(json.dumps(random.Random(0).sample(codes, min({n}, len(codes)))))\n"
    )
    out = _minsheng(env, "shell", "-c", script, capture=True)
    return list(json.loads(out.strip().splitlines()[-1]))


# ---- the server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn serving minsheng.wsgi; stopped by its own process id."""

    def __init__(self, env: dict[str, str], port: int, workers: int) -> None:
        self.port = port
        log = (BENCH_DIR / "gunicorn.log").open("w")
        self.proc = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "minsheng.wsgi",
                "-w",
                str(workers),
                "-b",
                f"{HOST}:{port}",
                "--error-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {BENCH_DIR / 'gunicorn.log'}")
            try:
                if Client(port).get("/accounts/login/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not answer within 60 s")

    def pids(self) -> list[int]:
        master = self.proc.pid
        try:
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        except OSError:
            children = []
        return [master, *map(int, children)]

    def cpu_seconds(self) -> float:
        """User and system CPU time used so far by the master and its workers."""
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class MemorySampler(threading.Thread):
    """The peak of the summed RSS of the server's processes."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            total = 0
            for pid in self.server.pids():
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                except OSError:
                    pass
            self.peak_kb = max(self.peak_kb, total)
            self.stopped.wait(0.05)


# ---- the client -------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float


@dataclass
class Client:
    """One browser: its own cookies; a new connection per request, as gunicorn's sync
    workers close each one."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: bytes = b"", ctype: str = "") -> Response:
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "minsheng-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if ctype:
            headers["Content-Type"] = ctype
        started = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            conn.request(method, path, body=body or None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        seconds = time.perf_counter() - started
        for header in resp.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(resp.status, resp.headers, data, seconds)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def csrf_token(self, path: str) -> str:
        resp = self.get(path)
        match = CSRF_INPUT.search(resp.body)
        if resp.status != 200 or match is None:
            raise SystemExit(f"GET {path}: {resp.status}, no CSRF token on the page")
        return match.group(1).decode()

    def login(self, username: str) -> None:
        token = self.csrf_token("/accounts/login/")
        form = {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
        resp = self.request(
            "POST",
            "/accounts/login/",
            urlencode(form).encode(),
            "application/x-www-form-urlencoded",
        )
        if resp.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login as {username} failed: {resp.status}")


def multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = "minsheng-bench-" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode(), f"multipart/form-data; boundary={boundary}"


SUBJECTS = [
    "三车间加班费未按时发放",
    "家属区5号楼屋顶漏水",
    "社保缴费基数低于实际工资",
    "二号井职工食堂卫生差",
    "建议在北区安装充电桩",
]
DESCRIPTIONS = [
    "十月份的加班费到现在还没有发，车间里约四十名工人都受影响，希望尽快补发。",
    "顶层每到下雨就漏水，墙面发霉，报修多次没有结果，请尽快安排维修。",
    "每月实际收入五千多元，但社保一直按最低基数缴纳，请按规定核定。",
]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile, in milliseconds (values are seconds)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[rank] * 1000, 1)


def latency_summary(values: list[float]) -> dict[str, float]:
    return {
        "requests": len(values),
        "p50_ms": percentile(values, 50),
        "p95_ms": percentile(values, 95),
        "p99_ms": percentile(values, 99),
        "mean_ms": round(statistics.fmean(values) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
    }


# ---- the phases -------------------------------------------------------------------------


def portal_submissions(port: int, clients: int, limit: int, seconds: float) -> dict[str, Any]:
    """(a) Concurrent anonymous submissions through the public form."""
    lock = threading.Lock()
    done = {"ok": 0, "failed": 0, "started": 0}
    latencies: list[float] = []
    failures: list[str] = []
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def work(i: int) -> None:
        client = Client(port)
        token = client.csrf_token("/submit/")
        start.wait()
        n = 0
        while time.perf_counter() < deadline[0]:
            with lock:
                if done["started"] >= limit:
                    return
                done["started"] += 1
            n += 1
            fields = {
                "csrfmiddlewaretoken": token,
                "kind": "complaint",
                "category": "",
                "subject": f"{SUBJECTS[n % len(SUBJECTS)]}（压测{i}-{n}）",
                "description": DESCRIPTIONS[n % len(DESCRIPTIONS)],
                "location": "",
                "headcount": "1",
                "identity_mode": "anonymous",
            }
            body, ctype = multipart(fields)
            resp = client.request("POST", "/submit/", body, ctype)
            ok = resp.status == 302 and "/submit/receipt/" in resp.headers.get("Location", "")
            with lock:
                done["ok" if ok else "failed"] += 1
                latencies.append(resp.seconds)
                if not ok and len(failures) < 3:
                    failures.append(f"{resp.status}: {resp.body[:300]!r}")

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
        print("  submission failures, e.g.:", *failures, sep="\n    ")
    return {
        "clients": clients,
        "ok": done["ok"],
        "failed": done["failed"],
        "seconds": round(wall, 2),
        "per_s": round(done["ok"] / wall, 1),
        **latency_summary(latencies),
    }


def page_latency(client: Client, paths: list[str], limit: int, seconds: float) -> dict[str, Any]:
    """(b), (c) One request at a time; every response must be a 200."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    for i in range(limit):
        if time.perf_counter() > deadline:
            break
        path = paths[i % len(paths)]
        resp = client.get(path)
        if resp.status != 200:
            raise SystemExit(f"GET {path}: {resp.status}")
        latencies.append(resp.seconds)
    return latency_summary(latencies)


# ---- the report -------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    mem_kb = 0
    model = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    versions = subprocess.run(
        [
            str(BIN / "python"),
            "-c",
            "import django, gunicorn, sqlite3; print(django.get_version(), gunicorn.__version__,"
            " sqlite3.sqlite_version)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    rev = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory_gb": round(mem_kb / 2**20, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": versions[0],
        "gunicorn": versions[1],
        "sqlite": versions[2],
        "git": rev,
    }


def report(results: dict[str, Any]) -> None:
    a, b, c = results["portal"], results["queue"], results["case"]
    rows = [
        (
            "portal submissions",
            f"{a['per_s']:.0f}/s",
            f"{a['p50_ms']}",
            f"{a['p95_ms']}",
            f">= {TARGETS['submissions_per_s']:.0f}/s",
            a["per_s"] >= TARGETS["submissions_per_s"],
        ),
        (
            "staff queue (head)",
            f"{b['requests']} req",
            f"{b['p50_ms']}",
            f"{b['p95_ms']}",
            f"p95 < {TARGETS['queue_p95_ms']:.0f} ms",
            b["p95_ms"] < TARGETS["queue_p95_ms"],
        ),
        (
            "case page (head)",
            f"{c['requests']} req",
            f"{c['p50_ms']}",
            f"{c['p95_ms']}",
            f"p95 < {TARGETS['case_p95_ms']:.0f} ms",
            c["p95_ms"] < TARGETS["case_p95_ms"],
        ),
    ]
    cpu = [r["server_cpu_ms_per_request"] for r in (a, b, c)]
    print()
    print(
        f"{'measure':<20} {'result':>10} {'p50 ms':>8} {'p95 ms':>8}  {'target':<16} ok "
        f" {'server CPU ms/req':>17}"
    )
    for (name, result, p50, p95, target, ok), ms in zip(rows, cpu, strict=True):
        verdict = "yes" if ok else "NO "
        print(f"{name:<20} {result:>10} {p50:>8} {p95:>8}  {target:<16} {verdict} {ms:>17}")
    print(f"{'server peak RSS':<20} {results['peak_rss_mb']:>9} MB  (gunicorn master + workers)")
    load = results["machine"]
    print(f"load average before {load['load_before']}, after {load['load_after']}")
    d = results["dataset"]
    seeded = f"seeded in {d['seed_seconds']} s" if "seed_seconds" in d else "seeded earlier"
    if "seed_peak_anon_mb" in d:
        seeded += (
            f", peak memory {d['seed_peak_anon_mb']} MB anonymous"
            f" + {d['seed_peak_file_mb']} MB of mapped database file"
        )
    print(
        f"dataset: {d['rows']['grievances_grievance']:,} grievances,"
        f" {d['rows']['grievances_timelineevent']:,} timeline events, {d['file_mb']} MB; {seeded}"
    )
    print(
        f"submissions: {a['ok']} ok, {a['failed']} failed in {a['seconds']} s with "
        f"{a['clients']} clients"
    )


def measured(server: Server, phase: Any, *args: Any) -> dict[str, Any]:
    """Run a phase and add the CPU it cost per request, in the server and in this client.
    CPU per request moves far less than latency when other work shares the machine."""
    server_before, client_before = server.cpu_seconds(), time.process_time()
    result: dict[str, Any] = phase(*args)
    n = result["requests"]
    result["server_cpu_ms_per_request"] = round(
        (server.cpu_seconds() - server_before) * 1000 / n, 1
    )
    result["client_cpu_ms_per_request"] = round((time.process_time() - client_before) * 1000 / n, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200_000, help="grievances to seed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--months", type=int, default=18)
    parser.add_argument(
        "--fresh", action="store_true", help="seed anew even if a seeded database exists"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=4, help="concurrent portal clients")
    parser.add_argument("--submissions", type=int, default=3000, help="most submissions")
    parser.add_argument("--page-requests", type=int, default=400, help="requests per page")
    parser.add_argument("--seconds", type=float, default=60, help="longest time per phase")
    parser.add_argument("--user", default="head", help="the staff user for (b) and (c)")
    parser.add_argument(
        "--settings", default="minsheng.settings", help="settings module for the server"
    )
    args = parser.parse_args()
    if shutil.which("gunicorn", path=str(BIN)) is None:
        raise SystemExit(f"gunicorn is not installed in {BIN}; run `make install`")

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    # Other work on the machine skews every figure; the load average records how busy it was.
    load_before = [round(x, 2) for x in os.getloadavg()]
    seeded = BENCH_DIR / f"minsheng-{args.size}-seed{args.seed}.sqlite3"
    keys = _keys()
    dataset = prepare_database(args, _env(seeded, keys, debug=False), seeded)
    db = working_copy(seeded)
    dataset.update(dataset_facts(db))
    codes = visible_codes(_env(db, keys, debug=False), args.user, 500)
    env = _env(db, keys, debug=False, settings=args.settings)
    if not codes:
        raise SystemExit(f"{args.user} sees no cases")
    server = Server(env, free_port(), args.workers)
    sampler = MemorySampler(server)
    sampler.start()
    try:
        staff = Client(server.port)
        staff.login(args.user)
        for path in [
            "/console/grievances/queue/",
            *(f"/console/grievances/case/{c}/" for c in codes[:5]),
        ]:
            staff.get(path)  # warm both workers' imports and template caches
        Client(server.port).get("/submit/")
        print(f"(a) portal: {args.clients} clients submitting ...")
        portal = measured(
            server, portal_submissions, server.port, args.clients, args.submissions, args.seconds
        )
        print("(b) queue ...")
        queue_paths = ["/console/grievances/queue/"]
        queue = measured(server, page_latency, staff, queue_paths, args.page_requests, args.seconds)
        print("(c) case pages ...")
        paths = [f"/console/grievances/case/{c}/" for c in codes]
        case = measured(server, page_latency, staff, paths, args.page_requests, args.seconds)
    finally:
        sampler.stopped.set()
        sampler.join()
        server.stop()
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": {k: v for k, v in vars(args).items()},
        "machine": {
            **machine(),
            "load_before": load_before,
            "load_after": [round(x, 2) for x in os.getloadavg()],
        },
        "dataset": dataset,
        "portal": portal,
        "queue": queue,
        "case": case,
        "peak_rss_mb": round(sampler.peak_kb / 1024),
        "targets": TARGETS,
    }
    report(results)
    out = RESULTS_DIR / f"bench-{args.size}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nResults: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
