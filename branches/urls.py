"""Every page of the organisation tree and of each unit's records, under /units/."""

from django.urls import path

from branches.views import accounts, imports, logs, members, positions, reports, units

app_name = "branches"

urlpatterns = [
    # The tree and a unit's own details.
    path("", units.unit_list, name="unit_list"),
    path("tree/", units.unit_tree, name="unit_tree"),
    path("<int:pk>/children/", units.unit_children, name="unit_children"),
    path("<int:pk>/", units.unit_detail, name="unit"),
    path("<int:pk>/history/", units.unit_history, name="unit_history"),
    path("<int:pk>/edit/", units.unit_edit, name="unit_edit"),
    path("<int:pk>/new/", units.unit_create, name="unit_create"),
    path("<int:pk>/move/", units.unit_move, name="unit_move"),
    path("<int:pk>/close/", units.unit_close, name="unit_close"),
    path("<int:pk>/merge/", units.unit_merge, name="unit_merge"),
    # Accounts and roles.
    path("<int:pk>/accounts/new/", accounts.account_create, name="account_create"),
    path(
        "<int:pk>/roles/<int:role_pk>/link/",
        accounts.account_link_renew,
        name="account_link_renew",
    ),
    path("<int:pk>/roles/<int:role_pk>/revoke/", accounts.role_revoke, name="role_revoke"),
    # The member register.
    path("<int:unit_pk>/members/", members.member_list, name="member_list"),
    path("<int:unit_pk>/members/new/", members.member_create, name="member_create"),
    path("<int:unit_pk>/members/export/", members.member_export, name="member_export"),
    path("members/<int:pk>/", members.member_detail, name="member"),
    path("members/<int:pk>/edit/", members.member_edit, name="member_edit"),
    path("members/<int:pk>/transfer/", members.member_transfer, name="member_transfer"),
    path("members/<int:pk>/status/", members.member_status, name="member_status"),
    path("members/<int:pk>/data/", members.member_data_export, name="member_data"),
    path("members/<int:pk>/anonymise/", members.member_anonymise, name="member_anonymise"),
    # Imports from the union's own spreadsheets.
    path("<int:unit_pk>/members/import/", imports.member_import, name="member_import"),
    path(
        "<int:unit_pk>/members/import/template/",
        imports.member_import_template,
        name="member_import_template",
    ),
    path("<int:unit_pk>/import/", imports.unit_import, name="unit_import"),
    path(
        "<int:unit_pk>/import/template/", imports.unit_import_template, name="unit_import_template"
    ),
    path("imports/<int:pk>/", imports.import_detail, name="import"),
    path("imports/<int:pk>/mapping/", imports.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/refused/", imports.import_refused, name="import_refused"),
    # The committee.
    path("<int:unit_pk>/committee/", positions.committee, name="committee"),
    path("<int:unit_pk>/committee/new/", positions.position_create, name="position_create"),
    path("positions/<int:pk>/edit/", positions.position_edit, name="position_edit"),
    # Meetings and activities.
    path("<int:unit_pk>/logs/", logs.logs, name="logs"),
    path("<int:unit_pk>/meetings/new/", logs.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/edit/", logs.meeting_edit, name="meeting_edit"),
    path("<int:unit_pk>/activities/new/", logs.activity_create, name="activity_create"),
    path("activities/<int:pk>/edit/", logs.activity_edit, name="activity_edit"),
    # Report periods and the units' reports.
    path("<int:unit_pk>/reports/", reports.unit_reports, name="unit_reports"),
    path("<int:unit_pk>/reports/<int:period_pk>/", reports.report_file, name="report_file"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/report.pdf", reports.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/recall/", reports.report_recall, name="report_recall"),
    path("reports/<int:pk>/return/", reports.report_return, name="report_return"),
    path("periods/", reports.period_list, name="period_list"),
    path("periods/new/", reports.period_create, name="period_create"),
    path("periods/<int:pk>/", reports.board, name="board"),
    path("periods/<int:pk>/groups/<int:key>/", reports.board_group, name="board_group"),
    path("periods/<int:pk>/totals/", reports.totals, name="totals"),
    path("periods/<int:pk>/units/", reports.period_units, name="period_units"),
    path("periods/<int:pk>/export/", reports.board_export, name="board_export"),
]
