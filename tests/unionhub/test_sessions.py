"""A login left idle ends: staff after SESSION_IDLE_TIMEOUT_STAFF, others after SESSION_IDLE_TIMEOUT."""

import time

import pytest
from django.urls import reverse


@pytest.fixture
def clock(monkeypatch):
    now = [time.time()]
    monkeypatch.setattr("unionhub.core.sessions.time.time", lambda: now[0])
    return now


def _advance(clock, seconds):
    clock[0] += seconds


def test_the_defaults_are_two_hours_for_staff_and_three_days_for_others(settings):
    assert settings.SESSION_IDLE_TIMEOUT_STAFF == 2 * 3600
    assert settings.SESSION_IDLE_TIMEOUT == 3 * 24 * 3600


def test_staff_are_logged_out_after_two_idle_hours(district_client, district_staff, clock):
    district_staff.is_staff = True
    district_staff.save()
    assert district_client.get(reverse("home")).status_code == 200
    _advance(clock, 2 * 3600 - 30)
    assert district_client.get(reverse("home")).status_code == 200
    _advance(clock, 2 * 3600 + 1)
    response = district_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in district_client.session
    followed = district_client.get(response["Location"])
    assert (
        "inactivity" in followed.content.decode() or "không hoạt động" in followed.content.decode()
    )


def test_activity_keeps_a_staff_session_alive(district_client, district_staff, clock):
    district_staff.is_staff = True
    district_staff.save()
    for _ in range(5):
        assert district_client.get(reverse("home")).status_code == 200
        _advance(clock, 3600)
    assert district_client.get(reverse("home")).status_code == 200


def test_a_secretary_keeps_a_session_for_a_day_idle_but_not_for_four(branch_client, clock):
    assert branch_client.get(reverse("home")).status_code == 200
    _advance(clock, 24 * 3600)
    assert branch_client.get(reverse("home")).status_code == 200
    _advance(clock, 4 * 24 * 3600)
    assert branch_client.get(reverse("home")).status_code == 302


def test_a_zero_timeout_turns_the_rule_off(branch_client, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    assert branch_client.get(reverse("home")).status_code == 200
    _advance(clock, 30 * 24 * 3600)
    assert branch_client.get(reverse("home")).status_code == 200
