"""The demo organisation: an enterprise group of 30 units in four levels, about 60 staff
with their roles, and the demo logins, all with the password ``minsheng-demo``:

============  ============================================  ==================================
username      role                                          unit
============  ============================================  ==================================
``admin``     administrator (superuser, Django admin)       集团总部 Group Headquarters
``chief``     unit head                                     集团总部 Group Headquarters
``head``      unit head                                     第一分公司 First Branch
``leader``    leader (owns the workshop's cases)            三车间 Workshop No. 3 (First Branch)
``handler``   handler                                       三车间 Workshop No. 3
``clerk``     intake clerk                                  三车间 Workshop No. 3
``auditor``   auditor (sees everything, changes nothing)    集团总部 Group Headquarters
============  ============================================  ==================================

Every other staff member is ``staff001``, ``staff002``, ... with the same password.

Contract: units are matched by code and staff by username; what exists is never changed, so
seeding again adds nothing here. The part leaves the organisation as plain data (`Org`) in
``ctx.shared["orgs"]`` for the parts after it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from demo.registry import Context, register
from orgs.models import Membership, Role, Unit

DEMO_PASSWORD = "minsheng-demo"


# (code, parent code, Chinese name, English name, unit type). Unit types steer which
# categories a unit mostly receives and which places its grievances name.
UNITS: list[tuple[str, str, str, str, str]] = [
    ("HQ", "", "集团总部", "Group Headquarters", "office"),
    ("HQ-HR", "HQ", "人力资源部", "Human Resources Department", "office"),
    ("HQ-SS", "HQ", "社会保障中心", "Social Security Centre", "retirees"),
    ("B1", "HQ", "第一分公司", "First Branch", "office"),
    ("B1-W1", "B1", "一车间", "Workshop No. 1", "workshop"),
    ("B1-W2", "B1", "二车间", "Workshop No. 2", "workshop"),
    ("B1-W3", "B1", "三车间", "Workshop No. 3", "workshop"),
    ("B1-OF", "B1", "综合办公室", "General Office", "office"),
    ("B2", "HQ", "第二分公司", "Second Branch", "office"),
    ("B2-MC", "B2", "机加车间", "Machining Workshop", "workshop"),
    ("B2-AS", "B2", "装配车间", "Assembly Workshop", "workshop"),
    ("B2-QA", "B2", "质量检验部", "Quality Inspection Department", "office"),
    ("MN", "HQ", "矿业子公司", "Mining Subsidiary", "office"),
    ("MN-S1", "MN", "一号井", "Shaft No. 1", "mine"),
    ("MN-S1-T1", "MN-S1", "采煤一队", "Coal Face Team 1", "mine"),
    ("MN-S1-T2", "MN-S1", "掘进二队", "Tunnelling Team 2", "mine"),
    ("MN-S2", "MN", "二号井", "Shaft No. 2", "mine"),
    ("MN-S2-T1", "MN-S2", "综采队", "Longwall Team", "mine"),
    ("MN-PL", "MN", "选煤厂", "Coal Preparation Plant", "workshop"),
    ("MN-SE", "MN", "安全环保部", "Safety and Environment Department", "office"),
    ("CN", "HQ", "建设工程子公司", "Construction Subsidiary", "office"),
    ("CN-P1", "CN", "第一项目部", "Project Department No. 1", "project"),
    ("CN-P2", "CN", "第二项目部", "Project Department No. 2", "project"),
    ("CN-LD", "CN", "征迁安置办公室", "Land Acquisition and Resettlement Office", "project"),
    ("SV", "HQ", "物业与社区服务公司", "Property and Community Services Company", "estate"),
    ("SV-RA", "SV", "家属区管理站", "Residential Area Office", "estate"),
    ("SV-RA-N", "SV-RA", "北区服务点", "North Block Service Point", "estate"),
    ("SV-RA-S", "SV-RA", "南区服务点", "South Block Service Point", "estate"),
    ("SV-RT", "SV", "离退休服务站", "Retirees' Service Station", "retirees"),
    ("SV-HT", "SV", "供热供水站", "Heating and Water Station", "estate"),
    # The intake desk: what comes in at the top and no routing rule places (demo/routing.py).
    # Last in the list, and of its own kind, so the seeded story of the others is unchanged.
    ("HQ-LV", "HQ", "信访办公室", "Letters and Visits Office", "intake"),
]

# The workshop of the demo `leader`, `handler` and `clerk`, and the branch of `head`.
DEMO_WORKSHOP = "B1-W3"
DEMO_BRANCH = "B1"
# The unit marked as the intake desk.
DEMO_INTAKE_DESK = "HQ-LV"

# Fixed demo logins: username → (surname, given name).
DEMO_NAMES: dict[str, tuple[str, str]] = {
    "admin": ("周", "文斌"),
    "chief": ("王", "建国"),
    "head": ("李", "志强"),
    "leader": ("张", "卫东"),
    "handler": ("刘", "晓明"),
    "clerk": ("陈", "静"),
    "auditor": ("赵", "敏"),
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严武戴孔汤"
)
GIVEN_NAMES = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "建国",
    "志强",
    "海燕",
    "晓明",
    "红梅",
    "玉兰",
    "国庆",
    "卫东",
    "春生",
    "文斌",
    "丽华",
    "淑珍",
    "德胜",
    "永红",
    "小军",
    "建军",
    "秀珍",
    "凤英",
    "立新",
    "振华",
    "爱华",
    "桂兰",
    "宏伟",
    "海波",
    "志刚",
    "玉梅",
    "金凤",
    "长青",
    "树林",
    "保国",
    "翠花",
    "文静",
    "思远",
    "子涵",
    "浩然",
    "雨轩",
    "佳怡",
    "欣怡",
    "俊杰",
    "晓燕",
    "春燕",
    "福生",
    "永刚",
    "秋菊",
    "冬梅",
    "学军",
]


# ---- the organisation as plain data, for the parts that follow ---------------------------


@dataclass(eq=False)
class OrgUnit:
    pk: int
    code: str
    name: str
    level: int
    kind: str  # what kind of place the unit is (office, workshop, mine, project, estate, ...)
    parent: OrgUnit | None
    handlers: list[int] = field(default_factory=list)
    leaders: list[int] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    clerks: list[int] = field(default_factory=list)

    def chain(self) -> Iterator[OrgUnit]:
        """This unit, then each unit above it."""
        unit: OrgUnit | None = self
        while unit is not None:
            yield unit
            unit = unit.parent


@dataclass
class Org:
    """Who holds which role where, and the `User` rows to act as. The helpers pick who
    does a step; the actions themselves still check that they may."""

    units: list[OrgUnit]
    by_code: dict[str, OrgUnit]
    by_pk: dict[int, OrgUnit]
    users: dict[int, User]
    unit_rows: dict[int, Unit]

    def handlers(self, u: OrgUnit) -> list[int]:
        return u.handlers or u.leaders

    def head(self, u: OrgUnit) -> tuple[int, OrgUnit]:
        """The nearest head at or above `u`, and the unit they head."""
        for x in u.chain():
            if x.heads:
                return x.heads[0], x
        raise LookupError(u.code)

    def assigner(self, u: OrgUnit) -> int:
        """Who assigns, transfers and merges at `u`: its leader, else the nearest head."""
        return u.leaders[0] if u.leaders else self.head(u)[0]

    def owner(self, u: OrgUnit) -> int:
        """The nearest leader (else head) at or above `u`."""
        for x in u.chain():
            if x.leaders or x.heads:
                return (x.leaders or x.heads)[0]
        raise LookupError(u.code)

    def clerk(self, u: OrgUnit) -> int:
        """Who registers at the counter of `u` and records callbacks there."""
        return (u.clerks or self.handlers(u))[0]

    def decider(self, u: OrgUnit) -> int:
        """Who decides acceptance at `u`."""
        return u.handlers[0] if u.handlers else self.assigner(u)

    def reviewer(self, u: OrgUnit) -> int:
        """Who decides a review at `u`: its leader, else the nearest head."""
        return u.leaders[0] if u.leaders else self.head(u)[0]


# ---- creating it --------------------------------------------------------------------------


def _staff_plan() -> list[tuple[str, str, str]]:
    """(username, unit code, role) in a fixed order; numbered staff have '' for a name.
    Every unit has a handler; branches have a head, a leader and a clerk; workshops,
    shafts and project departments a leader of their own."""
    plan: list[tuple[str, str, str]] = [
        ("admin", "HQ", Role.ADMIN),
        ("chief", "HQ", Role.HEAD),
        ("head", DEMO_BRANCH, Role.HEAD),
        ("leader", DEMO_WORKSHOP, Role.LEADER),
        ("handler", DEMO_WORKSHOP, Role.HANDLER),
        ("clerk", DEMO_WORKSHOP, Role.CLERK),
        ("auditor", "HQ", Role.AUDITOR),
    ]
    levels: dict[str, int] = {}
    for code, parent, _zh, _en, kind in UNITS:
        level = levels[code] = levels[parent] + 1 if parent else 0
        if level == 0:
            roles = [Role.LEADER, Role.HANDLER, Role.CLERK]
        elif level == 1:
            roles = [Role.HEAD, Role.LEADER, Role.HANDLER, Role.CLERK]
            if code.startswith("HQ-"):  # headquarters departments: no leader of their own
                roles.remove(Role.LEADER)
        elif level == 2 and kind in ("workshop", "mine", "project"):
            roles = [Role.LEADER, Role.HANDLER]
        else:
            roles = [Role.HANDLER]
        for role in roles:
            if not any(c == code and r == role for _u, c, r in plan):
                plan.append(("", code, role))
    return plan


def ensure_org(seed: int) -> Org:
    """Create the demo units, staff and roles that do not exist yet (matched by code and
    username; nothing existing is changed), and return the organisation as plain data."""
    rng = random.Random(f"minsheng-demo-org:{seed}")
    UserModel = get_user_model()
    with transaction.atomic():
        codes = [row[0] for row in UNITS]
        units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        for code, parent, zh, en, _kind in UNITS:
            if code not in units:
                up = units[parent] if parent else None
                units[code] = Unit.objects.create(name=zh, name_en=en, code=code, parent=up)
        plan = _staff_plan()
        numbered = iter(range(1, len(plan) + 1))
        names = [u or f"staff{next(numbered):03d}" for u, _c, _r in plan]
        existing = set(
            UserModel.objects.filter(username__in=names).values_list("username", flat=True)
        )
        password = make_password(DEMO_PASSWORD)  # hashed once: it is slow on purpose
        new_users = []
        for username, (_u, _code, role) in zip(names, plan, strict=True):
            surname, given = DEMO_NAMES.get(username) or (
                rng.choice(SURNAMES),
                rng.choice(GIVEN_NAMES),
            )
            if username not in existing:
                existing.add(username)
                new_users.append(
                    UserModel(
                        username=username,
                        password=password,
                        first_name=given,
                        last_name=surname,
                        email=f"{username}@demo.minsheng.invalid",
                        is_staff=role == Role.ADMIN,
                        is_superuser=role == Role.ADMIN,
                    )
                )
        UserModel.objects.bulk_create(new_users)
        users = {u.username: u for u in UserModel.objects.filter(username__in=names)}
        held = set(
            Membership.objects.filter(user__in=users.values()).values_list(
                "user_id", "unit_id", "role"
            )
        )
        Membership.objects.bulk_create(
            Membership(user=users[n], unit=units[code], role=role)
            for n, (_u, code, role) in zip(names, plan, strict=True)
            if (users[n].pk, units[code].pk, role) not in held
        )
    return _load_org(units, list(zip(names, plan, strict=True)), users)


def _load_org(
    units: dict[str, Unit],
    staff: list[tuple[str, tuple[str, str, str]]],
    users: dict[str, User],
) -> Org:
    info: dict[str, OrgUnit] = {}
    for code, parent, zh, _en, kind in UNITS:
        u = units[code]
        info[code] = OrgUnit(u.pk, code, zh, u.level, kind, info[parent] if parent else None)
    lists: dict[str, str] = {Role.HANDLER: "handlers", Role.LEADER: "leaders", Role.HEAD: "heads"}
    for username, (_u, code, role) in staff:
        if role == Role.CLERK:
            info[code].clerks.append(users[username].pk)
        elif role in lists:
            getattr(info[code], lists[role]).append(users[username].pk)
    return Org(
        units=list(info.values()),
        by_code=info,
        by_pk={u.pk: u for u in info.values()},
        users={u.pk: u for u in users.values()},
        unit_rows={u.pk: u for u in units.values()},
    )


@register("orgs", order=10)
def seed(ctx: Context) -> list[str]:
    org = ensure_org(ctx.seed)
    ctx.shared["orgs"] = org
    return [
        f"Organisation: {len(org.units)} units, {len(org.users)} staff.",
        f"Demo logins (password {DEMO_PASSWORD}): admin, chief, head, leader, handler,"
        " clerk, auditor; other staff are staff001, staff002, ...",
    ]
