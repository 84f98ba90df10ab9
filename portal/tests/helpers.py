"""Steps shared by the portal tests: staff actions go through grievances.lifecycle, the
complainant's through the portal, as in real use."""

from __future__ import annotations

from typing import Any

from django.test import Client

from grievances import lifecycle
from grievances.models import EventKind, Grievance

REPLY = {
    "facts": "十月加班费因审批延误未发放，涉及四十二名工人。",
    "decision": "十一月十日前补发全部加班费。",
    "reasons": "加班费应按月足额支付。",
    "policy": "《工资支付暂行规定》第十三条",
}


def track(client: Client, code: str, secret: str, address: str = "127.0.0.1") -> Any:
    return client.post("/track/", {"code": code, "secret": secret}, REMOTE_ADDR=address)


def work_on(cast: Any, g: Grievance) -> Grievance:
    """Accept, assign and visit: the case is in progress."""
    g = lifecycle.accept(g, by=cast.handler, reasons="属于本单位职责范围")
    g = lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    return lifecycle.log_contact(g, by=cast.handler, kind=EventKind.VISIT, summary="到车间走访")


def replied_case(cast: Any, **kwargs: Any) -> tuple[Grievance, str]:
    g, secret = cast.submit(**kwargs)
    g = work_on(cast, g)
    lifecycle.reply(g, by=cast.leader, **REPLY)
    g.refresh_from_db()
    return g, secret


def tracked_client(client: Client, g: Grievance, secret: str) -> Client:
    response = track(client, g.code, secret)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client
