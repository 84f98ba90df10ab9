"""Personal data is encrypted in the database, column by column, and found by a keyed hash."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from grievances.intake import Person
from grievances.models import Complainant
from grievances.tests.helpers import received
from minsheng import crypto

NAME, PHONE, ID = "张晓明", "13812345678", "11010119900101123X"


def raw_row(pk):
    with connection.cursor() as cur:
        cur.execute(
            "SELECT name, phone, id_number, address FROM grievances_complainant WHERE id = %s",
            [pk],
        )
        return cur.fetchone()


def submit_person(cast, **person):
    fields = {"name": NAME, "phone": PHONE, "id_number": ID, "address": "北京市东城区"}
    fields.update(person)
    return received(cast, person=Person(**fields))


def test_the_database_holds_only_ciphertext(cast):
    g = submit_person(cast)
    row = raw_row(g.complainant_id)
    for stored, plain in zip(row, (NAME, PHONE, ID, "北京市东城区"), strict=True):
        assert stored and plain not in stored
    assert "1381234" not in "".join(row)


def test_what_is_stored_reads_back_as_given(cast):
    g = submit_person(cast)
    person = Complainant.objects.get(pk=g.complainant_id)
    assert (person.name, person.phone, person.id_number) == (NAME, PHONE, ID)
    assert person.address == "北京市东城区"


def test_the_same_name_is_stored_differently_each_time(cast):
    a, b = submit_person(cast), submit_person(cast)
    assert raw_row(a.complainant_id)[0] != raw_row(b.complainant_id)[0]


def test_an_empty_field_stays_empty_and_needs_no_key(cast):
    g = submit_person(cast, address="")
    assert raw_row(g.complainant_id)[3] == ""


@pytest.mark.parametrize(
    "typed", ["13812345678", "+86 138-1234-5678", "86 138 1234 5678", "(138) 1234 5678"]
)
def test_a_complainant_is_found_by_phone_however_it_is_written(cast, typed):
    g = submit_person(cast, phone="+86 138-1234-5678")
    found = Complainant.objects.filter(phone_hash=crypto.lookup_hash("phone", typed))
    assert list(found.values_list("pk", flat=True)) == [g.complainant_id]


def test_a_complainant_is_found_by_id_number_in_any_case_and_spacing(cast):
    g = submit_person(cast)
    h = crypto.lookup_hash("id", "110101 19900101 123x")
    assert Complainant.objects.get(id_hash=h).pk == g.complainant_id


def test_the_lookup_hash_is_keyed(cast):
    g = submit_person(cast)
    stored = Complainant.objects.get(pk=g.complainant_id).phone_hash
    assert stored != hashlib.sha256(PHONE.encode()).hexdigest()
    assert stored != hashlib.sha256(f"phone:{PHONE}".encode()).hexdigest()
    assert crypto.lookup_hash("phone", "") == ""


def test_another_key_cannot_read_the_data(cast):
    g = submit_person(cast)
    with (
        override_settings(MINSHENG_ENCRYPTION_KEY=crypto.generate_key()),
        pytest.raises(ImproperlyConfigured, match="cannot be decrypted"),
    ):
        Complainant.objects.get(pk=g.complainant_id)


def test_after_a_key_rotation_the_old_key_still_reads(cast, settings):
    g = submit_person(cast)
    settings.MINSHENG_OLD_ENCRYPTION_KEYS = [settings.MINSHENG_ENCRYPTION_KEY]
    settings.MINSHENG_ENCRYPTION_KEY = crypto.generate_key()
    assert Complainant.objects.get(pk=g.complainant_id).name == NAME


def test_names_and_phones_are_masked_for_public_notices():
    assert crypto.mask_name("张晓明") == "张*明"
    assert crypto.mask_name("李四") == "李*"
    assert crypto.mask_name("王") == "*"  # a name of one character is not published
    assert crypto.mask_phone("+86 138-1234-5678") == "138****5678"
