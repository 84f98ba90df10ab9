"""An independent Open311 client from PyPI, `georeport`, against a live server over real
HTTP, in JSON and in XML: it lists the services, reads a definition, brings a request in,
finds it, and follows it to its reply."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import requests
import xmltodict
from django.utils import timezone
from georeport import GeoReport

from api.open311.testing import add_questions, make_token
from grievances import lifecycle
from grievances.models import Channel, Grievance, IdentityMode

pytestmark = pytest.mark.django_db(transaction=True)

FACTS = "十月加班费因审批延误未发放，涉及四十二名工人。"
DECISION = "十一月十日前补发全部加班费。"


class PostingGeoReport(GeoReport):
    """georeport 0.3.1 reads services, definitions and requests but cannot create a request
    (its README: "does not currently support the creation of new 311 service requests"). This
    adds the one missing call in the library's own manner: the same `requests` call shape, the
    same parameters it sends elsewhere (jurisdiction_id, and api_key as the specification
    wants for a POST), the same parsing of the answer."""

    def post_service_request(self, service_code: str, **fields: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"service_code": service_code, **fields}
        if self.jurisdiction:
            data["jurisdiction_id"] = self.jurisdiction
        if self.api_key:
            data["api_key"] = self.api_key
        response = requests.post(
            f"{self.root_address}/requests.{self.output_format}", data=data, timeout=30
        )
        response.raise_for_status()
        if self.output_format == "json":
            return response.json()[0]  # type: ignore[no-any-return]
        return xmltodict.parse(response.content)["service_requests"]["request"]  # type: ignore[no-any-return]


def listed(value: Any) -> list[Any]:
    """xmltodict, which the library uses for XML, gives a lone child element as a dict and a
    repeated one as a list (the XML itself is the specification's: a container with one
    child per item). JSON is always a list. This evens out the client's side only."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_follows_a_request_to_its_reply(live_server: Any, cast: Any, fmt: str) -> None:
    add_questions(cast.category)
    key = make_token(cast.clerk, cast.workshop, ["grievances:intake"])
    client = PostingGeoReport(
        f"{live_server.url}/open311/v2/",
        jurisdiction="minsheng.local",
        api_key=key,
        output_format=fmt,
    )

    # 1. The services, and the questions of the one that has them.
    services = listed(client.get_service_list())
    [wages] = [s for s in services if s["service_code"] == "wages"]
    assert str(wages["metadata"]).lower() == "true"
    assert wages["type"] == "realtime"
    definition = client.get_service_definition("wages")
    assert definition["service_code"] == "wages"
    attributes = definition["attributes"]
    if fmt == "xml":
        attributes = listed(attributes["attribute"])
    assert [a["code"] for a in attributes][:3] == ["PEOPLE", "MONTH", "KINDS"]
    month = attributes[1]
    month_values = month["values"] if fmt == "json" else listed(month["values"]["value"])
    assert [v["key"] for v in month_values] == ["oct", "nov"]

    # 2. A request, with a location, answers and a contact.
    created = client.post_service_request(
        "wages",
        lat="31.230416",
        long="121.473701",
        address_string="一车间门口",
        description="十月份的加班费到现在还没有发，车间里约四十名工人都受影响。",
        first_name="晓明",
        last_name="张",
        phone="13812345678",
        device_id="phone-123",
        **{
            "attribute[PEOPLE]": "40",
            "attribute[MONTH]": "oct",
            "attribute[KINDS][]": ["overtime", "bonus"],
        },
    )
    code = created["service_request_id"]
    assert "token" not in created  # a realtime server answers with the id alone
    g = Grievance.objects.get(code=code)
    assert g.channel == Channel.OPEN311 and g.unit == cast.workshop
    assert g.identity_mode == IdentityMode.NAMED and g.complainant.name == "张晓明"
    assert g.open311_detail.attributes["KINDS"] == ["overtime", "bonus"]

    # 3. The client finds it, by id and by the standard filters.
    [found] = listed(client.get_service_requests(service_request_id=code))
    assert found["status"] == "open"
    assert found["service_code"] == "wages"
    now = timezone.now()
    window = listed(
        client.get_service_requests(
            service_code="wages",
            status="open",
            start_date=(now - timedelta(days=1)).isoformat(),
            end_date=(now + timedelta(days=1)).isoformat(),
        )
    )
    assert code in [r["service_request_id"] for r in window]
    one = client.get_service_request(code)
    assert one["status"] == "open"
    assert one["agency_responsible"] == "Workshop A1"
    assert "13812345678" not in str(one) and "晓明" not in str(one)

    # 4. Staff accept, assign and reply in Minsheng; the client sees the reply.
    g = lifecycle.accept(g, by=cast.handler, reasons="属于本单位职责")
    g = lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    assert client.get_service_request(code)["status"] == "open"
    lifecycle.reply(g, by=cast.leader, facts=FACTS, decision=DECISION, reasons="依据工资支付规定")
    replied = client.get_service_request(code)
    assert replied["status"] == "closed"
    assert replied["status_notes"] == DECISION
    [closed] = listed(client.get_service_requests(status="closed"))
    assert closed["service_request_id"] == code

    # 5. The tokens endpoint still resolves a request's token (issued by earlier versions)
    # to the same id (the library has no call for it).
    token = str(Grievance.objects.get(code=code).open311_detail.token)
    r = requests.get(f"{live_server.url}/open311/v2/tokens/{token}.{fmt}", timeout=30)
    assert r.status_code == 200
    assert code in r.text
