from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from audit import log as audit
from grievances.models import Complainant
from minsheng import crypto


class Command(BaseCommand):
    help = (
        "Re-encrypt personal data under the current MINSHENG_ENCRYPTION_KEY and recompute the"
        " lookup hashes. Rotation: make the new key MINSHENG_ENCRYPTION_KEY, list the old one in"
        " MINSHENG_OLD_ENCRYPTION_KEYS, run this, then drop the old key."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        last = 0
        while True:
            with transaction.atomic():
                rows = list(
                    Complainant.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")[: options["batch"]]
                )
                if not rows:
                    break
                for c in rows:
                    # Reading decrypted with any configured key; saving encrypts with the new.
                    c.phone_hash = crypto.lookup_hash("phone", c.phone)
                    c.id_hash = crypto.lookup_hash("id", c.id_number)
                Complainant.objects.bulk_update(
                    rows,
                    ["name", "phone", "id_number", "address", "email", "phone_hash", "id_hash"],
                )
                done += len(rows)
                last = rows[-1].pk
        with transaction.atomic():
            audit.record(
                None,
                "complainants.rekeyed",
                ("grievances.complainant", "*"),
                {"count": done},
                actor_label="rekey command",
            )
        self.stdout.write(f"re-encrypted {done} complainant(s)")
