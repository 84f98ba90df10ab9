"""The console search over a large table: latency of `grievances.search.search()`.

    .venv/bin/python bench/search_bench.py seed [--size 1000000] [--database sqlite|postgresql]
    .venv/bin/python bench/search_bench.py measure [--size 1000000] [--database ...] [--rounds 5]

`seed` writes `--size` grievances straight into a database of its own (var/bench/
search-<size>.sqlite3, or the PostgreSQL database `bench_search` on 127.0.0.1), bypassing
intake, as bench/sweep_bench.py does: realistic Chinese (nine in ten) and English subjects and
descriptions made from a vocabulary of workplace complaints, a reply for about 40 % of the
cases and one or two contact notes for about half of them. The index triggers are dropped while
loading and the index is then built in one set-based statement (the SQL of migration
grievances/0004_search_index on SQLite; on PostgreSQL the documents and indexes of
grievances/0010_search_folded_state), and the triggers put back. The PostgreSQL database is
`bench_search`, or the name in MINSHENG_BENCH_PG_NAME.

`measure` runs the search function as three users (the group head, who sees everything; a
branch head, a fifth; a workshop leader, a twenty-fifth) over a fixed list of queries (long
Chinese and English words, several words, two-character and one-character words, words that
match nothing, with and without a filter), first page of results, each `--rounds` times, and
prints p50/p95/max per kind of query and over all. Figures go to bench/results/search-*.json;
docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
PG_NAME = os.environ.get("MINSHENG_BENCH_PG_NAME", "bench_search")

PLACES = ["一车间", "二车间", "三车间", "装配车间", "机修车间", "仓库", "食堂", "宿舍楼", "办公楼"]
ZH_TOPICS = [
    ("拖欠工资", "已经拖欠了{n}个月工资，家里生活很困难，希望尽快发放。"),
    ("加班费未发放", "{m}月份的加班费到现在还没有发，班组长说要等通知。"),
    ("住房补贴", "申请住房补贴已经{n}个月，一直没有答复，材料都交齐了。"),
    ("宿舍漏水", "宿舍楼{n}层卫生间漏水，墙面发霉，多次报修没有人来。"),
    ("食堂饭菜质量", "食堂饭菜价格上涨，质量却下降了，有时候菜是凉的。"),
    ("夜间噪音扰民", "厂区夜间施工噪音很大，影响附近居民休息，已经持续{n}周。"),
    ("社保缴纳基数", "单位按最低基数缴纳社保，与实际工资不符，要求补缴。"),
    ("工伤认定", "去年{m}月在车间受伤，工伤认定材料提交后没有下文。"),
    ("医疗费报销", "住院医疗费报销迟迟不到账，已经垫付{n}千元。"),
    ("班车调整", "班车线路调整后，住在东区的职工上下班要多走{n}公里。"),
    ("年休假", "申请年休假被拒绝，理由是生产任务紧，但已经连续{n}年没有休假。"),
    ("绩效考核不公", "绩效考核打分不公开，同样的工作量奖金差别很大。"),
    ("劳动合同续签", "劳动合同到期后没有续签，也没有书面通知，心里没底。"),
    ("安全防护用品", "车间安全帽和防护手套{n}个月没有更换，存在安全隐患。"),
    ("子女入学", "职工子女入学名额分配不透明，希望公开分配办法。"),
    ("公积金提取", "公积金提取手续繁琐，跑了{n}次还没有办好。"),
    ("退休待遇", "退休后养老金核定有误，少算了{n}年工龄。"),
    ("停车位分配", "厂区停车位分配不合理，外来车辆占用职工车位。"),
]
EN_TOPICS = [
    ("Unpaid overtime", "My overtime for {m} has not been paid for {n} weeks."),
    ("Dormitory heating", "The heating in dormitory block {n} has been broken since {m}."),
    ("Canteen prices", "Canteen prices went up again while the portions got smaller."),
    ("Night shift noise", "Construction noise at night keeps the night shift from sleeping."),
    ("Pension calculation", "My pension was calculated without {n} years of service."),
    ("Safety equipment", "Helmets and gloves in workshop {n} have not been replaced."),
]
ZH_REPLY = [
    ("经核实，反映的情况属实。", "已责成财务部门于{n}日内发放。", "依据公司薪酬管理办法。"),
    ("经现场查看，问题确实存在。", "已安排维修班组处理。", "根据后勤管理规定。"),
    ("经调查，部分情况与事实不符。", "已向反映人解释相关政策。", "依照劳动合同法有关规定。"),
]
EN_REPLY = [
    ("We checked the payroll records.", "The arrears will be paid this month.", "Pay rules."),
]
ZH_NOTES = [
    "到车间走访了{n}名职工，了解情况。",
    "与反映人面谈，记录诉求，答应一周内答复。",
    "召开座谈会，班组长和职工代表参加。",
    "内部备注：财务部门已确认欠款金额。",
]
EN_NOTES = ["Met the complainant at the gate.", "Called the dormitory manager."]


def database_url(kind: str, size: int) -> str:
    if kind == "postgresql":
        return f"postgresql://postgres@127.0.0.1:5432/{PG_NAME}"
    path = ROOT / "var" / "bench" / f"search-{size}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def setup(kind: str, size: int) -> None:
    os.environ.update(
        {
            "MINSHENG_DATABASE_URL": database_url(kind, size),
            "MINSHENG_SECRET_KEY": "bench-secret",
            "MINSHENG_ENCRYPTION_KEY": "dGVzdC1rZXktZm9yLW1pbnNoZW5nLXRlc3RzLW9ubHk=",
            "DJANGO_SETTINGS_MODULE": "minsheng.settings",
        }
    )
    import django

    django.setup()


def fresh_database(kind: str, size: int) -> None:
    if kind == "postgresql":
        import psycopg

        admin = "postgresql://postgres@127.0.0.1:5432/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
    else:
        path = Path(database_url(kind, size).removeprefix("sqlite:///"))
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)


def _text(rnd: random.Random, template: str) -> str:
    return template.format(n=rnd.randint(2, 9), m=rnd.randint(1, 12))


def seed(kind: str, size: int) -> None:
    fresh_database(kind, size)
    setup(kind, size)
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from grievances.models import Channel, DueKind, Grievance, Kind, State
    from minsheng.workdays import local_date
    from orgs.models import Membership, Role, Unit

    call_command("migrate", verbosity=0)
    mig = importlib.import_module("grievances.migrations.0004_search_index")
    doc_mig = importlib.import_module("grievances.migrations.0010_search_folded_state")
    with connection.cursor() as cur:  # load without the triggers; index once at the end
        if kind == "sqlite":
            for name in mig.SQLITE_TRIGGER_NAMES:
                cur.execute(f"DROP TRIGGER {name}")
        else:
            for name, table in mig.PG_TRIGGER_TABLES.items():
                cur.execute(f"DROP TRIGGER {name} ON {table}")
            cur.execute("DROP INDEX IF EXISTS grievances_searchdoc_trgm")
            cur.execute("DROP INDEX IF EXISTS grievances_searchdoc_folded")

    rnd = random.Random(7)
    hq = Unit.objects.create(name="总部", code="HQ")
    branches = [Unit.objects.create(name=f"分公司{i}", code=f"B{i}", parent=hq) for i in range(5)]
    shops = [
        Unit.objects.create(name=f"车间{b.code}-{j}", code=f"{b.code}-W{j}", parent=b)
        for b in branches
        for j in range(5)
    ]

    def user(name: str, unit: Unit, role: str) -> User:
        u = User.objects.create_user(name, password="x")
        Membership.objects.create(user=u, unit=unit, role=role)
        return u

    user("chief", hq, Role.HEAD)
    for b in branches:
        user(f"head-{b.code}", b, Role.HEAD)
    leaders = {s.pk: user(f"leader-{s.code}", s, Role.LEADER) for s in shops}
    if kind == "postgresql":
        seed_in_sql(size, [s.pk for s in shops], [leaders[s.pk].pk for s in shops], mig)
        return
    if kind == "sqlite":
        seed_sqlite_in_sql(size, [s.pk for s in shops], [leaders[s.pk].pk for s in shops], mig)
        return
    today = local_date()
    now = timezone.now()
    t0 = time.time()
    states = [State.RECEIVED, State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS, State.REPLIED]
    batch: list[Grievance] = []
    replies: list[tuple[Any, ...]] = []
    notes: list[tuple[Any, ...]] = []
    first_id = 1

    def flush() -> None:
        nonlocal batch, replies, notes, first_id
        with transaction.atomic():
            Grievance.objects.bulk_create(batch)
            with connection.cursor() as cur:
                cur.executemany(
                    "INSERT INTO grievances_reply (grievance_id, created, author_id, facts,"
                    " decision, reasons, policy, review_level, sent_back)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s,0,false)",
                    replies,
                )
                cur.executemany(
                    "INSERT INTO grievances_timelineevent (grievance_id, kind, created,"
                    " actor_id, public, text, data) VALUES (%s,%s,%s,%s,%s,%s,'{}')",
                    notes,
                )
        first_id += len(batch)
        batch, replies, notes = [], [], []

    for i in range(size):
        gid = first_id + len(batch)
        english = rnd.random() < 0.1
        subject, template = rnd.choice(EN_TOPICS if english else ZH_TOPICS)
        place = "" if english else rnd.choice(PLACES)
        description = place + _text(rnd, template)
        if rnd.random() < 0.5:  # a second sentence from another topic
            description += (" " if english else "") + _text(
                rnd, rnd.choice(EN_TOPICS if english else ZH_TOPICS)[1]
            )
        state = rnd.choice(states)
        shop = rnd.choice(shops)
        owner = leaders[shop.pk] if state != State.RECEIVED else None
        received = now - timedelta(days=(size - i) * 540 / size, minutes=rnd.randint(0, 600))
        due = today + timedelta(days=rnd.randint(-5, 60))
        batch.append(
            Grievance(
                id=gid,
                code=f"SRCH{i:08d}",
                channel=Channel.WEB,
                kind=Kind.COMPLAINT,
                subject=(place if rnd.random() < 0.3 else "") + subject,
                description=description,
                unit=shop,
                owner=owner,
                handler=owner,
                state=state,
                received_at=received,
                accept_due=due,
                resolve_due=due,
                next_due=due,
                next_due_kind=DueKind.ACCEPT if state == State.RECEIVED else DueKind.RESOLVE,
            )
        )
        if owner is not None and (state == State.REPLIED or rnd.random() < 0.2):
            facts, decision, reasons = rnd.choice(EN_REPLY if english else ZH_REPLY)
            replies.append((gid, now, owner.pk, facts, _text(rnd, decision), reasons, ""))
        if owner is not None:
            for _n in range(rnd.choice([0, 1, 1, 2])):
                note = _text(rnd, rnd.choice(EN_NOTES if english else ZH_NOTES))
                notes.append(
                    (gid, rnd.choice(["visit", "dialogue", "note"]), now, owner.pk, True, note)
                )
        if len(batch) == 20000:
            flush()
            print(f"  {i + 1} rows, {time.time() - t0:.0f} s", flush=True)
    if batch:
        flush()
    print(f"loaded {size} grievances in {time.time() - t0:.0f} s", flush=True)
    t1 = time.time()
    with connection.cursor() as cur:
        if kind == "sqlite":
            for sql in mig.SQLITE_REBUILD:
                cur.execute(sql)
            for sql in mig.SQLITE_TRIGGERS:
                cur.execute(sql)
        else:
            for sql in doc_mig.PG_REBUILD:
                cur.execute(sql)
            print(f"  documents in {time.time() - t1:.0f} s", flush=True)
            cur.execute(doc_mig.PG_INDEX)
            for sql in doc_mig.PG_SCOPE_INDEXES:
                cur.execute(sql)
            for sql in mig.PG_TRIGGERS:
                cur.execute(sql)
        cur.execute("ANALYZE")
    print(f"indexed in {time.time() - t1:.0f} s", flush=True)


PG_SEED = """
INSERT INTO grievances_grievance (id, version, code, secret_hash, channel, kind, subject,
    description, location, is_skip_level, return_count, routing_disputed, identity_mode,
    headcount, is_collective, state, received_at, accept_due, resolve_due, extension_days,
    rating, rating_by_callback, review_level, reopened, supervised, next_due, next_due_kind,
    unit_id, owner_id, handler_id, escalation_interval, escalation_level,
    review_window_closed, sweep_claim, routed)
SELECT i, 1, 'SRCH' || lpad(i::text, 8, '0'), '', 'web', 'complaint',
    CASE WHEN r.en THEN (%(es)s::text[])[r.ei]
         ELSE (CASE WHEN r.p < 0.3 THEN r.place ELSE '' END) || (%(zs)s::text[])[r.zi] END,
    CASE WHEN r.en THEN replace(replace((%(et)s::text[])[r.ei], '{n}', r.n1), '{m}', r.m1)
             || CASE WHEN r.two THEN ' ' || replace(replace((%(et)s::text[])[r.ei2], '{n}', r.n2),
                                                    '{m}', r.m1) ELSE '' END
         ELSE r.place || replace(replace((%(zt)s::text[])[r.zi], '{n}', r.n1), '{m}', r.m1)
             || CASE WHEN r.two THEN replace(replace((%(zt)s::text[])[r.zi2], '{n}', r.n2),
                                             '{m}', r.m1) ELSE '' END END,
    '', false, 0, false, 'named', 1, false, r.st,
    now() - ((%(size)s - i) * 540.0 / %(size)s) * interval '1 day',
    current_date + r.d, current_date + r.d, 0, '', false, 0, false, false, current_date + r.d,
    CASE WHEN r.st = 'received' THEN 'accept' ELSE 'resolve' END,
    (%(shops)s::bigint[])[r.shop],
    CASE WHEN r.st = 'received' THEN NULL ELSE (%(leaders)s::int[])[r.shop] END,
    CASE WHEN r.st = 'received' THEN NULL ELSE (%(leaders)s::int[])[r.shop] END,
    interval '2 days', 0, false, '', false
FROM generate_series(1, %(size)s) i
CROSS JOIN LATERAL (
    SELECT random() + i * 0 < 0.1 AS en, random() < 0.5 AS two, random() AS p,
        1 + floor(random() * %(nz)s)::int AS zi, 1 + floor(random() * %(nz)s)::int AS zi2,
        1 + floor(random() * %(ne)s)::int AS ei, 1 + floor(random() * %(ne)s)::int AS ei2,
        (2 + floor(random() * 8)::int)::text AS n1, (2 + floor(random() * 8)::int)::text AS n2,
        (1 + floor(random() * 12)::int)::text AS m1,
        (%(places)s::text[])[1 + floor(random() * %(np)s)::int] AS place,
        1 + floor(random() * 25)::int AS shop,
        (ARRAY['received', 'accepted', 'assigned', 'in_progress', 'replied'])
            [1 + floor(random() * 5)::int] AS st,
        floor(random() * 66)::int - 5 AS d
) r
"""

PG_SEED_REPLIES = """
INSERT INTO grievances_reply (grievance_id, created, author_id, facts, decision, reasons,
    policy, review_level, sent_back)
SELECT g.id, now(), g.owner_id, x.facts, x.decision, x.reasons, '', 0, false
FROM grievances_grievance g
CROSS JOIN LATERAL (
    SELECT CASE WHEN g.subject ~ '^[A-Za-z ]+$' THEN %(ef)s ELSE (%(zf)s::text[])[k] END
               AS facts,
           CASE WHEN g.subject ~ '^[A-Za-z ]+$' THEN %(ed)s ELSE (%(zd)s::text[])[k] END
               AS decision,
           CASE WHEN g.subject ~ '^[A-Za-z ]+$' THEN %(er)s ELSE (%(zr)s::text[])[k] END
               AS reasons
    FROM (SELECT 1 + floor(random() * 3)::int + g.id * 0 AS k) kk
) x
WHERE g.owner_id IS NOT NULL AND (g.state = 'replied' OR random() < 0.2)
"""

PG_SEED_NOTES = """
INSERT INTO grievances_timelineevent (grievance_id, kind, created, actor_id, public, text, data)
SELECT g.id, (ARRAY['visit', 'dialogue', 'note'])[1 + floor(random() * 3)::int], now(),
    g.owner_id, true,
    CASE WHEN g.subject ~ '^[A-Za-z ]+$' THEN (%(en)s::text[])[1 + floor(random() * 2)::int]
         ELSE replace((%(zn)s::text[])[1 + floor(random() * 4)::int], '{n}', '5') END,
    '{}'
FROM grievances_grievance g CROSS JOIN generate_series(1, 2) k
WHERE g.owner_id IS NOT NULL AND random() < 0.45
"""


def seed_in_sql(size: int, shops: list[int], leaders: list[int], mig: Any) -> None:
    """PostgreSQL: the same kind of data, generated by the database in a few statements."""
    from django.db import connection

    doc_mig = importlib.import_module("grievances.migrations.0010_search_folded_state")

    t0 = time.time()
    with connection.cursor() as cur:
        cur.execute(
            PG_SEED,
            {
                "size": size,
                "es": [t[0] for t in EN_TOPICS],
                "et": [t[1] for t in EN_TOPICS],
                "zs": [t[0] for t in ZH_TOPICS],
                "zt": [t[1] for t in ZH_TOPICS],
                "nz": len(ZH_TOPICS),
                "ne": len(EN_TOPICS),
                "places": PLACES,
                "np": len(PLACES),
                "shops": shops,
                "leaders": leaders,
            },
        )
        print(f"  grievances in {time.time() - t0:.0f} s", flush=True)
        cur.execute(
            PG_SEED_REPLIES,
            {
                "ef": EN_REPLY[0][0],
                "ed": EN_REPLY[0][1],
                "er": EN_REPLY[0][2],
                "zf": [r[0] for r in ZH_REPLY],
                "zd": [r[1].replace("{n}", "7") for r in ZH_REPLY],
                "zr": [r[2] for r in ZH_REPLY],
            },
        )
        cur.execute(PG_SEED_NOTES, {"en": EN_NOTES, "zn": ZH_NOTES})
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('grievances_grievance', 'id'), %s)", [size]
        )
        print(f"loaded {size} grievances in {time.time() - t0:.0f} s", flush=True)
        t1 = time.time()
        for sql in doc_mig.PG_REBUILD:
            cur.execute(sql)
        print(f"  documents in {time.time() - t1:.0f} s", flush=True)
        cur.execute(doc_mig.PG_INDEX)
        for sql in doc_mig.PG_SCOPE_INDEXES:
            cur.execute(sql)
        for sql in mig.PG_TRIGGERS:
            cur.execute(sql)
        cur.execute("ANALYZE")
    print(f"indexed in {time.time() - t1:.0f} s", flush=True)


SQLITE_SEED = """
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < :size),
r AS MATERIALIZED (
    SELECT i, abs(random()) % 10 = 0 AS en, abs(random()) % 2 = 0 AS two,
        abs(random()) % 10 < 3 AS p,
        abs(random()) % :nz AS zi, abs(random()) % :nz AS zi2,
        abs(random()) % :ne AS ei, abs(random()) % :ne AS ei2,
        2 + abs(random()) % 8 AS n1, 2 + abs(random()) % 8 AS n2, 1 + abs(random()) % 12 AS m1,
        json_extract(:places, '$[' || (abs(random()) % :np) || ']') AS place,
        abs(random()) % 25 AS shop,
        json_extract('["received","accepted","assigned","in_progress","replied"]',
                     '$[' || (abs(random()) % 5) || ']') AS st,
        abs(random()) % 66 - 5 AS d
    FROM seq
)
INSERT INTO grievances_grievance (id, version, code, secret_hash, channel, kind, subject,
    description, location, is_skip_level, return_count, routing_disputed, identity_mode,
    headcount, is_collective, state, received_at, accept_due, resolve_due, extension_days,
    rating, rating_by_callback, review_level, reopened, supervised, next_due, next_due_kind,
    unit_id, owner_id, handler_id, escalation_interval, escalation_level,
    review_window_closed, sweep_claim, routed)
SELECT i, 1, printf('SRCH%08d', i), '', 'web', 'complaint',
    CASE WHEN en THEN json_extract(:es, '$[' || ei || ']')
         ELSE (CASE WHEN p THEN place ELSE '' END) || json_extract(:zs, '$[' || zi || ']') END,
    CASE WHEN en THEN replace(replace(json_extract(:et, '$[' || ei || ']'), '{n}', n1), '{m}', m1)
             || CASE WHEN two THEN ' ' || replace(replace(json_extract(:et, '$[' || ei2 || ']'),
                                                  '{n}', n2), '{m}', m1) ELSE '' END
         ELSE place || replace(replace(json_extract(:zt, '$[' || zi || ']'), '{n}', n1),
                               '{m}', m1)
             || CASE WHEN two THEN replace(replace(json_extract(:zt, '$[' || zi2 || ']'),
                                           '{n}', n2), '{m}', m1) ELSE '' END END,
    '', 0, 0, 0, 'named', 1, 0, st,
    strftime('%Y-%m-%d %H:%M:%f', 'now', printf('%.4f days', -(:size - i) * 540.0 / :size)),
    date('now', printf('%+d days', d)), date('now', printf('%+d days', d)), 0, '', 0, 0, 0, 0,
    date('now', printf('%+d days', d)),
    CASE WHEN st = 'received' THEN 'accept' ELSE 'resolve' END,
    json_extract(:shops, '$[' || shop || ']'),
    CASE WHEN st = 'received' THEN NULL ELSE json_extract(:leaders, '$[' || shop || ']') END,
    CASE WHEN st = 'received' THEN NULL ELSE json_extract(:leaders, '$[' || shop || ']') END,
    172800000000, 0, 0, '', 0
FROM r
"""

SQLITE_SEED_REPLIES = """
INSERT INTO grievances_reply (grievance_id, created, author_id, facts, decision, reasons,
    policy, review_level, sent_back)
SELECT g.id, strftime('%Y-%m-%d %H:%M:%f', 'now'), g.owner_id,
    CASE WHEN unicode(g.subject) < 128 THEN :ef
         ELSE json_extract(:zf, '$[' || (abs(random()) % 3) || ']') END,
    CASE WHEN unicode(g.subject) < 128 THEN :ed
         ELSE json_extract(:zd, '$[' || (abs(random()) % 3) || ']') END,
    CASE WHEN unicode(g.subject) < 128 THEN :er
         ELSE json_extract(:zr, '$[' || (abs(random()) % 3) || ']') END,
    '', 0, 0
FROM grievances_grievance g
WHERE g.owner_id IS NOT NULL AND (g.state = 'replied' OR abs(random()) % 5 = 0)
"""

SQLITE_SEED_NOTES = """
INSERT INTO grievances_timelineevent (grievance_id, kind, created, actor_id, public, text, data)
SELECT g.id, json_extract('["visit","dialogue","note"]', '$[' || (abs(random()) % 3) || ']'),
    strftime('%Y-%m-%d %H:%M:%f', 'now'), g.owner_id, 1,
    CASE WHEN unicode(g.subject) < 128
         THEN json_extract(:en, '$[' || (abs(random()) % 2) || ']')
         ELSE replace(json_extract(:zn, '$[' || (abs(random()) % 4) || ']'), '{n}', '5') END,
    '{}'
FROM grievances_grievance g, (SELECT 1 UNION ALL SELECT 2) k
WHERE g.owner_id IS NOT NULL AND abs(random()) % 100 < 45
"""


def seed_sqlite_in_sql(size: int, shops: list[int], leaders: list[int], mig: Any) -> None:
    """SQLite: the same data as PostgreSQL's, generated by the database (a recursive CTE)."""
    from django.db import connection, transaction

    js = json.dumps
    t0 = time.time()
    with transaction.atomic(), connection.cursor() as cur:
        raw = connection.connection.cursor()  # the sqlite3 cursor: named parameters
        raw.execute(
            SQLITE_SEED,
            {
                "size": size,
                "es": js([t[0] for t in EN_TOPICS]),
                "et": js([t[1] for t in EN_TOPICS]),
                "zs": js([t[0] for t in ZH_TOPICS]),
                "zt": js([t[1] for t in ZH_TOPICS]),
                "nz": len(ZH_TOPICS),
                "ne": len(EN_TOPICS),
                "places": js(PLACES),
                "np": len(PLACES),
                "shops": js(shops),
                "leaders": js(leaders),
            },
        )
        print(f"  grievances in {time.time() - t0:.0f} s", flush=True)
        raw.execute(
            SQLITE_SEED_REPLIES,
            {
                "ef": EN_REPLY[0][0],
                "ed": EN_REPLY[0][1],
                "er": EN_REPLY[0][2],
                "zf": js([r[0] for r in ZH_REPLY]),
                "zd": js([r[1].replace("{n}", "7") for r in ZH_REPLY]),
                "zr": js([r[2] for r in ZH_REPLY]),
            },
        )
        raw.execute(SQLITE_SEED_NOTES, {"en": js(EN_NOTES), "zn": js(ZH_NOTES)})
    print(f"loaded {size} grievances in {time.time() - t0:.0f} s", flush=True)
    t1 = time.time()
    with transaction.atomic(), connection.cursor() as cur:
        for sql in mig.SQLITE_REBUILD:
            cur.execute(sql)
        for sql in mig.SQLITE_TRIGGERS:
            cur.execute(sql)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"indexed in {time.time() - t1:.0f} s", flush=True)


# (kind of query, query, extra filters)
QUERIES: list[tuple[str, str, dict[str, str]]] = [
    ("long zh", "加班费", {}),
    ("long zh", "公积金", {}),
    ("long zh", "安全隐患", {}),
    ("long zh", "薪酬管理办法", {}),
    ("long zh", "工伤认定材料", {}),
    ("long en", "overtime", {}),
    ("long en", "pension", {}),
    ("long en", "payroll", {}),
    ("words", "住房补贴 没有答复", {}),
    ("words", "食堂 质量", {}),
    ("words", "heating dormitory", {}),
    ("split zh", "拖欠工资", {}),
    ("split zh", "宿舍漏水", {}),
    ("short", "工资", {}),
    ("short", "住房", {}),
    ("short", "噪音", {}),
    ("short", "房", {}),
    ("none", "不存在的词语", {}),
    ("none", "zzyzx", {}),
    ("filtered", "加班费", {"state": "received"}),
    ("filtered", "工资", {"state": "replied"}),
    ("bad", '" OR 1=1 -- NEAR(*)', {}),
]


def measure(kind: str, size: int, rounds: int) -> None:
    setup(kind, size)
    from django.contrib.auth.models import User
    from django.db import connection

    from grievances.search import search

    users = {
        "group head": User.objects.get(username="chief"),
        "branch head": User.objects.get(username="head-B2"),
        "workshop leader": User.objects.get(username="leader-B3-W1"),
    }
    timings: dict[str, list[float]] = {}
    everything: list[float] = []
    per_user: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    for r in range(rounds + 1):
        for who, u in users.items():
            for label, q, filters in QUERIES:
                connection.queries_log.clear()
                t0 = time.perf_counter()
                result = search(u, {"q": q, **filters}, limit=50)  # the first page
                rows = result.rows
                ms = (time.perf_counter() - t0) * 1000
                if r == 0:  # the first round warms the caches; not counted
                    counts[f"{who}: {q} {filters or ''}"] = result.total
                    continue
                assert rows is not None
                timings.setdefault(label, []).append(ms)
                per_user.setdefault(who, []).append(ms)
                everything.append(ms)

    def summary(values: list[float]) -> dict[str, float]:
        values = sorted(values)
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        return {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(values[-1], 1),
        }

    report = {
        "database": kind,
        "size": size,
        "rounds": rounds,
        "all": summary(everything),
        "by_kind": {k: summary(v) for k, v in timings.items()},
        "by_user": {k: summary(v) for k, v in per_user.items()},
        "matches_first_page_total": counts,
        "when": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"search-{kind}-{size}-{report['when']}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"written {out.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("step", choices=["seed", "measure"])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.step == "seed":
        seed(args.database, args.size)
    else:
        measure(args.database, args.size, args.rounds)


if __name__ == "__main__":
    main()
