"""The demo's hardship assistance: a register of a few hundred households across the
organisation's units, two active programmes (a monthly living allowance and medical aid),
and applications at every stage, all made through `assistance.lifecycle` with the clock moved
to each moment (time-machine): most paid, some on public notice now (one with an objection
waiting for its answer), some refused, some just applied; a few households closed when their
hardship was resolved."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.utils import timezone

from demo.registry import Context, register

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = [
    "建国", "秀英", "桂兰", "志强", "丽", "伟", "芳", "敏", "静", "晓明", "玉兰", "红梅",
    "国庆", "海燕", "德明", "淑珍", "小龙", "春生", "金花", "永红",
]  # fmt: skip
HARDSHIPS = [
    ["illness"], ["disability"], ["unemployment"], ["single_parent", "school_costs"],
    ["low_pension"], ["illness", "low_pension"], ["school_costs"], ["disaster"],
]  # fmt: skip
STREETS = ["幸福路", "建设街", "和平里", "工人村", "东风路", "新华街"]


def _exists() -> bool:
    from assistance.models import Household

    return Household.objects.exists()


def _id_number(rng: random.Random) -> str:
    """An ID number of the right shape that no household in the register has (seeding again
    with the same seed adds new households rather than repeating the first run's)."""
    from assistance.models import Household
    from minsheng import crypto

    while True:
        region = rng.randint(110000, 659000)
        born = f"{rng.randint(1950, 1995)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        number = f"{region}{born}{rng.randint(0, 999):03d}{rng.choice('0123456789X')}"
        if not Household.objects.filter(id_hash=crypto.lookup_hash("id", number)).exists():
            return number


def _members(rng: random.Random, kinds: list[str], year: int) -> list[Any]:
    from assistance.lifecycle import MemberInput

    head_income = {"pension": str(rng.randint(6, 18) * 100)} if "low_pension" in kinds else {}
    if "unemployment" not in kinds and not head_income:
        head_income = {"wage": str(rng.randint(10, 30) * 100)}
    out = [
        MemberInput(
            "head",
            rng.randint(1950, 1990),
            "retired" if "low_pension" in kinds else rng.choice(["employed", "unemployed"]),
            health="serious" if "illness" in kinds else "good",
            disability="disability" in kinds,
            income=head_income,
        )
    ]
    if "single_parent" not in kinds and rng.random() < 0.7:
        out.append(MemberInput("spouse", rng.randint(1955, 1992), "unemployed"))
    for _ in range(rng.randint(0, 2) + ("school_costs" in kinds)):
        out.append(MemberInput("child", rng.randint(year - 17, year - 6), "student"))
    return out


def seed_assistance(org: Any, *, seed: int = 1, households: int = 300,
                    now: datetime | None = None) -> dict[str, int]:  # fmt: skip
    from assistance import lifecycle
    from assistance.models import Period, Programme, ProgrammeKind

    rng = random.Random(seed + 900)
    now = now or timezone.now()
    top = [org.unit_rows[u.pk] for u in org.units if u.parent is None]
    units = [u for u in org.units if u.parent is not None and org.handlers(u) and u.level >= 2]
    units = units or [u for u in org.units if org.handlers(u)]
    living = Programme.objects.create(
        name="城镇困难职工生活补助",
        kind=ProgrammeKind.LIVING,
        budget=Decimal("400000"),
        budget_period=Period.MONTH,
        eligibility="income_per_head < 1200",
        benefit="600",
        reverify=Period.QUARTER,
    )
    medical = Programme.objects.create(
        name="大病医疗救助",
        kind=ProgrammeKind.MEDICAL,
        budget=Decimal("2000000"),
        budget_period=Period.YEAR,
        eligibility='"illness" in hardship or "disability" in hardship',
        benefit="5000",
        reverify=Period.YEAR,
    )
    living.units.set(top)
    medical.units.set(top)
    counts = {"households": 0, "applications": 0, "paid": 0, "on_notice": 0, "refused": 0,
              "notice_over": 0, "closed": 0, "objections": 0}  # fmt: skip
    start = now - timedelta(days=120)
    made: list[tuple[Any, Any]] = []
    for _ in range(households):
        u = rng.choice(units)
        clerk = org.users[org.clerk(u)]
        kinds = rng.choice(HARDSHIPS)
        when = start + timedelta(days=rng.uniform(0, 60))
        with time_machine.travel(when, tick=False):
            h = lifecycle.register_household(
                by=clerk,
                unit=org.unit_rows[u.pk],
                head_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                id_number=_id_number(rng),
                phone=f"13{rng.randint(100000000, 999999999)}",
                address=f"{rng.choice(STREETS)}{rng.randint(1, 200)}号{rng.randint(1, 6)}单元",
                hardship_types=kinds,
                consent="户主书面同意登记家庭及成员信息，仅用于困难帮扶的核查、评议与公示",
                members=_members(rng, kinds, when.year),
            )
        made.append((h, u))
    counts["households"] = len(made)
    # Applications for about one household in four, at every stage.
    for i, (h, u) in enumerate(rng.sample(made, k=max(4, len(made) // 4))):
        clerk, handler = org.users[org.clerk(u)], org.users[org.handlers(u)[0]]
        leader = org.users[org.reviewer(u)]
        programme = medical if {"illness", "disability"} & set(h.hardship_types) else living
        stage = ["paid"] * 5 + ["notice_over", "on_notice", "on_notice"]
        stage += ["refused", "applied", "reviewed"]
        target = stage[i % len(stage)]
        t = now - timedelta(days=40 if target != "on_notice" else 4) + timedelta(hours=i)
        if target == "applied":
            t = now - timedelta(days=2)
        with time_machine.travel(t, tick=False):
            a = lifecycle.apply(h, programme, by=clerk, reason="家庭困难，申请帮扶")
        counts["applications"] += 1
        if target == "applied":
            continue
        with time_machine.travel(t + timedelta(days=1), tick=False):
            lifecycle.record_visit(
                a,
                by=handler,
                visited_on=timezone.localdate(),
                findings="入户走访核实：家庭成员、收入及困难情况与申请一致。",
            )
        if target == "refused":
            with time_machine.travel(t + timedelta(days=2), tick=False):
                lifecycle.committee_decision(
                    a, by=leader, members="评议小组五人", votes_for=1, votes_against=4,
                    decision="reject", reasons="家庭人均收入高于补助标准。",
                )  # fmt: skip
            counts["refused"] += 1
            continue
        with time_machine.travel(t + timedelta(days=2), tick=False):
            lifecycle.committee_decision(
                a, by=leader, members="评议小组五人", votes_for=5, votes_against=0,
                decision="support", reasons="符合救助条件，同意按标准给予救助。",
            )  # fmt: skip
        if target == "reviewed":
            continue
        with time_machine.travel(t + timedelta(days=3), tick=False):
            lifecycle.publish_notice(a, by=handler)
        if target == "notice_over":
            # Its notice period has ended with no objection: waiting for the approval, so
            # that a visitor can approve and pay one in the browser.
            counts["notice_over"] += 1
            continue
        if target == "on_notice":
            counts["on_notice"] += 1
            if counts["on_notice"] == 1:
                with time_machine.travel(t + timedelta(days=3, hours=5), tick=False):
                    lifecycle.lodge_objection(a, text="该户家中经营小卖部，收入情况请再核实。")
                counts["objections"] += 1
            continue
        with time_machine.travel(t + timedelta(days=11), tick=False):
            lifecycle.approve(a, by=leader)
        a.refresh_from_db()
        with time_machine.travel(t + timedelta(days=12), tick=False):
            lifecycle.pay(
                a,
                by=clerk,
                amount=a.amount,
                paid_on=timezone.localdate(),
                method="bank",
                reference=f"ZF{a.pk:06d}",
            )
        counts["paid"] += 1
    # Households whose hardship was resolved (动态管理).
    for h, u in rng.sample(made, k=max(1, len(made) // 30)):
        if h.applications.exists():
            continue
        with time_machine.travel(now - timedelta(days=5), tick=False):
            lifecycle.close_household(
                h, by=org.users[org.clerk(u)], reason="家庭成员已再就业，困难情况解除。"
            )
        counts["closed"] += 1
    return counts


@register("assistance", order=50, exists=_exists)
def seed(ctx: Context) -> list[str]:
    """Needs the organisation."""
    c = seed_assistance(
        ctx.shared["orgs"], seed=ctx.seed, households=ctx.volumes.get("assistance", 300),
        now=ctx.now,
    )  # fmt: skip
    return [
        f"Assistance: {c['households']} households ({c['closed']} closed), 2 programmes,"
        f" {c['applications']} applications ({c['paid']} paid, {c['on_notice']} on notice,"
        f" {c['notice_over']} past their notice and waiting for approval,"
        f" {c['refused']} refused), {c['objections']} objection waiting for its answer."
    ]
