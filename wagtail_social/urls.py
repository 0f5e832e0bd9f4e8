"""Public endpoints; include under any prefix: ``path("social/", include("wagtail_social.urls"))``."""

from django.urls import path

from .views import comments, helpful, notifying, reactions

app_name = "wagtail_social"

urlpatterns = [
    path("comments/post/", comments.post_comment, name="post_comment"),
    path("comments/<int:comment_id>/edit/", comments.edit_comment, name="edit_comment"),
    path("comments/<int:comment_id>/flag/", comments.flag_comment, name="flag_comment"),
    path("comments/<int:comment_id>/withdraw-report/", comments.withdraw_report, name="withdraw_report"),
    path("pages/<int:page_id>/comments/", comments.discussion_fragment, name="discussion"),
    path(
        "discussions/<str:label>/<int:object_pk>/comments/",
        comments.target_discussion_fragment,
        name="target_discussion",
    ),
    path("mute/<str:token>/", comments.mute, name="mute"),
    path("reactions/", reactions.react, name="react"),
    path("reactions/who/", reactions.who_reacted, name="who_reacted"),
    path("helpful/", helpful.answer, name="helpful"),
    path("notifications/", notifying.preferences, name="notification_preferences"),
    path("notifications/stop/<str:token>/", notifying.stop, name="notifications_stop"),
    path("follow/", notifying.follow, name="follow"),
    path("mentions/people/", notifying.people, name="mention_people"),
]
