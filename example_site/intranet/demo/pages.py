"""The site, its pages, the participation policies and the private community."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.contrib.sites.models import Site as DjangoSite
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from wagtail_social.models import ParticipationPolicy

from ..models import HomePage, NewsIndexPage, NewsPage, SectionPage, StandardPage
from . import texts_news, texts_pages
from .markup import body, french_spacing

SITE_NAME = "Intranet Groupe Exemple"
HOSTNAME = "localhost"
PORT = 8000
# The home page and the sections opened a little more than six months ago (the reading history).
SITE_DAYS_AGO = 190


@dataclass
class DemoPages:
    """What the comments step needs: each commentable page, with its theme and time span."""

    home: HomePage
    pages: dict[str, Page] = field(default_factory=dict)
    discussions: list[dict] = field(default_factory=list)
    helpful_pages: list = field(default_factory=list)
    created: int = 0


def published_at(days_ago: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(9, 30)))


def ensure_page(parent: Page, model, slug: str, title: str, days_ago: int | None = None, **fields):
    """The child of ``parent`` with ``slug``; created and published when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(title=title, slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    if days_ago is not None:
        when = published_at(days_ago)
        Page.objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when, latest_revision_created_at=when
        )
        page.refresh_from_db()
    return page, True


def ensure_home() -> tuple[HomePage, bool]:
    """Our home page at the root of the default site, in place of Wagtail's "Welcome" page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).first()
    created = home is None
    if created:
        spec = texts_pages.HOME
        home, _created = ensure_page(
            root, HomePage, spec["slug"], spec["title"], days_ago=SITE_DAYS_AGO, intro=spec["intro"]
        )
    site = Site.objects.filter(is_default_site=True).first() or Site()
    site.hostname, site.port, site.site_name = HOSTNAME, PORT, SITE_NAME
    site.root_page, site.is_default_site = home, True
    site.save()
    # Wagtail's initial migration leaves a plain "Welcome to your new Wagtail site!" page.
    for page in Page.objects.child_of(root).exclude(pk=home.pk):
        if page.specific_class is Page and not Site.objects.filter(root_page=page).exists():
            page.delete()
    DjangoSite.objects.update_or_create(pk=1, defaults={"domain": f"127.0.0.1:{PORT}", "name": SITE_NAME})
    return home, created


def set_policy(page: Page, **values) -> ParticipationPolicy:
    """Set a page's policy; features' switches as ``comments_enabled=True`` and so on."""
    switches = {
        name.removesuffix("_enabled"): values.pop(name) for name in list(values) if name.endswith("_enabled")
    }
    policy = ParticipationPolicy.objects.filter(page=page).first()
    values["switches"] = {**(policy.switches if policy else {}), **switches}
    policy, _created = ParticipationPolicy.objects.update_or_create(page=page, defaults=values)
    return policy


def build_news(result: DemoPages) -> None:
    spec = texts_news.NEWS_INDEX
    index, created = ensure_page(
        result.home, NewsIndexPage, spec["slug"], spec["title"], days_ago=SITE_DAYS_AGO, intro=french_spacing(spec["intro"]),
        show_in_menus=True,
    )  # fmt: skip
    result.created += created
    result.pages["news_index"] = index
    for item in texts_news.NEWS:
        page, created = ensure_page(
            index, NewsPage, item["slug"], item["title"], days_ago=item["days_ago"],
            date=published_at(item["days_ago"]).date(), intro=french_spacing(item["intro"]),
            body=body(*item["body"]),
        )  # fmt: skip
        result.created += created
        result.pages[item["slug"]] = page


def build_section(result: DemoPages, spec: dict) -> SectionPage:
    section, created = ensure_page(
        result.home, SectionPage, spec["slug"], spec["title"], days_ago=SITE_DAYS_AGO, intro=french_spacing(spec["intro"]),
        show_in_menus=True,
    )  # fmt: skip
    result.created += created
    result.pages[spec["slug"]] = section
    for child in spec["children"]:
        page, created = ensure_page(
            section, StandardPage, child["slug"], child["title"], days_ago=child["days_ago"],
            intro=french_spacing(child["intro"]), body=body(*child["body"]),
        )  # fmt: skip
        result.created += created
        result.pages[child["slug"]] = page
    return section


def discussion(page: Page, spec: dict, count: int, **extra) -> dict:
    return {
        "page": page,
        "topic": spec["topic"],
        "count": count,
        "since": published_at(spec["days_ago"]),
        **extra,
    }


def build_hr(result: DemoPages) -> None:
    spec = texts_pages.HR
    section = build_section(result, spec)
    plan_spec, remote_spec, _mutual = spec["children"]
    plan, remote = result.pages[plan_spec["slug"]], result.pages[remote_spec["slug"]]
    # Page-level policies: comments on these two pages only, not on the whole HR section.
    set_policy(plan, comments_enabled=True)
    set_policy(remote, comments_enabled=True, moderation="pre")
    # The whole HR section asks "was this page helpful?".
    set_policy(section, helpful_enabled=True)
    result.helpful_pages.extend(result.pages[child["slug"]] for child in spec["children"])
    result.discussions.append(discussion(plan, plan_spec, 30))
    result.discussions.append(discussion(remote, remote_spec, 30, held=4))


def build_life(result: DemoPages) -> None:
    spec = texts_pages.LIFE
    section = build_section(result, spec)
    set_policy(section, comments_enabled=True)  # the whole section; its pages inherit it
    counts = iter([18, 24, 14])
    for child in spec["children"]:
        page = result.pages[child["slug"]]
        extra = {}
        if child.get("closed"):
            # A closed discussion: the page's own closing date, two weeks ago.
            existing = ParticipationPolicy.objects.filter(page=page).first()
            closes_at = (existing and existing.closes_at) or timezone.now() - timedelta(days=14)
            set_policy(page, closing="date", closes_at=closes_at)
            extra["until"] = closes_at
        result.discussions.append(discussion(page, child, next(counts), **extra))


def build_community(result: DemoPages, group: Group) -> None:
    spec = texts_pages.COMMUNITY
    section = build_section(result, spec)
    restriction = PageViewRestriction.objects.filter(page=section).first()
    if restriction is None:
        restriction = PageViewRestriction(page=section)
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    restriction.groups.set([group])
    set_policy(section, comments_enabled=True)
    for child, count in zip(spec["children"], (18, 16), strict=True):
        page = result.pages[child["slug"]]
        result.discussions.append(discussion(page, child, count, members_only=True))


def load(community_group: Group) -> DemoPages:
    home, created = ensure_home()
    result = DemoPages(home=home, created=int(created))
    # Reactions everywhere on the intranet (a setting of the home page, inherited by every page).
    set_policy(result.home, reactions_enabled=True)
    build_news(result)
    build_hr(result)
    build_life(result)
    build_community(result, community_group)
    return result
