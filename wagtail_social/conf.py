"""Settings of ``wagtail_social``, each read at access time so ``override_settings`` works.

Every setting is ``WAGTAIL_SOCIAL_<NAME>`` in the host's Django settings; the docstring of each
property is its reference documentation (``docs/reference/settings.md`` repeats it, written by
hand: change both together).
"""

from __future__ import annotations

from django.conf import settings as django_settings

from .setting_values import Converter, boolean, integer, rate_limit

PREFIX = "WAGTAIL_SOCIAL_"


class AppSettings:
    """Settings read as ``<prefix><NAME>`` from Django's settings, at access time. Each app of
    the suite has its subclass, with its prefix and its properties."""

    prefix = PREFIX

    def _get(self, name: str, default):
        return getattr(django_settings, self.prefix + name, default)

    def _read(self, name: str, default, convert: Converter):
        """The setting through ``convert`` (see :mod:`wagtail_social.setting_values`): a value that
        cannot be used raises ``ImproperlyConfigured`` naming the setting (the system checks
        report it first), not a ``TypeError`` where it is used."""
        return convert(self.prefix + name, self._get(name, default))


class Settings(AppSettings):
    @property
    def COMMENT_MAX_LENGTH(self) -> int:
        """Longest comment accepted, in characters."""
        return self._read("COMMENT_MAX_LENGTH", 3000, integer)

    @property
    def COMMENTS_PER_PAGE(self) -> int:
        """Threads (top-level comments with their replies) shown per page of a discussion."""
        return self._read("COMMENTS_PER_PAGE", 20, integer)

    @property
    def EDIT_WINDOW_MINUTES(self) -> int:
        """Minutes during which authors may edit their comment; 0 disables editing."""
        return self._read("EDIT_WINDOW_MINUTES", 15, integer)

    @property
    def STORE_IP_ADDRESS(self) -> bool:
        """Store the poster's IP address with a comment. Off by default (privacy)."""
        return bool(self._get("STORE_IP_ADDRESS", False))

    @property
    def MAX_THREAD_DEPTH(self) -> int:
        """Ceiling for the policy's reply depth that editors may choose."""
        return self._read("MAX_THREAD_DEPTH", 5, integer)

    @property
    def MODERATE_PERMISSION(self) -> str:
        """Permission (``app_label.codename``) that makes a user a comment moderator."""
        return self._get("MODERATE_PERMISSION", "wagtail_social.moderate_comments")

    @property
    def INCLUDE_ASSETS(self) -> bool:
        """Let ``{% social_participation %}`` link our stylesheet and script; set False to ship your own."""
        return bool(self._get("INCLUDE_ASSETS", True))

    @property
    def BASE_TEMPLATE(self) -> str:
        """The host's base template, which the suite's own full pages (a comment's edit form,
        "who reacted", the email stop page, messages, the charter) are rendered inside. It must
        have the blocks ``title`` and ``content``; ``extra_head`` (our stylesheet) and
        ``body_class`` are filled when it has them. The default is a bare page of ours."""
        return self._get("BASE_TEMPLATE", "wagtail_social/layout.html")

    @property
    def DUPLICATE_WINDOW_SECONDS(self) -> int:
        """A comment identical to one the same person posted this recently is not stored twice."""
        return self._read("DUPLICATE_WINDOW_SECONDS", 120, integer)

    @property
    def COMMENT_LIST_RENDERER(self) -> str:
        """Dotted path of the class rendering a page of comments (a ``CommentListRenderer``)."""
        return self._get("COMMENT_LIST_RENDERER", "wagtail_social.rendering.CommentListRenderer")

    @property
    def REACTIONS(self) -> list[dict]:
        """The reaction set: a list of ``{"kind": "like", "label": "Like", "emoji": "👍"}``, in
        display order. ``label`` may be a lazy translation; ``kind`` is what is stored."""
        from django.utils.translation import gettext_lazy as _

        default = [
            {"kind": "like", "label": _("Like"), "emoji": "👍"},
            {"kind": "bravo", "label": _("Bravo"), "emoji": "👏"},
            {"kind": "useful", "label": _("Useful"), "emoji": "💡"},
            {"kind": "curious", "label": _("Curious"), "emoji": "🤔"},
        ]
        return list(self._get("REACTIONS", default))

    @property
    def REACTION_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: how many reactions one person may send per window. Counted
        per person in Django's cache (use a shared cache such as Redis with several processes)."""
        return self._read("REACTION_RATE_LIMIT", (60, 60), rate_limit)

    @property
    def COMMENT_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: how many comments and replies one person may post per window
        (ten a minute by default: enough for a lively thread, not for a script). Counted like
        ``REACTION_RATE_LIMIT``."""
        return self._read("COMMENT_RATE_LIMIT", (10, 60), rate_limit)

    @property
    def COMMENT_EDIT_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: how many comment edits one person may save per window; each
        edit keeps a revision, so an unlimited loop would fill the history table."""
        return self._read("COMMENT_EDIT_RATE_LIMIT", (10, 60), rate_limit)

    @property
    def FLAG_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: how many comments one person may report to moderators per
        window; each report may notify the moderators."""
        return self._read("FLAG_RATE_LIMIT", (20, 60), rate_limit)

    @property
    def REPORTS_TO_HIDE(self) -> int:
        """How many open reports from different people hide a published comment from readers
        until a moderator decides (approving keeps it, removing replaces it by the reason)."""
        return self._read("REPORTS_TO_HIDE", 3, integer)

    @property
    def HELPFUL_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: how many “Was this page helpful?” answers one person may send
        per window."""
        return self._read("HELPFUL_RATE_LIMIT", (30, 60), rate_limit)

    @property
    def FOLLOWUP_BATCH_SECONDS(self) -> int:
        """Follow-up emails of one discussion go out at most once per this many seconds: the
        first comment of a quiet discussion at once, later ones together in the next email.
        With a task backend that runs deferred tasks the next email is a task scheduled for its
        time; otherwise run ``manage.py send_followup_emails`` every minute (the next comment
        after the delay also sends it). 0 sends one email per comment."""
        return int(self._get("FOLLOWUP_BATCH_SECONDS", 300))

    @property
    def RECORD_PAGE_VIEWS(self) -> bool:
        """Record page views (a person, a page, a day; anonymous views as a count per page and day)."""
        return bool(self._get("RECORD_PAGE_VIEWS", True))

    @property
    def PAGE_VIEW_RETENTION_DAYS(self) -> int:
        """Days page views are kept before ``purge_page_views`` deletes them (about 13 months)."""
        return self._read("PAGE_VIEW_RETENTION_DAYS", 396, integer)

    @property
    def CHARTER_REQUIRED(self) -> bool:
        """Ask people to accept the current usage charter before their first comment,
        contribution, support, reaction, vote or helpfulness answer, and again after each new
        version. It applies once a charter version is published in the admin: a site without a
        charter asks nothing. Set False to publish a charter without asking for it."""
        return bool(self._get("CHARTER_REQUIRED", True))

    @property
    def HIDE_PRIVATE_PAGES(self) -> bool:
        """Answer a group-restricted page to a visitor outside its groups exactly as a page that
        does not exist (404), logged in or not. ``False`` keeps Wagtail's own answer: a login form
        saying the account has no access, which tells anyone that the page exists."""
        return self._read("HIDE_PRIVATE_PAGES", True, boolean)

    @property
    def BASE_URL(self) -> str:
        """The scheme and host every link in an email starts with (``https://intranet.example``),
        one for all emails; empty: Wagtail's ``WAGTAILADMIN_BASE_URL``, else the page's site."""
        return str(self._get("BASE_URL", "") or "").rstrip("/")

    @property
    def MENTION_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: name completions (``@``) and follow changes one person may ask
        per window."""
        return self._read("MENTION_RATE_LIMIT", (60, 60), rate_limit)


settings = Settings()
