"""What the unit's own records say, shown beside the criteria they are evidence for."""

from django.utils.translation import gettext_lazy as _

from branches.figures import unit_record_summary
from commendations.models import Nomination

# Which figure of the unit's records supports which criterion: the register for N1, meetings for
# L2, admissions and Party referrals for L3.
CRITERION_FIGURES: dict[str, list[tuple[str, str]]] = {
    "N1": [("members", _("members on the register at the end of the year"))],
    "L2": [("meetings", _("branch meetings held in the year"))],
    "L3": [
        ("admissions", _("new members admitted in the year")),
        ("party_referrals", _("members recommended to the Party in the year")),
    ],
}


def figures_beside_criteria(nomination: Nomination) -> dict[str, list[tuple[str, int]]]:
    """{criterion code: [(label, value)]} from the unit's records for the round's year."""
    summary = unit_record_summary(nomination.unit, year=nomination.round.year)
    return {
        code: [(str(label), summary.get(key, 0)) for key, label in figures]
        for code, figures in CRITERION_FIGURES.items()
    }
