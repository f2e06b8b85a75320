from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from branches.models import Role, UnitArea, UnitLevel
from branches.permissions import is_district_staff, units_visible_to
from unionhub.core.exports import export_response
from unionhub.dashboard import dashboard_root, home_context
from unionhub.dashboard.kept import counted_after, kept, mark_fresh
from unionhub.exports import DashboardExporter


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard, what needs attention, the user's own units and counts of what is below
    (sums over a subtree are kept a few minutes: unionhub/dashboard/kept.py)."""
    visible = units_visible_to(request.user)
    my_roles = (
        Role.objects.filter(user=request.user, unit__closed_on__isnull=True)
        .select_related("unit", "unit__parent")
        .annotate(
            child_count=Count("unit__children", filter=Q(unit__children__closed_on__isnull=True))
        )
        .order_by("unit__path")
    )
    _at, counts = kept(
        f"unit-counts:{request.user.pk}",
        lambda: visible.open().aggregate(
            total=Count("pk"),
            grassroots_unions=Count("pk", filter=Q(level=UnitLevel.GRASSROOTS_UNION)),
            grassroots_branches=Count("pk", filter=Q(level=UnitLevel.GRASSROOTS_BRANCH)),
            branches=Count("pk", filter=Q(level=UnitLevel.BRANCH)),
            neighbourhood_branches=Count(
                "pk", filter=Q(level=UnitLevel.BRANCH, area=UnitArea.NEIGHBOURHOOD)
            ),
        ),
        after=counted_after(request),
    )
    context = {
        "my_roles": my_roles,
        "counts": counts,
        "is_district_staff": is_district_staff(request.user),
        **home_context(request.user, after=counted_after(request)),
    }
    return render(request, "unionhub/home.html", context)


@login_required
@require_safe
def dashboard_export(request: HttpRequest) -> HttpResponse:
    return export_response(DashboardExporter(user=request.user))


@login_required
@require_POST
def dashboard_refresh(request: HttpRequest) -> HttpResponse:
    root = dashboard_root(request.user)
    if root is None:
        raise Http404
    mark_fresh(request)
    messages.success(request, _("The figures were counted again."))
    return redirect("home")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness and a database round trip, for operators and load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 (any database failure means "unhealthy")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
