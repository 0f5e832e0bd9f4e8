"""A Wagtail sitemap that lists only what the visitor may open.

Wagtail's own sitemap lists live pages without any view restriction; a host that widens its
``items()`` (to show members their community's pages, say) or whose pages add URLs in
``get_sitemap_urls`` would list a private community's pages to anyone. This one starts from the
access module's readable pages, per request, so it can never list more than the visitor may
open. Mount it as Wagtail documents: ``path("sitemap.xml", sitemap, {"sitemaps": {"pages":
SocialSitemap}})`` with ``wagtail.contrib.sitemaps.views.sitemap``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.contrib.sitemaps import Sitemap

from .access import readable_pages


class SocialSitemap(Sitemap):
    def items(self) -> QuerySet:
        root = self.get_wagtail_site().root_page
        return (
            readable_pages(self.request)
            .descendant_of(root, inclusive=True)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
