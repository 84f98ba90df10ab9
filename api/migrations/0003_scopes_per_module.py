"""Token scopes become per module: read, intake and act are now grievances:read,
grievances:intake and grievances:act, so that later modules add their own (duty:read…)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

FORWARD = {"read": "grievances:read", "intake": "grievances:intake", "act": "grievances:act"}
BACKWARD = {new: old for old, new in FORWARD.items()}


def _rename(apps: Any, mapping: dict[str, str]) -> None:
    ApiToken = apps.get_model("api", "ApiToken")
    for token in ApiToken.objects.only("pk", "scopes").iterator():
        old = list(token.scopes or [])
        new = list(dict.fromkeys(mapping.get(s, s) for s in old))
        if new != old:
            ApiToken.objects.filter(pk=token.pk).update(scopes=new)


def forward(apps: Any, schema_editor: Any) -> None:
    _rename(apps, FORWARD)


def backward(apps: Any, schema_editor: Any) -> None:
    # Scopes of other modules have no old name: a token keeps them, and the old code ignores them.
    _rename(apps, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("api", "0002_open311")]

    operations = [migrations.RunPython(forward, backward)]
