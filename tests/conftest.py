"""A small organisation tree and the cast of users every view test needs.

Quận Đoàn Test (top, district union)            district_staff: manager
├── Đoàn Phường 10 (grassroots union A)         ward_secretary: manager
│   ├── Chi đoàn Khu phố 3 (branch A1)          branch_secretary: editor
│   └── Chi đoàn Khu phố 4 (branch A2)
├── Đoàn Phường 11 (grassroots union B)
│   └── Chi đoàn Khu phố 1 (branch B1)          outsider: editor
└── Chi đoàn Công an Quận (grassroots-level branch G)
"""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from branches.models import RoleKind, UnitArea, UnitLevel
from tests.factories import PASSWORD, UserFactory, grant, make_unit

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _fast_and_env_independent(settings):
    """Cheap hashing, and settings that do not depend on DEBUG/TESTING in the environment;
    an empty cache (the dashboards keep their figures there)."""
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def tree(db) -> SimpleNamespace:
    top = make_unit(
        None,
        UnitLevel.DISTRICT_UNION,
        "Quận Đoàn Test",
        short_name="QĐ Test",
        issuer_code="QĐTB",
        place_name="Tân Bình",
    )
    a = make_unit(top, UnitLevel.GRASSROOTS_UNION, "Đoàn Phường 10", area=UnitArea.WARD)
    a1 = make_unit(
        a,
        UnitLevel.BRANCH,
        "Chi đoàn Khu phố 3",
        area=UnitArea.NEIGHBOURHOOD,
        ward="Phường 10",
        neighbourhood="Khu phố 3",
        phone="0283 111 222",
    )
    a2 = make_unit(a, UnitLevel.BRANCH, "Chi đoàn Khu phố 4", area=UnitArea.NEIGHBOURHOOD)
    b = make_unit(top, UnitLevel.GRASSROOTS_UNION, "Đoàn Phường 11", area=UnitArea.WARD)
    b1 = make_unit(b, UnitLevel.BRANCH, "Chi đoàn Khu phố 1", area=UnitArea.NEIGHBOURHOOD)
    g = make_unit(
        top, UnitLevel.GRASSROOTS_BRANCH, "Chi đoàn Công an Quận", area=UnitArea.ARMED_FORCES
    )
    return SimpleNamespace(top=top, a=a, a1=a1, a2=a2, b=b, b1=b1, g=g)


@pytest.fixture
def district_staff(tree):
    user = UserFactory(username="quandoan", full_name="Trần Thị Quận")
    grant(user, tree.top, RoleKind.MANAGER, "Cán bộ Quận Đoàn")
    return user


@pytest.fixture
def ward_secretary(tree):
    user = UserFactory(username="bithu.p10", full_name="Lê Văn Phường")
    grant(user, tree.a, RoleKind.MANAGER, "Bí thư")
    return user


@pytest.fixture
def branch_secretary(tree):
    user = UserFactory(username="bithu.kp3", full_name="Phạm Thị Khu")
    grant(user, tree.a1, RoleKind.EDITOR, "Bí thư")
    return user


@pytest.fixture
def outsider(tree):
    user = UserFactory(username="bithu.p11kp1", full_name="Võ Văn Ngoài")
    grant(user, tree.b1, RoleKind.EDITOR, "Bí thư")
    return user


@pytest.fixture
def login(client):
    """Log the test client in as `user` (no password, no throttling involved)."""

    def _login(user):
        client.force_login(user, backend=MODEL_BACKEND)
        return client

    return _login


@pytest.fixture
def district_client(login, district_staff):
    return login(district_staff)


@pytest.fixture
def ward_client(login, ward_secretary):
    return login(ward_secretary)


@pytest.fixture
def branch_client(login, branch_secretary):
    return login(branch_secretary)


@pytest.fixture
def outsider_client(login, outsider):
    return login(outsider)
