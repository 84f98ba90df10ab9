"""The demo's incident reports: about 60 incidents over the last 18 months at every
severity, made through duty's own steps with the clock moved to each moment (time-machine):
most reported on time and closed by a final report, some reported late, two whose final
report never came (marked missing by the sweep; one of them in the last year), one with a
corrected report, one linked to a collective grievance, and a few still open, the newest with
its alert still climbing.

The collective grievance is found through the grievances' public door
(`grievances.scoping.visible_grievances` of the head at the top), never its models."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.utils import timezone

from demo.registry import Context, register

TITLES: dict[str, list[tuple[str, str, str]]] = {
    # kind: (title, place, what happened)
    "safety": [
        ("车间叉车碰撞货架", "成品仓库", "叉车倒车时碰撞货架，部分货物倒塌，无人员受伤。"),
        ("井下局部冒顶", "二号井东翼巷道", "巷道局部冒顶约三平方米，作业人员已撤离。"),
        ("配电柜起火", "动力车间配电室", "配电柜短路起火，已用灭火器扑灭。"),
    ],
    "disaster": [
        ("暴雨导致厂区积水", "厂区东门及道路", "持续暴雨，东门一带积水约四十厘米。"),
        ("大风损坏临时工棚", "项目部生活区", "阵风八级，两处临时工棚顶棚被掀。"),
    ],
    "health": [
        ("食堂疑似食物中毒", "职工食堂", "午餐后多名职工出现腹痛、腹泻症状，已送医。"),
        ("高温中暑", "露天作业区", "露天作业人员出现中暑症状，已送医务室。"),
    ],
    "gathering": [
        (
            "职工在办公楼前聚集反映工资问题",
            "办公楼前广场",
            "约三十名职工聚集反映加班费发放问题，现场秩序平稳。",
        ),
        ("住户聚集反映供暖问题", "小区物业中心", "二十余名住户到物业中心反映室温不达标。"),
    ],
    "outage": [
        ("小区停水", "生活小区三至五号楼", "主供水管爆裂，三栋楼停水。"),
        ("供暖中断", "家属区", "换热站循环泵故障，供暖中断。"),
        ("网络中断", "办公楼", "主交换机故障，办公网络中断。"),
    ],
    "other": [("围墙局部倒塌", "厂区北侧围墙", "北侧围墙约十米倒塌，已设置警戒。")],
}
SEVERITIES = [1] * 3 + [2] * 8 + [3] * 19 + [4] * 30
MINUTES = {1: 30, 2: 60, 3: 120, 4: 24 * 60}


def _exists() -> bool:
    from duty.models import Incident

    return Incident.objects.exists()


def _unit_and_people(org: Any, rng: random.Random) -> tuple[Any, Any, Any]:
    """A unit below the top, one who files there, and one who acknowledges there."""
    units = [u for u in org.units if u.parent is not None and org.handlers(u)]
    u = rng.choice(units)
    filer = org.users[org.handlers(u)[0]]
    # Someone else acknowledges: the one who filed a report cannot.
    ackers = [n for n in [*u.leaders, org.head(u)[0]] if org.users[n].pk != filer.pk]
    acker = org.users[ackers[0]]
    return org.unit_rows[u.pk], filer, acker


def _file(
    unit: Any, filer: Any, kind: str, severity: int, known: datetime, delay: timedelta,
    rng: random.Random,
) -> Any:  # fmt: skip
    from duty import incidents

    title, place, what = rng.choice(TITLES[kind])
    with time_machine.travel(known + delay, tick=False):
        return incidents.file_initial(
            by=filer, unit=unit, title=title, kind=kind, severity=severity, place=place,
            occurred_at=known - timedelta(minutes=rng.randint(0, 40)), known_at=known,
            people_affected=rng.choice([0, 0, 2, 5, 12, 30, 45]), what_happened=what,
            actions_taken="已启动应急处置，相关部门到场。",
        )  # fmt: skip


def seed_incidents(
    org: Any, *, seed: int = 1, months: int = 18, now: datetime | None = None
) -> dict[str, int]:
    from duty import escalation, incidents, sweeps
    from duty.models import Alert
    from grievances.scoping import visible_grievances

    now = now or timezone.now()
    rng = random.Random(seed + 80)
    counts = {"incidents": 0, "late": 0, "missing": 0, "open": 0, "corrected": 0, "linked": 0}
    span = timedelta(days=30 * months)
    severities = SEVERITIES[:]
    rng.shuffle(severities)
    kinds = list(TITLES)
    made = []
    for n, severity in enumerate(severities):
        # Spread over the period; the last few in the last days, still open.
        if n < len(severities) - 4:
            known = (
                now - span + span * (n / len(severities)) + timedelta(minutes=rng.randint(0, 600))
            )
        else:
            known = now - timedelta(days=len(severities) - n, hours=rng.randint(0, 12))
        known = min(known, now - timedelta(hours=3))
        unit, filer, acker = _unit_and_people(org, rng)
        late = n % 9 == 4  # about one in nine reported after its deadline
        deadline = timedelta(minutes=MINUTES[severity])
        delay = deadline * (1.3 if late else rng.uniform(0.1, 0.8))
        i = _file(unit, filer, rng.choice(kinds), severity, known, delay, rng)
        if n < len(severities) - 1:  # the newest one's alert is left climbing
            acked = known + delay + timedelta(minutes=rng.randint(2, 14))
            with time_machine.travel(acked, tick=False):
                for alert in Alert.objects.filter(incident=i, acknowledged_at__isnull=True):
                    escalation.acknowledge(alert, by=acker)
        made.append((i, filer, known, severity))
    # Two severity-III incidents never get a final report: missing. The oldest, and the
    # newest past its window, so that the scorecard's default year shows one.
    old_threes = [i.pk for i, _f, k, s in made if s == 3 and now - k > timedelta(days=60)]
    never = {old_threes[0], old_threes[-1]} if old_threes else set()
    open_recent = {i.pk for i, _f, _k, _s in made[-4:]}
    for i, filer, known, severity in made:
        if i.pk in never or i.pk in open_recent:
            continue
        final_window = incidents.deadlines(severity)[1]
        if rng.random() < 0.4:
            with time_machine.travel(known + timedelta(hours=rng.randint(3, 20)), tick=False):
                incidents.file_follow_up(
                    i, by=filer, what_happened="现场处置进展顺利，影响范围已控制。"
                )
        with time_machine.travel(known + final_window * rng.uniform(0.2, 0.9), tick=False):
            incidents.file_final(
                i, by=filer, what_happened="处置完毕，已恢复正常。",
                actions_taken="已查明原因并落实整改措施。",
            )  # fmt: skip
    # One initial report corrected: the number of people affected, checked again.
    first = made[1][0]
    with time_machine.travel(first.created + timedelta(hours=2), tick=False):
        incidents.correct(
            first.reports.get(sequence=1, version=1), by=made[1][1],
            reason="经现场核实，受影响人数有误。", people_affected=first.people_affected + 7,
        )  # fmt: skip
    counts["corrected"] = 1
    # One incident linked to a collective grievance, found through the grievances' door.
    root = next(u for u in org.units if u.parent is None)
    chief = org.users[org.head(root)[0]]
    collective = (
        visible_grievances(chief).filter(is_collective=True).order_by("-received_at").first()
    )
    if collective is not None:
        when = max(collective.received_at, now - timedelta(days=20))
        with time_machine.travel(when + timedelta(hours=1), tick=False):
            i = incidents.file_initial(
                by=chief, unit=collective.unit, title="职工集体反映问题",
                kind="gathering", severity=3, place=collective.location or "办公楼前",
                occurred_at=when - timedelta(minutes=30), known_at=when,
                people_affected=collective.headcount,
                what_happened="多名职工集中反映同一问题，已安排接待和对话。",
            )  # fmt: skip
            incidents.link_grievance(i, by=chief, code=collective.code)
            # The first person the alert reached acknowledges it (never the chief who filed).
            for alert in Alert.objects.filter(incident=i, acknowledged_at__isnull=True):
                page = alert.pages.select_related("user").order_by("id").first()
                if page is not None:
                    escalation.acknowledge(alert, by=page.user)
        counts["linked"] = 1
    with time_machine.travel(now, tick=False):
        counts["missing"] = sweeps.mark_missing(now)
    from duty.models import Incident

    counts["incidents"] = Incident.objects.count()
    counts["late"] = Incident.objects.filter(late=True).count()
    counts["open"] = Incident.objects.filter(state="open").count()
    return counts


@register("duty-incidents", order=40, exists=_exists)
def seed(ctx: Context) -> list[str]:
    """Needs the organisation (and, for the linked case, the grievances part)."""
    c = seed_incidents(ctx.shared["orgs"], seed=ctx.seed, months=ctx.months, now=ctx.now)
    return [
        f"Incidents: {c['incidents']} ({c['late']} reported late, {c['missing']} missing,"
        f" {c['open']} open, {c['corrected']} corrected, {c['linked']} linked to a"
        " collective grievance)."
    ]
