"""The printed documents of a decision: the commendation list and the certificates (PDF).

Both follow the union's document rules (Quyết định 367-QĐ/TWĐTN-VP, 2013). Everything printed comes
from the database as text; the only files the renderer reads are our static files, the round's
uploaded images (through unionhub.core.pdf.media_uri) and the QR codes, made here as data: URIs.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import segno

from commendations.models import Award, Decision
from unionhub.core.pdf import media_uri, render_pdf
from unionhub.core.text import place_date_line

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def decision_awards(decision: Decision):
    """The decision's awards in the order of the list, with what the documents print, in one query."""
    return decision.awards.order_by("sequence")


@dataclass
class ListGroup:
    numeral: str
    heading: str
    rows: list[Award] = field(default_factory=list)

    @property
    def count_label(self) -> str:
        # The union writes subtotals with two digits: "II. Chi đoàn cơ sở (02)".
        return f"{len(self.rows):02d}"


def numeral(index: int) -> str:
    """The group numeral of the list: I, II, III … (index from 0)."""
    return ROMAN[index] if index < len(ROMAN) else str(index + 1)


def list_groups(awards: Sequence[Award]) -> list[ListGroup]:
    """The awards grouped under their honour's heading, in the order of the list."""
    groups: list[ListGroup] = []
    for award in sorted(awards, key=lambda a: (a.honour_order, a.sequence)):
        if not groups or groups[-1].heading != award.list_heading:
            groups.append(ListGroup(numeral(len(groups)), award.list_heading))
        groups[-1].rows.append(award)
    return groups


def decision_reference(decision: Decision) -> str:
    return f"Quyết định số {decision.number_display} ngày {decision.signed_on:%d/%m/%Y}"


def _signature(decision: Decision) -> dict:
    image = decision.round.signature_image
    return {
        "on_behalf": decision.on_behalf,
        "title": decision.signer_title,
        "name": decision.signer_name,
        "image": media_uri(image.path) if image else "",
    }


def _common(decision: Decision) -> dict:
    top = decision.issuer
    return {
        "decision": decision,
        "top": top,
        "place_date": place_date_line(top.place_name or top.name, decision.signed_on),
        "signature": _signature(decision),
        "reference": decision_reference(decision),
    }


def list_context(decision: Decision) -> dict:
    awards = list(decision_awards(decision))
    top = decision.issuer
    return {
        **_common(decision),
        "number": f"Số: {decision.number_display}",
        "groups": list_groups(awards),
        "total": len(awards),
        "subtitle": (
            f"THỰC HIỆN TIÊU CHÍ “{decision.round.criteria_set.name.upper()}” "
            f"NĂM {decision.round.year}"
        ),
        "attached_to": (f"(Kèm theo {decision_reference(decision)} của Ban Thường vụ {top.name})"),
    }


def render_list_pdf(decision: Decision) -> bytes:
    return render_pdf("commendations/pdf/commendation_list.html", list_context(decision))


def qr_data_uri(url: str) -> str:
    """The QR code as a data: URI (nothing to fetch): one pixel per module, scaled up in print
    with `image-rendering: pixelated` so it stays sharp. Cheaper to render than SVG paths."""
    return segno.make(url, error="m").png_data_uri(scale=1, border=2)


def award_qr(award: Award) -> str:
    """The award's QR code, made on first use and kept with the award."""
    url = award.verify_url
    if award.qr_url != url or not award.qr_image:
        award.qr_url, award.qr_image = url, qr_data_uri(url)
        if award.pk:
            Award.objects.filter(pk=award.pk).update(qr_url=url, qr_image=award.qr_image)
    return award.qr_image


@dataclass
class Certificate:
    award: Award
    qr: str


def certificates_context(decision: Decision, awards: Sequence[Award]) -> dict:
    background = decision.round.background_image
    return {
        **_common(decision),
        "achievement": decision.round.certificate_line(),
        "background": media_uri(background.path) if background else "",
        "certificates": [Certificate(a, award_qr(a)) for a in awards],
    }


def render_certificates_pdf(decision: Decision, awards: Sequence[Award], *, progress=None) -> bytes:
    """One document, one page per award (never many documents merged: 6x faster)."""
    awards = list(awards)
    return render_pdf(
        "commendations/pdf/certificates.html",
        certificates_context(decision, awards),
        progress=(lambda share: progress(int(len(awards) * share))) if progress else None,
    )
