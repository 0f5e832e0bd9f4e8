"""Signals the core sends for other apps (the KPI app listens; the core imports none of them)."""

from django.dispatch import Signal

# Sent by ``manage.py purge_page_views`` just before it deletes reading records, with
# ``cutoff`` (a date: the records of every day before it go). Not sent on a dry run. A receiver
# that must keep something from those records (the KPI app's monthly figures) does it now: once
# the command goes on, the rows are gone. An exception in a receiver stops the purge.
page_views_will_be_purged = Signal()

# Sent when a comment becomes visible to readers: when it is posted, if it is published at once,
# or when a moderator approves it, if it was held. With ``comment`` (the ``XtdComment``) and
# ``published_at`` (when readers could first see it). Features that react to an answer in a
# discussion (the contributions app records a question's first answer) listen here rather than to
# django-comments' ``comment_was_posted``, which is sent for held comments too and never on approval.
comment_published = Signal()
