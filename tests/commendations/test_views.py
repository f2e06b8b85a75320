"""Pages of the commendation round: the four standard checks on every view, then the happy paths."""

import pytest
from django.urls import reverse

from commendations.models import (
    Decision,
    Nomination,
    NominationStatus,
)

S = NominationStatus


def _urls(n, d, a):
    """(url name, args, methods allowed, who may use it) for every view that takes an id."""
    return [
        ("commendations:round", [n.round_id], "GET", "branch"),
        ("commendations:round_nominate", [n.round_id], "POST", "branch"),
        ("commendations:round_images", [n.round_id], "GET", "district"),
        ("commendations:decision_create", [n.round_id], "GET", "district"),
        ("commendations:nomination", [n.pk], "GET", "branch"),
        ("commendations:nomination_edit", [n.pk], "GET", "branch"),
        ("commendations:nomination_submit", [n.pk], "POST", "branch"),
        ("commendations:nomination_endorse", [n.pk], "POST", "ward"),
        ("commendations:nomination_return", [n.pk], "POST", "ward"),
        ("commendations:nomination_review", [n.pk], "GET", "district"),
        ("commendations:unit_nominations", [n.unit_id], "GET", "branch"),
        ("commendations:decision", [d.pk], "GET", "district"),
        ("commendations:decision_revoke", [d.pk], "POST", "district"),
        ("commendations:decision_list_pdf", [d.pk], "GET", "district"),
        ("commendations:decision_list_xlsx", [d.pk], "GET", "district"),
        ("commendations:decision_certificates", [d.pk], "GET", "district"),
        ("commendations:award", [a.pk], "GET", "branch"),
        ("commendations:award_certificate", [a.pk], "GET", "branch"),
    ]


URL_NAMES = [u[0] for u in _urls(*[type("X", (), {"pk": 1, "round_id": 1, "unit_id": 1})()] * 3)]


@pytest.fixture
def objects(decision, round_, tree):
    """A draft nomination of Chi đoàn Khu phố 4 (A2), the decision, and Khu phố 3's award."""
    from commendations.services.nominations import nominate

    draft = nominate(tree.a2, by=None, round=round_)
    award = decision.awards.get(recipient_name="Chi đoàn Khu phố 3")
    return draft, decision, award


def _spec(objects, name):
    return next(u for u in _urls(*objects) if u[0] == name)


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_is_sent_to_login(name, client, objects):
    _name, args, method, _who = _spec(objects, name)
    response = getattr(client, method.lower())(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", URL_NAMES)
def test_wrong_method_gets_405(name, district_client, objects):
    _name, args, method, _who = _spec(objects, name)
    wrong = district_client.delete if method == "GET" else district_client.get
    assert wrong(reverse(name, args=args)).status_code == 405


@pytest.mark.parametrize(
    "name",
    [n for n in URL_NAMES if n not in ("commendations:round", "commendations:round_nominate")],
)
def test_outsider_gets_404(name, outsider_client, objects):
    _name, args, method, _who = _spec(objects, name)
    before = (
        Nomination.objects.filter(status=S.DRAFT).count(),
        Decision.objects.filter(status="issued").count(),
    )
    response = getattr(outsider_client, method.lower())(
        reverse(name, args=args), {"note": "x", "reason": "x"}
    )
    assert response.status_code == 404
    after = (
        Nomination.objects.filter(status=S.DRAFT).count(),
        Decision.objects.filter(status="issued").count(),
    )
    assert before == after
