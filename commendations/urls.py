from django.urls import path

from commendations.views import criteria, decisions, nominations, reviews, rounds

app_name = "commendations"

urlpatterns = [
    path("", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", rounds.round_edit, name="round_edit"),
    path("rounds/<int:pk>/nominate/", rounds.round_nominate, name="round_nominate"),
    path(
        "rounds/<int:pk>/nominations.xlsx",
        rounds.round_nominations_xlsx,
        name="round_nominations_xlsx",
    ),
    path("rounds/<int:pk>/images/", rounds.round_images, name="round_images"),
    path("rounds/<int:pk>/images/<str:kind>/", rounds.round_image, name="round_image"),
    path("rounds/<int:pk>/decision/", decisions.decision_create, name="decision_create"),
    path("honours/<int:pk>/edit/", rounds.honour_edit, name="honour_edit"),
    path("criteria/", criteria.criteria_set_list, name="criteria_set_list"),
    path("criteria/<int:pk>/", criteria.criteria_set_detail, name="criteria_set"),
    path("criteria/<int:pk>/edit/", criteria.criteria_set_edit, name="criteria_set_edit"),
    path(
        "criteria/<int:pk>/new-version/",
        criteria.criteria_set_new_version,
        name="criteria_set_new_version",
    ),
    path("criteria/<int:pk>/criteria/new/", criteria.criterion_create, name="criterion_create"),
    path("criteria/criterion/<int:pk>/edit/", criteria.criterion_edit, name="criterion_edit"),
    path("criteria/criterion/<int:pk>/delete/", criteria.criterion_delete, name="criterion_delete"),
    path("nominations/<int:pk>/", nominations.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/edit/", nominations.nomination_edit, name="nomination_edit"),
    path(
        "nominations/<int:pk>/criteria/<int:assessment_pk>/files/",
        nominations.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "nominations/<int:pk>/files/<int:file_pk>/", nominations.evidence_file, name="evidence_file"
    ),
    path(
        "nominations/<int:pk>/files/<int:file_pk>/delete/",
        nominations.evidence_delete,
        name="evidence_delete",
    ),
    path("nominations/<int:pk>/submit/", nominations.nomination_submit, name="nomination_submit"),
    path("nominations/<int:pk>/endorse/", reviews.nomination_endorse, name="nomination_endorse"),
    path("nominations/<int:pk>/return/", reviews.nomination_return, name="nomination_return"),
    path("nominations/<int:pk>/review/", reviews.nomination_review, name="nomination_review"),
    path("units/<int:pk>/", nominations.unit_nominations, name="unit_nominations"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision"),
    path("decisions/<int:pk>/revoke/", decisions.decision_revoke, name="decision_revoke"),
    path("decisions/<int:pk>/list.pdf", decisions.decision_list_pdf, name="decision_list_pdf"),
    path("decisions/<int:pk>/list.xlsx", decisions.decision_list_xlsx, name="decision_list_xlsx"),
    path(
        "decisions/<int:pk>/certificates.pdf",
        decisions.decision_certificates,
        name="decision_certificates",
    ),
    path("awards/<int:pk>/", decisions.award_detail, name="award"),
    path("awards/<int:pk>/certificate.pdf", decisions.award_certificate, name="award_certificate"),
]
