"""HTML of the comments of a discussion page.

The list is the hot path of every page with a discussion: rendering it with Django's template
engine cost about 1 ms per comment (an include, a dozen translations and thirty variable lookups
each), so a page of threads cost several times the page around it. This renderer produces the
same neutral markup with ``format_html`` (so every value is escaped), translating its labels once
per page. A site that wants other markup subclasses :class:`CommentListRenderer` and names it in
``WAGTAIL_SOCIAL_COMMENT_LIST_RENDERER``; restyling needs only CSS.
"""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .conf import settings


class CommentListRenderer:
    """Renders the flattened threads of a :class:`~wagtail_social.discussion.Discussion`."""

    def __init__(self, request, discussion, policy):
        self.request = request
        self.discussion = discussion
        self.policy = policy
        self.page_number = discussion.paginator_page.number
        self.labels = {
            "removed_comment": _("Removed comment"),
            "edited": _("edited"),
            "held": _("Awaiting moderation: only you can see it"),
            "removed": _("Removed by a moderator."),
            "reply": _("Reply"),
            "edit": _("Edit"),
            "report": _("Report"),
            "reported": _("Reported"),
            "network_error": _("Network error: nothing was sent. Try again."),
        }
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
        return mark_safe("".join(parts))  # every piece comes from format_html

    def item(self, node) -> SafeString:
        comment = node.comment
        classes = "social-comment"
        if comment.is_removed:
            classes += " social-comment--removed"
        if not comment.is_public:
            classes += " social-comment--held"
        return format_html(
            '<li class="{}" id="comment-{}" tabindex="-1"><article aria-labelledby="comment-{}-meta">{}{}{}{}</article>',
            classes,
            comment.pk,
            comment.pk,
            self.meta(comment),
            self.body(node),
            self.actions(node),
            self.reply_form(node),
        )

    def meta(self, comment) -> SafeString:
        labels = self.labels
        author = labels["removed_comment"] if comment.is_removed else comment.user_name
        extra = ""
        if getattr(comment, "edited", False) and not comment.is_removed:
            extra += format_html(' <span class="social-comment__edited">{}</span>', labels["edited"])
        if not comment.is_public:
            extra += format_html(' <span class="social-comment__badge">{}</span>', labels["held"])
        return format_html(
            '<header class="social-comment__meta" id="comment-{}-meta"><span class="social-comment__author">{}</span>'
            ' <time class="social-comment__date" datetime="{}">{}</time>{}</header>',
            comment.pk,
            author,
            comment.submit_date.isoformat(),
            formats.date_format(comment.submit_date.astimezone(_tz()), "DATETIME_FORMAT"),
            mark_safe(extra),
        )

    def body(self, node) -> SafeString:
        comment = node.comment
        if not comment.is_removed:
            return format_html('<div class="social-comment__body">{}</div>', node.body_html)
        removal = getattr(comment, "social_removal", None)
        text = (
            _("Removed by a moderator: %(reason)s") % {"reason": removal.reason}
            if removal is not None
            else self.labels["removed"]
        )
        return format_html('<p class="social-comment__removed">{}</p>', text)

    def actions(self, node) -> SafeString:
        if not (node.can_reply or node.can_edit or node.can_flag):
            return ""
        comment, labels, parts = node.comment, self.labels, []
        if node.can_reply:
            page_param = f"&comments_page={self.page_number}" if self.page_number > 1 else ""
            parts.append(
                format_html(
                    '<a class="social-link" href="?reply_to={}{}#reply-{}" data-social-reply="{}" aria-label="{}">{}</a>',
                    comment.pk,
                    page_param,
                    comment.pk,
                    comment.pk,
                    _("Reply to %(name)s") % {"name": comment.user_name},
                    labels["reply"],
                )
            )
        if node.can_edit:
            parts.append(format_html('<a class="social-link" href="{}">{}</a>', node.edit_url, labels["edit"]))
        if node.can_flag:
            if getattr(comment, "flagged_by_me", False):
                parts.append(format_html('<span class="social-comment__flagged">{}</span>', labels["reported"]))
            else:
                parts.append(
                    format_html(
                        '<form method="post" action="{}" class="social-inline-form" data-social-flag'
                        ' data-error-message="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                        '<button type="submit" class="social-link" aria-label="{}">{}</button></form>',
                        node.flag_url,
                        labels["network_error"],
                        self.csrf_token,
                        _("Report the comment by %(name)s to moderators") % {"name": comment.user_name},
                        labels["report"],
                    )
                )
        return format_html('<footer class="social-comment__actions">{}</footer>', mark_safe(" ".join(parts)))

    def reply_form(self, node) -> SafeString:
        if node.reply_form is None:
            return ""
        html = render_to_string(
            "wagtail_social/comments/form.html",
            {"form": node.reply_form, "form_id": "reply-form", "cancel_comment": node.comment.pk, "policy": self.policy},
            request=self.request,
        )
        return format_html('<div class="social-comment__reply" id="reply-{}">{}</div>', node.comment.pk, html)


def _tz():
    from django.utils import timezone

    return timezone.get_current_timezone()


def render_comment_list(request, discussion, policy) -> SafeString:
    renderer_class = import_string(settings.COMMENT_LIST_RENDERER)
    return renderer_class(request, discussion, policy).render()
