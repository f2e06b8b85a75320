from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from commendations.views import verify as commendation_views
from unionhub import views

admin.site.site_header = _("UnionHub administration")
admin.site.site_title = _("UnionHub")
admin.site.index_title = _("Back office")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard.xlsx", views.dashboard_export, name="dashboard_export"),
    path("dashboard/refresh/", views.dashboard_refresh, name="dashboard_refresh"),
    # Browsers and the admin ask for /favicon.ico; the site's icon is an SVG among the static files.
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg", permanent=True),
    ),
    path("accounts/", include("unionhub.accounts.urls")),
    path("files/", include("unionhub.jobs.urls")),
    path("units/", include("branches.urls")),
    path("events/", include("events.urls")),
    path("commendations/", include("commendations.urls")),
    # Public, no login: anyone holding a certificate checks it here (its QR code points here).
    path("verify/<str:code>/", commendation_views.verify, name="verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Uploaded files are never served as static files, not even in development: every upload is
# personal or signed material, served by a view that checks who asks.
