"""Similar contributions of a section, shown while someone writes a new one so that duplicates
are avoided before they are posted.

The match is on titles, through the site's Wagtail search backend
(``wagtail.search.backends.get_search_backend()``): a full-text search of the words typed (any
of them, best matches first), completed by an autocomplete match of the last, unfinished word.
Only contributions the writer could find in the section's idea box are searched
(``ideabox.listable``: pages they may read, kinds switched on there), withdrawn ones left out.

The filters are plain columns declared as ``index.FilterField`` on ``Contribution`` (``page``,
``kind``, ``withdrawn_at``), combined with AND and OR, with ``exact``, ``in`` and ``isnull``
lookups. Wagtail's database backend (SQLite FTS5, PostgreSQL full text, the fallback) applies a
search's filters as the ORM query it is, so it accepts any lookup on a declared filter field,
but no lookup across a relation (``page__path__startswith`` fails): the section's pages are
resolved to their ids first. Elasticsearch and OpenSearch accept the same filters.

When the site's backend is the search app's (``wagtail_social.search.backend``), the search
also passes the writer and the section (``wagtail_social.searching.person_search``, the core's
documented hook: this module does not import the search app): the index itself then keeps only
the section's items the writer may see, on top of the queryset's filter.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from wagtail_social.policy import policy_for
from wagtail_social.searching import person_search

from .ideabox import listable
from .models import FEATURE_OF_KIND, IDEA, Contribution

FRAGMENT = "wagtail_social_contributions/similar.html"
LIMIT = 5
MIN_LENGTH = 3


def section_of(request, page: Page, kind: str = IDEA) -> Page:
    """The section of ``page`` for ``kind``: the page where the kind was switched on (itself or
    its nearest ancestor that sets the switch), else the root page of its site."""
    source = policy_for(request, page).sources.get(FEATURE_OF_KIND.get(kind, "ideas"))
    if source is not None:
        return source
    site = Site.find_for_request(request)
    return site.root_page if site is not None else page


def similar_to(request, page: Page, kind: str, text: str, limit: int = LIMIT) -> list[Contribution]:
    """Up to ``limit`` contributions of ``page``'s section whose title matches ``text``, that
    the requester may see; none for a text shorter than ``MIN_LENGTH``."""
    text = " ".join(text.split())
    if len(text) < MIN_LENGTH:
        return []
    section = section_of(request, page, kind)
    condition = listable(request, section)
    if condition is None:
        return []
    rows = Contribution.objects.filter(condition & Q(withdrawn_at__isnull=True))
    backend = get_search_backend()
    person = {"user": request.user, "section": section}
    found: list[Contribution] = [
        contribution
        for contribution in person_search(backend, text, rows, fields=["title"], operator="or", **person)[
            :limit
        ]
        if shown(contribution)
    ]
    if len(found) < limit:
        seen = {contribution.pk for contribution in found}
        more = person_search(backend, text, rows, fields=["title"], autocomplete=True, **person)
        more = more[: limit + len(seen)]
        found += [c for c in more if c.pk not in seen and shown(c)][: limit - len(found)]
    return found


def shown(contribution: Contribution) -> bool:
    """Not removed nor hidden by its reports (``reporting``). Checked on the hits rather than in
    the query: these columns are no search filter fields (declaring them would change every
    index's schema), and a backend that searches the table itself (PostgreSQL's, restricted to
    ``title``) would find them; the site's index drops them already."""
    return contribution.removed_at is None and contribution.hidden_at is None
