"""Settings of ``wagtail_social``, each read at access time so ``override_settings`` works.

Every setting is ``WAGTAIL_SOCIAL_<NAME>`` in the host's Django settings; the docstring of each
property is its reference documentation (``docs/reference/settings.md`` is generated from it).
"""

from __future__ import annotations

from django.conf import settings as django_settings

PREFIX = "WAGTAIL_SOCIAL_"


class Settings:
    def _get(self, name: str, default):
        return getattr(django_settings, PREFIX + name, default)

    @property
    def COMMENT_MAX_LENGTH(self) -> int:
        """Longest comment accepted, in characters."""
        return int(self._get("COMMENT_MAX_LENGTH", 3000))

    @property
    def COMMENTS_PER_PAGE(self) -> int:
        """Threads (top-level comments with their replies) shown per page of a discussion."""
        return int(self._get("COMMENTS_PER_PAGE", 20))

    @property
    def EDIT_WINDOW_MINUTES(self) -> int:
        """Minutes during which authors may edit their comment; 0 disables editing."""
        return int(self._get("EDIT_WINDOW_MINUTES", 15))

    @property
    def STORE_IP_ADDRESS(self) -> bool:
        """Store the poster's IP address with a comment. Off by default (privacy)."""
        return bool(self._get("STORE_IP_ADDRESS", False))

    @property
    def MAX_THREAD_DEPTH(self) -> int:
        """Ceiling for the policy's reply depth that editors may choose."""
        return int(self._get("MAX_THREAD_DEPTH", 5))

    @property
    def MODERATE_PERMISSION(self) -> str:
        """Permission (``app_label.codename``) that makes a user a comment moderator."""
        return self._get("MODERATE_PERMISSION", "wagtail_social.moderate_comments")

    @property
    def INCLUDE_ASSETS(self) -> bool:
        """Let ``{% social_participation %}`` link our stylesheet and script; set False to ship your own."""
        return bool(self._get("INCLUDE_ASSETS", True))

    @property
    def DUPLICATE_WINDOW_SECONDS(self) -> int:
        """A comment identical to one the same person posted this recently is not stored twice."""
        return int(self._get("DUPLICATE_WINDOW_SECONDS", 120))

    @property
    def COMMENT_LIST_RENDERER(self) -> str:
        """Dotted path of the class rendering a page of comments (a ``CommentListRenderer``)."""
        return self._get("COMMENT_LIST_RENDERER", "wagtail_social.rendering.CommentListRenderer")


settings = Settings()
