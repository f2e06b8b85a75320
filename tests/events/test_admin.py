"""The back office follows the site's rule: a change saved in the admin takes the record's next
version, so a form opened on the site before it is refused instead of overwriting it."""

import pytest
from django.urls import reverse

from events.models import Theme
from tests.events.test_conflicts import REFUSED, client_for, form_data

pytestmark = pytest.mark.django_db


def test_a_change_in_the_admin_refuses_a_stale_form_on_the_site(themes, district_staff):
    district_staff.is_staff = True
    district_staff.save()
    theme = themes[0]
    site = client_for(district_staff)
    stale = form_data(
        site.get(reverse("events:theme_edit", kwargs={"pk": theme.pk})).context["form"]
    )

    admin = client_for(district_staff)
    change = reverse("admin:events_theme_change", args=[theme.pk])
    data = {"name": theme.name, "order": "5", "active": "on", "_save": "Save"}
    assert admin.post(change, data).status_code == 302
    assert Theme.objects.get(pk=theme.pk).version == 2

    response = site.post(
        reverse("events:theme_edit", kwargs={"pk": theme.pk}), {**stale, "name": "Tên mới"}
    )
    assert response.status_code == 200
    assert REFUSED in " ".join(response.context["form"].non_field_errors())
    assert Theme.objects.get(pk=theme.pk).name == theme.name
