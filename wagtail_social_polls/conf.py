"""Settings of ``wagtail_social_polls``, each read at access time so ``override_settings`` works.

Every setting is ``WAGTAIL_SOCIAL_POLLS_<NAME>`` in the host's Django settings.
"""

from __future__ import annotations

from wagtail_social.conf import AppSettings
from wagtail_social.setting_values import integer, rate_limit

PREFIX = "WAGTAIL_SOCIAL_POLLS_"


class Settings(AppSettings):
    prefix = PREFIX

    @property
    def SECRET_MIN_VOTERS(self) -> int:
        """Results of a secret ballot stay hidden, to everyone, until this many people have voted
        (k-anonymity: with fewer, who chose what could be guessed). Never below 3."""
        return max(3, self._read("SECRET_MIN_VOTERS", 5, integer))

    @property
    def VOTE_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: how many vote requests one person may send per window."""
        return self._read("VOTE_RATE_LIMIT", (30, 60), rate_limit)


settings = Settings()
