"""Error pages in the site's layout, in the user's language, with a way back home."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False


def test_a_missing_page_is_our_404_with_a_way_home(branch_client):
    response = branch_client.get("/units/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "404.html" in [t.name for t in response.templates]
    assert f'href="{reverse("home")}"' in html
    assert 'class="navbar' in html


def test_the_404_page_says_not_found_or_not_yours_in_vietnamese(branch_client):
    html = branch_client.get("/khong-co-trang-nay/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Not Found" not in html
    assert "không có quyền" in html or "not yours" in html


def test_anonymous_visitors_get_the_404_with_a_login_link():
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert reverse("accounts:login") in response.content.decode()


def test_an_expired_form_gets_our_403_page(branch_secretary):
    client = Client(enforce_csrf_checks=True)
    client.force_login(branch_secretary, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert "403_csrf.html" in [t.name for t in response.templates]


def test_a_server_error_gets_our_500_page(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert f'href="{reverse("home")}"' in html
    assert "Server Error (500)" not in html
