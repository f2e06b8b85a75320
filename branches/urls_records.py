"""URLs of a unit's records (issue 3), under /units/ beside branches/urls.py, namespace "records"."""

from django.urls import path

from branches import views_members, views_reports

app_name = "records"

urlpatterns = [
    path("<int:unit_pk>/members/", views_members.member_list, name="member_list"),
    path("<int:unit_pk>/members/new/", views_members.member_create, name="member_create"),
    path("<int:unit_pk>/members/export/", views_members.member_export, name="member_export"),
    path("members/<int:pk>/", views_members.member_detail, name="member"),
    path("members/<int:pk>/edit/", views_members.member_edit, name="member_edit"),
    path("members/<int:pk>/transfer/", views_members.member_transfer, name="member_transfer"),
    path("members/<int:pk>/status/", views_members.member_status, name="member_status"),
    path("members/<int:pk>/data/", views_members.member_data_export, name="member_data"),
    path("members/<int:pk>/anonymise/", views_members.member_anonymise, name="member_anonymise"),
    path("<int:unit_pk>/committee/", views_members.committee, name="committee"),
    path("<int:unit_pk>/committee/new/", views_members.position_create, name="position_create"),
    path("positions/<int:pk>/edit/", views_members.position_edit, name="position_edit"),
    path("<int:unit_pk>/logs/", views_members.logs, name="logs"),
    path("<int:unit_pk>/meetings/new/", views_members.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/edit/", views_members.meeting_edit, name="meeting_edit"),
    path("<int:unit_pk>/activities/new/", views_members.activity_create, name="activity_create"),
    path("activities/<int:pk>/edit/", views_members.activity_edit, name="activity_edit"),
    path("<int:unit_pk>/reports/", views_reports.unit_reports, name="unit_reports"),
    path("<int:unit_pk>/reports/<int:period_pk>/", views_reports.report_file, name="report_file"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report"),
    path("reports/<int:pk>/return/", views_reports.report_return, name="report_return"),
    path("periods/", views_reports.period_list, name="period_list"),
    path("periods/new/", views_reports.period_create, name="period_create"),
    path("periods/<int:pk>/", views_reports.board, name="board"),
    path("periods/<int:pk>/totals/", views_reports.totals, name="totals"),
    path("periods/<int:pk>/export/", views_reports.board_export, name="board_export"),
]
