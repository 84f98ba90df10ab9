from __future__ import annotations

from django.contrib.auth.models import User

from minsheng.names import person_name


def test_chinese_names_are_written_family_name_first_without_a_space():
    assert person_name(User(username="x", first_name="卫东", last_name="张")) == "张卫东"


def test_latin_names_keep_given_name_first():
    assert person_name(User(username="x", first_name="Hank", last_name="Handler")) == "Hank Handler"


def test_a_user_without_a_name_is_shown_by_username():
    assert person_name(User(username="staff023")) == "staff023"
