"""The escalation chain: duty officer, duty leader, unit head, the unit above, each after a
wait, until someone acknowledges."""

from __future__ import annotations

from datetime import timedelta

import pytest

from duty import escalation
from duty.models import Alert, AlertPage, EscalationPolicy
from duty.tests.incident_helpers import at, frozen, initial, refused, shift
from minsheng.errors import NotAllowed
from notices.models import Notice

pytestmark = pytest.mark.django_db
NOW = at(2026, 12, 6, 22, 0)


def reached() -> list[tuple[str, str]]:
    return list(AlertPage.objects.order_by("level", "id").values_list("user__username", "step"))


def test_the_chain_climbs_until_someone_acknowledges(cast):
    shift(cast, at(2026, 12, 6, 8))
    with frozen(NOW):
        i = initial(cast, NOW, severity=2)  # ten minutes between steps
    assert reached() == [("handler", "officer")]
    with frozen(NOW + timedelta(minutes=9)):
        assert escalation.advance() == 0
    with frozen(NOW + timedelta(minutes=10)):
        assert escalation.advance() == 1
        assert escalation.advance() == 0  # the same step is not taken twice
    assert reached()[-1] == ("leader", "leader")
    # The workshop has no head: the head of its branch answers for it.
    with frozen(NOW + timedelta(minutes=20)):
        escalation.advance()
    assert reached()[-1] == ("head", "head")
    with frozen(NOW + timedelta(minutes=25)):
        alert = escalation.acknowledge(Alert.objects.get(), by=cast.head)
    assert alert.acknowledged_by == cast.head
    assert alert.acknowledged_at == NOW + timedelta(minutes=25)
    with frozen(NOW + timedelta(hours=5)):
        assert escalation.advance() == 0
    assert reached()[-1] == ("head", "head")
    assert i.events.filter(kind="acknowledged").count() == 1
    assert Notice.objects.filter(kind="incident.alert").count() == 3


def test_the_chain_goes_above_and_stops_at_the_top(cast):
    shift(cast, at(2026, 12, 6, 8))
    with frozen(NOW):
        initial(cast, NOW, severity=1)  # five minutes
    for n in range(1, 8):
        with frozen(NOW + timedelta(minutes=5 * n)):
            escalation.advance()
    assert [u for u, _s in reached()] == ["handler", "leader", "head", "chief"]
    assert Alert.objects.get().next_at is None


def test_a_step_with_nobody_passes_on_at_once(cast):
    # No shift at all: nobody is on duty, so the alert goes straight to the head.
    with frozen(NOW):
        initial(cast, NOW, severity=3)
    assert reached() == [("head", "head")]


def test_a_unit_policy_sets_its_own_steps(cast):
    EscalationPolicy.objects.create(
        unit=cast.workshop, severity=None, steps="leader,above", wait_minutes=3
    )
    shift(cast, at(2026, 12, 6, 8))
    with frozen(NOW):
        initial(cast, NOW, severity=4)
    with frozen(NOW + timedelta(minutes=3)):
        escalation.advance()
    assert reached() == [("leader", "leader"), ("head", "above")]


def test_acknowledging_twice_or_as_an_outsider_is_refused(cast):
    shift(cast, at(2026, 12, 6, 8))
    with frozen(NOW):
        initial(cast, NOW)
    alert = Alert.objects.get()
    with frozen(NOW), refused("Only the people"):
        escalation.acknowledge(alert, by=cast.outsider)
    with frozen(NOW):
        escalation.acknowledge(alert, by=cast.handler)
    with frozen(NOW), refused("already been acknowledged"):
        escalation.acknowledge(alert, by=cast.leader)
    assert issubclass(NotAllowed, Exception)


def test_a_follow_up_that_raises_the_severity_starts_a_new_alert(cast):
    from duty import incidents

    shift(cast, at(2026, 12, 6, 8))
    with frozen(NOW):
        i = initial(cast, NOW, severity=4)
        incidents.file_follow_up(i, by=cast.handler, what_happened="水位上涨。")
        assert Alert.objects.count() == 1
        incidents.file_follow_up(i, by=cast.handler, what_happened="人员被困。", severity=2)
    assert Alert.objects.count() == 2


def test_the_one_who_filed_is_not_alerted_and_cannot_acknowledge(cast):
    shift(cast, at(2026, 12, 6, 8))
    with frozen(NOW):
        initial(cast, NOW, severity=2, by=cast.handler)  # the duty officer reports
    # The officer filed it: the chain starts with the next person, the duty leader.
    assert reached() == [("leader", "leader")]
    with frozen(NOW + timedelta(minutes=1)), refused("someone else"):
        escalation.acknowledge(Alert.objects.get(), by=cast.handler)
    with frozen(NOW + timedelta(minutes=2)):
        assert escalation.acknowledge(Alert.objects.get(), by=cast.leader).acknowledged_by == (
            cast.leader
        )


@pytest.mark.parametrize("unit", [None, "workshop"])
@pytest.mark.parametrize("severity", [None, 2])
def test_one_policy_per_unit_and_severity_even_when_empty(cast, unit, severity):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    where = getattr(cast, unit) if unit else None
    EscalationPolicy.objects.create(unit=where, severity=severity, steps="leader,head")
    twin = EscalationPolicy(unit=where, severity=severity, steps="head")
    with pytest.raises(ValidationError, match="already a policy"):
        twin.validate_constraints()  # what the admin's form checks
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    # Another severity, or another unit, is another policy.
    EscalationPolicy.objects.create(unit=where, severity=3, steps="head")
    EscalationPolicy.objects.create(unit=cast.branch_b, severity=severity, steps="head")


def test_an_officer_from_a_unit_below_can_open_and_acknowledge_what_reaches_them(client, cast):
    # The workshop's clerk stands duty for branch A, a unit their roles do not show them.
    shift(cast, at(2026, 12, 6, 8), unit=cast.branch_a, officer=cast.clerk, leader=cast.head)
    with frozen(NOW):
        i = initial(cast, NOW, unit=cast.branch_a, by=cast.head, severity=2)
    assert reached() == [("clerk", "officer")]
    client.force_login(cast.clerk)
    with frozen(NOW + timedelta(minutes=1)):
        assert client.get(f"/console/duty/incidents/{i.code}/").status_code == 200
        alert = escalation.acknowledge(Alert.objects.get(), by=cast.clerk)
    assert alert.acknowledged_by == cast.clerk
    # After the shift, and for incidents that never reached them, it is none of theirs.
    with frozen(at(2026, 12, 7, 9)):
        other = initial(cast, at(2026, 12, 7, 9), unit=cast.branch_a, by=cast.head)
        assert client.get(f"/console/duty/incidents/{other.code}/").status_code == 404
