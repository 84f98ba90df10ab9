"""Exports and PDFs: does an export's memory stay flat as the list grows, and what does a
letter PDF cost?

    .venv/bin/python bench/export_bench.py [--rows 20000 200000] [--pdfs 20]

Each export runs in a fresh child process, so that its peak resident memory (ru_maxrss) is
its own: the rows (ten columns like the queue's, Chinese text, dates) are generated lazily
and fed through `minsheng.export.response`, and the response is consumed in blocks as a
client would read it. Memory flat means the peak does not grow with the number of rows.
The PDF figure is the CPU time to render a one-page reply letter with the embedded font subset.
Prints a table; figures go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    os.environ.setdefault("MINSHENG_SECRET_KEY", "bench")
    import django

    django.setup()


def child_export(fmt: str, rows: int) -> dict[str, float]:
    _setup()
    from datetime import date, timedelta

    from django.utils import translation

    from minsheng import export

    translation.activate("zh-hans")
    base = date(2026, 1, 1)
    columns = [export.Column(h) for h in ("信访编号", "标题", "标记", "问题类别", "单位")]
    columns += [export.Column(h) for h in ("状态", "包案领导", "已登记", "下一期限", "期限事项")]

    def gen():
        for i in range(rows):
            yield (
                f"ABCD-{i:04d}-EFGH",
                f"三车间加班费未按时发放，第{i}号，涉及约四十名工人",
                "督办" if i % 7 == 0 else "",
                "工资福利",
                "一分公司第三车间",
                "已受理",
                "张卫东",
                base + timedelta(days=i % 365),
                base + timedelta(days=i % 365 + 15),
                "作出受理决定",
            )

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    cpu = time.process_time()
    response = export.response(fmt, "bench", columns, gen())
    size = 0
    for block in response.streaming_content:
        size += len(block)
    response.close()
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": rows,
        "seconds": round(elapsed, 2),
        "cpu": round(cpu, 2),
        "mb": round(size / 1e6, 1),
        "rss_before_mib": round(before / 1024, 1),
        "rss_peak_mib": round(peak / 1024, 1),
    }


def child_pdf(n: int) -> dict[str, float]:
    _setup()
    from django.utils import translation

    from minsheng.documents import Document, Section, render_pdf

    translation.activate("zh-hans")
    doc = Document(
        organisation="某某集团有限公司",
        unit="一分公司第三车间",
        title="信访事项答复意见书",
        code="ABCD-EFGH-JKMN",
        filename="bench",
        addressee="信访人：",
        sections=[
            Section("", "您于2026年3月2日反映的“三车间加班费未按时发放”事项收悉。" * 2),
            Section("查明的事实", "十月份加班费因审批延误未发放，涉及四十二名工人。" * 8),
            Section("处理意见", "十一月十日前补发全部加班费。" * 3),
            Section("理由", "加班费应按月足额支付。《工资支付暂行规定》第十三条。" * 4),
        ],
        closing=["一分公司第三车间", "2026年3月20日"],
    )
    times, size = [], 0
    for _ in range(n):
        start = time.process_time()
        size = len(render_pdf(doc))
        times.append(time.process_time() - start)
    times.sort()
    return {
        "pdfs": n,
        "p50_ms": round(1000 * times[len(times) // 2], 1),
        "p95_ms": round(1000 * times[int(len(times) * 0.95) - 1], 1),
        "kb": round(size / 1024, 1),
        "rss_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_child(*args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--pdfs", type=int, default=20)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        kind = args.child[0]
        if kind == "pdf":
            print(json.dumps(child_pdf(int(args.child[1]))))
        else:
            print(json.dumps(child_export(kind, int(args.child[1]))))
        return
    print(
        f"{'format':6} {'rows':>8} {'wall s':>8} {'CPU s':>6} {'MB':>6} {'RSS before':>11}"
        f" {'RSS peak':>9}"
    )
    for fmt in ("xlsx", "csv"):
        for n in args.rows:
            r = run_child(fmt, str(n))
            print(
                f"{fmt:6} {n:>8} {r['seconds']:>8} {r['cpu']:>6} {r['mb']:>6} "
                f"{r['rss_before_mib']:>10}M {r['rss_peak_mib']:>8}M"
            )
    p = run_child("pdf", str(args.pdfs))
    print(
        f"reply letter PDF, CPU time: p50 {p['p50_ms']} ms, p95 {p['p95_ms']} ms, {p['kb']} kB, "
        f"peak RSS {p['rss_peak_mib']} MiB ({p['pdfs']} renders)"
    )


if __name__ == "__main__":
    main()
