"""HTML of the comments of a discussion page.

The list is the hot path of every page with a discussion: rendering it with Django's template
engine cost about 1 ms per comment (an include, a dozen translations and thirty variable lookups
each), so a page of threads cost several times the page around it. This renderer produces the
same neutral markup with plain string building — every value escaped with ``escape``, labels
translated and escaped once per page. A site that wants other markup subclasses :class:`CommentListRenderer` and names it in
``WAGTAIL_SOCIAL_COMMENT_LIST_RENDERER``; restyling needs only CSS.
"""

from __future__ import annotations

from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.html import escape
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment

from .conf import settings
from .models.reports import ReportReason

URL_PLACEHOLDER = 2147483647


class CommentListRenderer:
    """Renders the flattened threads of a :class:`~wagtail_social.discussion.Discussion`."""

    def __init__(self, request, discussion, policy, reactions=None, can_react=False):
        self.request = request
        self.discussion = discussion
        self.policy = policy
        self.reaction_summary = reactions  # a ReactionSummary when reactions are on
        self.can_react = can_react
        self.page_number = discussion.paginator_page.number
        self.raw_labels = {
            "removed_comment": _("Removed comment"),
            "edited": _("edited"),
            "held": _("Awaiting moderation: only you can see it"),
            "removed": _("Removed by a moderator."),
            "reply": _("Reply"),
            "edit": _("Edit"),
            "report": _("Report"),
            "reported": _("Reported"),
            "withdraw_report": _("Withdraw my report"),
            "network_error": _("Network error: nothing was sent. Try again."),
            "reply_to": _("Reply to %(name)s"),
            "report_by": _("Report the comment by %(name)s to moderators"),
            "report_why": _("Why report this comment?"),
            "report_details": _("Details (optional)"),
            "report_send": _("Send the report"),
            "withdraw_by": _("Withdraw my report on the comment by %(name)s"),
            "removed_because": _("Removed by a moderator: %(reason)s"),
            "reactions": _("Reactions"),
            "who": _("Who reacted:"),
            "who_kind": _("“%(label)s”: see who reacted"),
        }
        self.labels = {key: escape(value) for key, value in self.raw_labels.items()}
        self.report_reasons = [(escape(value), escape(label)) for value, label in ReportReason.choices]
        self.datetime_format = formats.get_format("DATETIME_FORMAT")
        self.timezone = timezone.get_current_timezone()
        # One reverse() per page, not per comment: the flag URL differs only by the comment id.
        self.flag_url_pattern = reverse("wagtail_social:flag_comment", args=[URL_PLACEHOLDER])
        self.react_url = reverse("wagtail_social:react")
        self.who_url = reverse("wagtail_social:who_reacted")
        target = discussion.target
        self.page_param = target.page_param
        self.comment_type_id = ContentType.objects.get_for_model(XtdComment).pk
        # What the reaction forms of the discussion's own target send besides the page: nothing
        # for a page itself, the target's model and id for anything else.
        self.own_key = target.key
        self.own_fields = (
            ""
            if target.is_page
            else f'<input type="hidden" name="target_type" value="{escape(target.label)}">'
            f'<input type="hidden" name="target_id" value="{int(target.pk)}">'
        )
        self.own_query = (
            ""
            if target.is_page
            else f"&amp;target_type={escape(target.label)}&amp;target_id={int(target.pk)}"
        )
        self._csrf_token = None

    @property
    def csrf_token(self) -> str:
        if self._csrf_token is None:
            self._csrf_token = get_token(self.request)
        return self._csrf_token

    def render(self) -> SafeString:
        parts = ['<ol class="social__threads">']
        for node in self.discussion.items:
            parts.append(self.item(node))
            if node.children:
                parts.append('<ol class="social-comment__replies">')
            else:
                parts.append("</li>" + "</ol></li>" * node.closing_levels)
        parts.append("</ol>")
        # Safe: every value below is escaped with ``escape`` (or is already-escaped HTML).
        return mark_safe("".join(parts))

    def item(self, node) -> str:
        comment = node.comment
        pk = int(comment.pk)
        classes = "social-comment"
        if comment.is_removed:
            classes += " social-comment--removed"
        if not comment.is_public and not comment.is_removed:
            classes += " social-comment--held"
        return (
            f'<li class="{classes}" id="comment-{pk}" tabindex="-1">'
            f'<article aria-labelledby="comment-{pk}-meta">'
            f"{self.meta(comment)}{self.body(node)}{self.reactions(pk) if not comment.is_removed and comment.is_public else ''}"
            f"{self.actions(node)}{self.reply_form(node)}</article>"
        )

    def meta(self, comment) -> str:
        labels = self.labels
        author = labels["removed_comment"] if comment.is_removed else escape(comment.user_name)
        extra = ""
        if comment.edited and not comment.is_removed:
            extra += f' <span class="social-comment__edited">{labels["edited"]}</span>'
        if not comment.is_public and not comment.is_removed:
            extra += f' <span class="social-comment__badge">{labels["held"]}</span>'
        moment = comment.submit_date.astimezone(self.timezone)
        return (
            f'<header class="social-comment__meta" id="comment-{int(comment.pk)}-meta">'
            f'<span class="social-comment__author">{author}</span> '
            f'<time class="social-comment__date" datetime="{moment.isoformat()}">'
            f"{format_moment(moment, moment.utcoffset(), self.datetime_format, get_language())}</time>{extra}</header>"
        )

    def body(self, node) -> str:
        comment = node.comment
        if not comment.is_removed:
            return f'<div class="social-comment__body">{node.body_html}</div>'
        text = (
            escape(self.raw_labels["removed_because"] % {"reason": comment.removal_reason})
            if comment.removal_reason
            else self.labels["removed"]
        )
        return f'<p class="social-comment__removed">{text}</p>'

    def actions(self, node) -> str:
        if not (node.can_reply or node.can_edit or node.can_flag):
            return ""
        comment, labels, parts = node.comment, self.labels, []
        pk = int(comment.pk)
        if node.can_reply:
            page_param = f"&amp;{escape(self.page_param)}={self.page_number}" if self.page_number > 1 else ""
            aria = escape(self.raw_labels["reply_to"] % {"name": comment.user_name})
            parts.append(
                f'<a class="social-link" href="?reply_to={pk}{page_param}#reply-{pk}" '
                f'data-social-reply="{pk}" aria-label="{aria}">{labels["reply"]}</a>'
            )
        if node.can_edit:
            parts.append(f'<a class="social-link" href="{escape(node.edit_url)}">{labels["edit"]}</a>')
        if node.can_flag:
            parts.append(self.report(comment))
        return f'<footer class="social-comment__actions">{" ".join(parts)}</footer>'

    def report(self, comment) -> str:
        """The report of one comment: a disclosure (``<details>``, keyboard and screen-reader
        usable without script) holding a form with the reasons; once reported, a "Withdraw my
        report" button where the report stood. Both post without JavaScript and, with it,
        refresh the discussion in place (``data-social-flag``)."""
        labels, pk = self.labels, int(comment.pk)
        csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(self.csrf_token)}">'
        if comment.flagged_by_me:
            aria = escape(self.raw_labels["withdraw_by"] % {"name": comment.user_name})
            return (
                f'<span class="social-comment__flagged">{labels["reported"]}</span> '
                f'<form method="post" action="{escape(self.withdraw_url(comment))}" class="social-inline-form" '
                f'data-social-flag data-error-message="{labels["network_error"]}">{csrf}'
                f'<button type="submit" class="social-link" aria-label="{aria}">{labels["withdraw_report"]}</button></form>'
            )
        aria = escape(self.raw_labels["report_by"] % {"name": comment.user_name})
        reasons = "".join(
            f'<label class="social-report__reason"><input type="radio" name="reason" value="{value}" required> {label}</label>'
            for value, label in self.report_reasons
        )
        return (
            f'<details class="social-report" data-social-report>'
            f'<summary class="social-link" aria-label="{aria}">{labels["report"]}</summary>'
            f'<form method="post" action="{escape(self.flag_url(comment))}" class="social-report__form" '
            f'data-social-flag data-error-message="{labels["network_error"]}">{csrf}'
            f"<fieldset><legend>{labels['report_why']}</legend>{reasons}</fieldset>"
            f'<label for="report-{pk}-text">{labels["report_details"]}</label>'
            f'<textarea id="report-{pk}-text" name="text" rows="2" maxlength="500"></textarea>'
            f'<button type="submit" class="social-button">{labels["report_send"]}</button></form></details>'
        )

    def reactions(self, comment_id: int | None) -> str:
        """The reaction buttons of the discussion's target (``comment_id`` None: the page, or
        the object the discussion is about) or of one comment: a form that works without
        JavaScript; each button says whether it is pressed and its count."""
        if self.reaction_summary is None:
            return ""
        labels, page_id = self.labels, int(self.discussion.page.pk)
        if comment_id:
            items = self.reaction_summary.for_target((self.comment_type_id, comment_id))
            target = f'<input type="hidden" name="comment" value="{int(comment_id)}">'
            target_query = f"&amp;comment={int(comment_id)}"
        else:
            items = self.reaction_summary.for_target(self.own_key)
            target, target_query = self.own_fields, self.own_query
        buttons, who = [], []
        for item in items:
            count, label = item["count"], escape(item["label"])
            emoji = f'<span aria-hidden="true">{escape(item["emoji"])}</span>'
            if self.can_react:
                # A reaction nobody chose yet is a quiet button without a count: a row of
                # "Bravo 0 Useful 0" under every comment is noise, to the eye and to the ear.
                action = "remove" if item["pressed"] else "add"
                quiet = "" if count else " social-reaction--quiet"
                counter = f' <span class="social-reaction__count">{count}</span>' if count else ""
                buttons.append(
                    f'<button type="submit" class="social-reaction{quiet}" name="reaction" value="{action}:{escape(item["kind"])}"'
                    f' aria-pressed="{"true" if item["pressed"] else "false"}">{emoji} {label}{counter}</button>'
                )
            elif count:
                buttons.append(
                    f'<span class="social-reaction">{emoji} {label} <span class="social-reaction__count">{count}</span></span>'
                )
            if count and self.request.user.is_authenticated:
                query = f"page={page_id}&amp;kind={escape(item['kind'])}{target_query}"
                # No aria-label: the accessible name starts with the visible count, as WCAG's
                # "label in name" asks; the rest of the name is visually hidden.
                hidden = escape(self.raw_labels["who_kind"] % {"label": item["label"]})
                who.append(
                    f'<a class="social-reaction__who" href="{self.who_url}?{query}">{emoji} {count}'
                    f'<span class="social-visually-hidden"> {hidden}</span></a>'
                )
        if not buttons:
            return ""
        who_html = (
            f' <span class="social-reactions__who">{labels["who"]} {" ".join(who)}</span>' if who else ""
        )
        if not self.can_react:
            return f'<p class="social-reactions">{" ".join(buttons)}{who_html}</p>'
        # The form has no name, so it is no landmark (a page had dozens all named "Reactions");
        # its buttons are a named group instead.
        return (
            f'<form method="post" action="{self.react_url}" class="social-reactions-form" data-social-reactions>'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(self.csrf_token)}">'
            f'<input type="hidden" name="page" value="{page_id}">{target}'
            f'<div class="social-reactions" role="group" aria-label="{labels["reactions"]}">'
            f"{' '.join(buttons)}{who_html}</div></form>"
        )

    def flag_url(self, comment) -> str:
        return self.flag_url_pattern.replace(str(URL_PLACEHOLDER), str(int(comment.pk)))

    def withdraw_url(self, comment) -> str:
        return reverse("wagtail_social:withdraw_report", args=[int(comment.pk)])

    def reply_form(self, node) -> str:
        if node.reply_form is None:
            return ""
        html = render_to_string(
            "wagtail_social/comments/form.html",
            {
                "form": node.reply_form,
                "form_id": "reply-form",
                "cancel_comment": node.comment.pk,
                "policy": self.policy,
            },
            request=self.request,
        )
        return f'<div class="social-comment__reply" id="reply-{int(node.comment.pk)}">{html}</div>'


@lru_cache(maxsize=8192)
def format_moment(moment, utc_offset, datetime_format: str, language: str | None) -> str:
    """A comment's date as readers see it, escaped. Memoised: a page's comments are rendered for
    every reader, with month names translated each time. Aware datetimes hash by instant, so the
    reader's UTC offset and language are part of the key."""
    return escape(dateformat.format(moment, datetime_format))


def comment_list_renderer(
    request, discussion, policy, reactions=None, can_react=False
) -> CommentListRenderer:
    renderer_class = import_string(settings.COMMENT_LIST_RENDERER)
    return renderer_class(request, discussion, policy, reactions, can_react)
