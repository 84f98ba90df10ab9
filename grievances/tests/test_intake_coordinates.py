"""Where the problem is: coordinates come in with the grievance, through intake.submit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grievances.models import Grievance
from grievances.tests.helpers import footprint
from minsheng.errors import DomainError


def test_coordinates_are_kept_with_the_grievance_from_the_start(cast):
    g, _secret = cast.submit(latitude=Decimal("31.230416"), longitude=Decimal("121.473701"))
    g = Grievance.objects.get(pk=g.pk)
    assert (g.latitude, g.longitude) == (Decimal("31.230416"), Decimal("121.473701"))
    assert g.version == 1  # part of the intake, not a change after it


@pytest.mark.parametrize(
    "lat, long",
    [
        (Decimal("31.2"), None),
        (None, Decimal("121.4")),
        (Decimal("90.000001"), Decimal("0")),
        (Decimal("0"), Decimal("-180.5")),
        (Decimal("NaN"), Decimal("0")),
    ],
)
def test_coordinates_are_refused_unless_both_are_on_the_map(cast, lat, long):
    before = footprint()
    with pytest.raises(DomainError):
        cast.submit(latitude=lat, longitude=long)
    assert footprint() == before
