from django.urls import path

from branches import views

app_name = "branches"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("tree/", views.unit_tree, name="unit_tree"),
    path("<int:pk>/", views.unit_detail, name="unit"),
    path("<int:pk>/history/", views.unit_history, name="unit_history"),
    path("<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/new/", views.unit_create, name="unit_create"),
    path("<int:pk>/move/", views.unit_move, name="unit_move"),
    path("<int:pk>/close/", views.unit_close, name="unit_close"),
    path("<int:pk>/merge/", views.unit_merge, name="unit_merge"),
    path("<int:pk>/accounts/new/", views.account_create, name="account_create"),
    path("<int:pk>/roles/<int:role_pk>/link/", views.account_link_renew, name="account_link_renew"),
    path("<int:pk>/roles/<int:role_pk>/revoke/", views.role_revoke, name="role_revoke"),
]
