"""/verify/<code>/: public, logged, rate-limited; unknown codes get a clear "not found"."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext

from commendations.models import VerificationCheck
from commendations.services import verification
from commendations.services.decisions import revoke_decision


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _url(code: str) -> str:
    return reverse("verify", kwargs={"code": code})


def test_anyone_can_check_a_genuine_certificate_without_logging_in(client, decision):
    award = decision.awards.get(recipient_name="Chi đoàn Khu phố 3")
    response = client.get(_url(award.verification_code), HTTP_USER_AGENT="Zalo/1.0")
    assert response.status_code == 200
    body = response.content.decode()
    assert gettext("Genuine.") in body
    assert "Chi đoàn Khu phố 3 – Đoàn Phường 10" in body
    assert "Chi đoàn mạnh tiêu biểu" in body
    assert "12-QĐ/QĐTB" in body and "06/04/2021" in body
    check = VerificationCheck.objects.get()
    assert check.award == award and check.user_agent == "Zalo/1.0"
    assert check.ip_hash and "127.0.0.1" not in check.ip_hash


def test_a_made_up_code_gets_not_found_and_is_logged(client, decision):
    response = client.get(_url("khong-co-ma-nay-1234567"))
    assert response.status_code == 404
    assert gettext("Not found.") in response.content.decode()
    check = VerificationCheck.objects.get()
    assert check.award is None and check.code == "khong-co-ma-nay-1234567"


def test_a_certificate_of_a_revoked_decision_no_longer_verifies(client, decision, district_staff):
    award = decision.awards.first()
    revoke_decision(decision, by=district_staff, reason="Sai tên")
    body = client.get(_url(award.verification_code)).content.decode()
    assert gettext("No longer valid.") in body
    assert gettext("Genuine.") not in body


def test_checks_are_rate_limited_per_address(client, decision, monkeypatch):
    monkeypatch.setattr(verification, "CHECKS_PER_MINUTE", 3)
    codes = [client.get(_url(f"thu-{i}")).status_code for i in range(4)]
    assert codes == [404, 404, 404, 429]
    assert VerificationCheck.objects.count() == 3
    other = client.get(_url("thu-5"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 404


def test_verify_refuses_posts(client):
    assert client.post(_url("abc")).status_code == 405


def test_a_code_longer_than_any_real_one_is_not_looked_up(client, db):
    response = client.get(_url("x" * 300))
    assert response.status_code == 404
    assert len(VerificationCheck.objects.get().code) == 64


def test_two_visitors_behind_one_proxy_have_their_own_budgets(
    client, decision, monkeypatch, settings
):
    """Behind the README's reverse proxy every request comes from the proxy's address."""
    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(verification, "CHECKS_PER_MINUTE", 2)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    # What the client wrote itself (left) is not believed; the proxy appended the real address.
    first = {**proxy, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 8.8.8.8"}
    second = {**proxy, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 9.9.9.9"}

    assert [client.get(_url(f"a-{i}"), **first).status_code for i in range(3)] == [404, 404, 429]
    assert client.get(_url("b-1"), **second).status_code == 404
    assert len(set(VerificationCheck.objects.values_list("ip_hash", flat=True))) == 2
