from __future__ import annotations

import io

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from audit.models import AuditRecord
from grievances.models import Complainant
from minsheng import crypto


def test_rekey_moves_personal_data_to_the_new_key_and_keeps_phone_lookups_working(cast, settings):
    g, _ = cast.submit()
    old = settings.MINSHENG_ENCRYPTION_KEY
    new = Fernet.generate_key().decode()
    settings.MINSHENG_ENCRYPTION_KEY = new
    settings.MINSHENG_OLD_ENCRYPTION_KEYS = [old]

    out = io.StringIO()
    call_command("rekey", stdout=out)
    assert "re-encrypted 1 complainant" in out.getvalue()
    assert AuditRecord.objects.filter(action="complainants.rekeyed", data__count=1).exists()

    settings.MINSHENG_OLD_ENCRYPTION_KEYS = []  # the old key is gone
    c = Complainant.objects.get(pk=g.complainant_id)
    assert c.name == "张晓明"
    assert Complainant.objects.filter(
        phone_hash=crypto.lookup_hash("phone", "138 1234 5678")
    ).exists()
    with connection.cursor() as cur:
        cur.execute("SELECT name FROM grievances_complainant WHERE id = %s", [c.pk])
        raw = cur.fetchone()[0]
    assert "张晓明" not in raw and Fernet(new.encode()).decrypt(raw.encode()).decode() == "张晓明"
