from django.urls import path

from events.views import events, invitations, opinions, questions, responses, surveys, themes

app_name = "events"

urlpatterns = [
    path("", events.event_list, name="event_list"),
    path("new/", events.event_create, name="event_create"),
    path("<int:pk>/", events.event_detail, name="event"),
    path("<int:pk>/edit/", events.event_edit, name="event_edit"),
    # themes
    path("themes/", themes.theme_list, name="theme_list"),
    path("themes/<int:pk>/", themes.theme_edit, name="theme_edit"),
    # invitations and check-in
    path("<int:pk>/invitations/", invitations.invitation_list, name="invitation_list"),
    path("<int:pk>/invitations/branches/", invitations.invite_branches, name="invite_branches"),
    path("<int:pk>/invitations/guest/", invitations.guest_create, name="guest_create"),
    path("<int:pk>/invitations/unit/", invitations.invite_unit, name="invite_unit"),
    path("<int:pk>/check-in/", invitations.checkin_page, name="checkin"),
    path("<int:pk>/attendance.xlsx", invitations.attendance_xlsx, name="attendance_xlsx"),
    path("<int:pk>/sign-in-sheet.pdf", invitations.sign_in_sheet, name="sign_in_sheet"),
    path("invitations/<int:pk>/", invitations.invitation_detail, name="invitation"),
    path("invitations/<int:pk>/reply/", invitations.invitation_reply, name="invitation_reply"),
    path("invitations/<int:pk>/cancel/", invitations.invitation_cancel, name="invitation_cancel"),
    path("invitations/<int:pk>/tick/", invitations.invitation_tick, name="invitation_tick"),
    path("check-in/<str:code>/", invitations.scan, name="scan"),
    # surveys
    path("<int:pk>/surveys/new/", surveys.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey"),
    path("surveys/<int:pk>/edit/", surveys.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/history/", surveys.survey_history_view, name="survey_history"),
    path("surveys/<int:pk>/rate/", surveys.survey_rate, name="survey_rate"),
    path("surveys/<int:pk>/results/", surveys.survey_results_view, name="survey_results"),
    path("surveys/<int:pk>/results.xlsx", surveys.survey_results_xlsx, name="survey_results_xlsx"),
    path("surveys/<int:pk>/answers/", surveys.survey_answers, name="survey_answers"),
    # questions
    path("surveys/<int:pk>/questions/new/", questions.question_create, name="question_create"),
    path("questions/<int:pk>/edit/", questions.question_edit, name="question_edit"),
    path("questions/<int:pk>/move/", questions.question_move, name="question_move"),
    path("questions/<int:pk>/delete/", questions.question_delete, name="question_delete"),
    # responses
    path("surveys/<int:pk>/answer/<int:unit_pk>/", responses.respond, name="respond"),
    # the opinion register
    path("<int:pk>/opinions/", opinions.opinion_list, name="opinion_list"),
    path("<int:pk>/opinions/new/", opinions.opinion_create, name="opinion_create"),
    path("<int:pk>/opinions/merge/", opinions.opinion_merge, name="opinion_merge"),
    path("<int:pk>/opinions.xlsx", opinions.opinion_xlsx, name="opinion_xlsx"),
    path("<int:pk>/digest.pdf", opinions.digest_pdf, name="digest_pdf"),
    path("opinions/<int:pk>/", opinions.opinion_detail, name="opinion"),
    path("opinions/<int:pk>/edit/", opinions.opinion_edit, name="opinion_edit"),
    path("opinions/<int:pk>/assign/", opinions.opinion_assign, name="opinion_assign"),
    path("opinions/<int:pk>/answer/", opinions.opinion_answer, name="opinion_answer"),
    path("opinions/<int:pk>/forward/", opinions.opinion_forward, name="opinion_forward"),
    path("opinions/<int:pk>/status/", opinions.opinion_status, name="opinion_status"),
]
