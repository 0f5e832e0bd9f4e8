"""Settings of ``wagtail_social.search``, each read at access time so ``override_settings`` works.
Every setting is ``WAGTAIL_SOCIAL_SEARCH_<NAME>`` in the host's Django settings."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings as django_settings

from wagtail_social.conf import AppSettings
from wagtail_social.setting_values import rate_limit, whole_number

PREFIX = "WAGTAIL_SOCIAL_SEARCH_"


class Settings(AppSettings):
    prefix = PREFIX

    @property
    def INDEX_DIR(self) -> Path:
        """The folder holding the whoosh indexes (one per language of the site, each with its
        generations). Trusted like the code: whoosh unpickles the schema it finds there.
        Default: ``search_index`` beside the SQLite database, else in ``BASE_DIR``."""
        value = self._get("INDEX_DIR", None)
        if value:
            return Path(value)
        base = getattr(django_settings, "BASE_DIR", None) or Path.cwd()
        return Path(base) / "search_index"

    @property
    def LOCK_TIMEOUT_SECONDS(self) -> int:
        """How long the index's writer waits for the write lock before it retries later."""
        return self._read("LOCK_TIMEOUT_SECONDS", 10, whole_number(1))

    @property
    def WRITE_ATTEMPTS(self) -> int:
        """How many times an index update is tried before it is logged as failed and kept for
        the next ``update_index``."""
        return self._read("WRITE_ATTEMPTS", 5, whole_number(1))

    @property
    def LOCK_STALE_SECONDS(self) -> int:
        """A write lock held longer than this is reported "stale" by ``social_search_check``: a
        writer that makes no progress (a killed writer's lock is released by the system at once;
        see :mod:`wagtail_social.search.store`). Default: 600."""
        return self._read("LOCK_STALE_SECONDS", 600, whole_number(1))

    @property
    def BACKEND(self) -> str | None:
        """The alias in ``WAGTAILSEARCH_BACKENDS`` that the search page and ``{% social_search %}``
        search (a ``wagtail_social.search.backend`` one). Default: ``"default"`` when it is ours,
        else the first alias that is."""
        return self._get("BACKEND", None)

    @property
    def RESULTS_PER_PAGE(self) -> int:
        """Hits per page of the search page. Default: 10."""
        return self._read("RESULTS_PER_PAGE", 10, whole_number(1))

    @property
    def RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)`` a person may send to the search page (429 with
        ``Retry-After`` beyond; anonymous visitors share one allowance). Default: (30, 60)."""
        return self._read("RATE_LIMIT", (30, 60), rate_limit)

    @property
    def MAX_QUERY_LENGTH(self) -> int:
        """Longest query searched, in characters (longer ones are cut). Default: 200."""
        return self._read("MAX_QUERY_LENGTH", 200, whole_number(1))

    @property
    def REBUILD_MEMORY_MB(self) -> int:
        """Memory for the postings a rebuild's writer sorts in memory, in whoosh's estimate (MB),
        before it spills them to temporary files that the commit merges (pickled one posting at
        a time). whoosh's default, 128, spilled the bench's 10,000 French documents twice: a
        third of the rebuild's time. whoosh overestimates: the bench's 20,000 documents, sorted
        in memory, took the process to 600 MB, against 370 MB with 128. Default: 512."""
        return self._read("REBUILD_MEMORY_MB", 512, whole_number(16))

    @property
    def REBUILD_PROCESSES(self) -> int:
        """How many worker processes a rebuild (``update_index``) analyses and writes the
        documents on, each writing a segment of its own and sharing ``REBUILD_MEMORY_MB``; 1
        writes in the command's own process. A rebuild of fewer documents than a batch (256)
        starts none. Default: the processors this process may run on, at most 4."""
        available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        return self._read("REBUILD_PROCESSES", max(1, min(4, available or 1)), whole_number(1))


settings = Settings()
