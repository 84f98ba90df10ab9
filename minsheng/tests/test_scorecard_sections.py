"""Other modules' tables on the unit scorecard (minsheng.scorecard)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from minsheng import scorecard


@pytest.fixture
def counted_section():
    """A section that shows, per unit, the period it was asked for and the unit's code."""
    calls = []

    def section(user, frame, start, end):
        groups = frame.groups()
        codes = sorted(
            frame.root.__class__.objects.filter(pk__in=frame.unit_ids).values_list(
                "code", flat=True
            )
        )
        calls.append((user.username, codes, start, end))
        return scorecard.Section(
            name="probe",
            title="Probe <b>table</b>",
            columns=["Units", "Days"],
            rows=[
                scorecard.Row(c.display_name, [len(groups[c.pk]), (end - start).days])
                for c in frame.children
            ],
            total=scorecard.Row("All", [None, len(frame.unit_ids)]),
        )

    scorecard.register_section("probe", section, order=1)
    yield calls
    scorecard._SECTIONS.pop("probe")


def test_a_registered_section_shows_below_the_scorecard_for_the_same_units_and_period(
    client, cast, counted_section
):
    client.force_login(cast.head)
    page = client.get(
        reverse("grievances:scorecard"),
        {"unit": cast.branch_a.pk, "start": "2026-03-01", "end": "2026-03-31"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    user, codes, start, end = counted_section[-1]
    assert (user, sorted(codes)) == ("head", ["A", "A1"])
    assert (end - start).days == 31  # the whole of the last day counts
    assert "Probe &lt;b&gt;table&lt;/b&gt;" in html  # escaped like everything else
    assert 'id="section-probe"' in html and "section=probe" in html


def test_a_section_exports_on_its_own(client, cast, counted_section):
    client.force_login(cast.head)
    answer = client.get(
        reverse("grievances:scorecard"),
        {
            "unit": cast.branch_a.pk,
            "start": "2026-03-01",
            "end": "2026-03-31",
            "section": "probe",
            "export": "xlsx",
        },
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][1:] == ["Units", "Days"]
    assert [cast.workshop.display_name, 1, 31] in rows
    assert rows[-1] == ["All", None, 2]


def test_an_outsider_sees_no_units_of_another_branch_in_a_section(client, cast, counted_section):
    client.force_login(cast.outsider)
    client.get(reverse("grievances:scorecard"), {"unit": cast.branch_a.pk})
    assert all("A1" not in codes for _u, codes, _s, _e in counted_section)
