"""Every page that takes an id: anonymous → login, wrong method → 405, outsider → 404.

The happy path of each page is in the test module of its noun (test_rounds_views.py, …).
"""

import pytest
from django.urls import reverse

from commendations.models import CriteriaSet, Criterion, Decision, Nomination, NominationStatus

S = NominationStatus


def _urls(n, d, a):
    """(url name, args, method, who may use it) for every view that takes an id."""
    criterion = n.round.criteria_set.criteria.first()
    return [
        ("commendations:round", [n.round_id], "GET", "branch"),
        ("commendations:round_edit", [n.round_id], "GET", "district"),
        ("commendations:round_nominations_xlsx", [n.round_id], "GET", "branch"),
        ("commendations:honour_edit", [n.honour_id], "GET", "district"),
        ("commendations:criteria_set", [n.round.criteria_set_id], "GET", "district"),
        ("commendations:criteria_set_edit", [n.round.criteria_set_id], "GET", "district"),
        ("commendations:criteria_set_new_version", [n.round.criteria_set_id], "POST", "district"),
        ("commendations:criterion_create", [n.round.criteria_set_id], "GET", "district"),
        ("commendations:criterion_edit", [criterion.pk], "GET", "district"),
        ("commendations:criterion_delete", [criterion.pk], "POST", "district"),
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


class _Any:
    """Stands for any object while the URL names are listed: every attribute is itself."""

    pk = 1

    def __getattr__(self, name):
        return self

    def first(self):
        return self


URL_NAMES = [u[0] for u in _urls(_Any(), _Any(), _Any())]
# Every user with a role sees a round and its board (with only their own units' nominations).
SEEN_BY_ALL = ("commendations:round", "commendations:round_nominate",
               "commendations:round_nominations_xlsx")  # fmt: skip


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


def _state() -> tuple:
    return (
        Nomination.objects.filter(status=S.DRAFT).count(),
        Decision.objects.filter(status="issued").count(),
        CriteriaSet.objects.count(),
        Criterion.objects.count(),
    )


@pytest.mark.parametrize(
    "name",
    [n for n in URL_NAMES if n not in SEEN_BY_ALL],
)
def test_outsider_gets_404(name, outsider_client, objects):
    _name, args, method, _who = _spec(objects, name)
    before = _state()
    response = getattr(outsider_client, method.lower())(
        reverse(name, args=args), {"note": "x", "reason": "x"}
    )
    assert response.status_code == 404
    assert _state() == before
