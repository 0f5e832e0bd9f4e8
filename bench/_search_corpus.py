"""The French corpus of ``bench/search.py``: intranet pages and comments, generated from a fixed
seed, and bulk-loaded (pages and comments are multi-table models: base rows through the ORM's
``bulk_create``, child rows in one ``executemany``).

The words and sentences come from ``bench/_search_words.py``. A dozen *planted* pages carry the answer of a relevance query in their title; the
same words also appear in passing in many other documents, so that a backend must rank the title
above the mentions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from bench._search_queries import PLANTED
from bench._search_words import SEED, Writer


@dataclass
class Plan:
    sections: int
    pages_per_section: int
    comments: int

    @property
    def pages(self) -> int:
        return self.sections * (1 + self.pages_per_section)

    @property
    def documents(self) -> int:
        return self.pages + self.comments


def plan(scale: float) -> Plan:
    """20,000 documents at scale 1: 1,000 sections of 4 pages (5,000 pages), 15,000 comments."""
    sections = max(len(PLANTED), round(1_000 * scale))  # a planted page per section at least
    return Plan(sections=sections, pages_per_section=4, comments=max(30, round(15_000 * scale)))


def _page_rows(parent, specs: list[tuple[str, str, str]], content_type, locale) -> list:
    """Children of ``parent`` (``(title, intro, body)``), bulk-inserted with treebeard paths."""
    from django.db import connection
    from django.utils import timezone
    from django.utils.text import slugify
    from wagtail.models import Page

    from bench.benchapp.models import SearchPage

    now = timezone.now()
    start = parent.numchild
    base = []
    for offset, (title, _intro, _body) in enumerate(specs):
        slug = f"{slugify(title)[:40]}-{start + offset + 1}"
        base.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                path=parent._get_path(parent.path, parent.depth + 1, start + offset + 1),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                content_type=content_type,
                locale=locale,
                translation_key=uuid.uuid4(),
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
        )
    made = Page.objects.bulk_create(base, batch_size=500)
    table = connection.ops.quote_name(SearchPage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, intro, body) VALUES (%s, %s, %s)",
            [(page.pk, intro, body) for page, (_title, intro, body) in zip(made, specs, strict=True)],
        )
    Page.objects.filter(pk=parent.pk).update(numchild=start + len(specs))
    parent.numchild = start + len(specs)
    return made


def _comment_rows(page_ids: list[int], texts: list[str], user) -> list[int]:
    """Top-level comments (``texts[i]`` on ``page_ids[i]``), public, bulk-inserted; their ids."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone
    from django_comments.models import Comment
    from django_comments_xtd.models import XtdComment
    from wagtail.models import Page

    page_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    base = [
        Comment(
            content_type=page_type,
            object_pk=str(page_id),
            site_id=1,
            user=user,
            user_name=user.get_full_name(),
            user_email=user.email,
            comment=text,
            submit_date=now,
            is_public=True,
            is_removed=False,
        )
        for page_id, text in zip(page_ids, texts, strict=True)
    ]
    made = Comment.objects.bulk_create(base, batch_size=500)  # with their pks (SQLite ≥ 3.35, PostgreSQL)
    table = connection.ops.quote_name(XtdComment._meta.db_table)
    columns = "comment_ptr_id, thread_id, parent_id, level, " + connection.ops.quote_name("order")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}, followup, nested_count) VALUES (%s, %s, %s, 0, 1, %s, 0)",
            [(c.pk, c.pk, c.pk, False) for c in made],
        )
    return [c.pk for c in made]


@dataclass
class Corpus:
    home: object
    sections: list  # section pages, in order (the first N get restricted)
    planted: dict[str, int]  # title → page id
    pages: int
    comments: int
    vocabulary: int
    words: int  # words in all the documents' texts


def build(scale: float) -> Corpus:
    """The site: a French home page, its sections and pages, the planted pages, comments."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page
    from wagtail.models import Site as WagtailSite

    from bench.benchapp.models import SearchPage
    from tests.utils import make_user

    shape = plan(scale)
    writer = Writer()
    locale, _ = Locale.objects.get_or_create(language_code="fr")
    Page.objects.filter(depth=2).delete()
    root = Page.objects.get(depth=1)
    page_type = ContentType.objects.get_for_model(SearchPage)
    words = 0

    def spec(title: str, sentences: int, extra: str = "") -> tuple[str, str, str]:
        nonlocal words
        intro, body = writer.sentence(), (extra + " " + writer.paragraph(sentences)).strip()
        words += len(title.split()) + len(intro.split()) + len(body.split())
        return title, intro, body

    (home,) = _page_rows(root, [spec("Accueil de l'intranet", 3)], page_type, locale)
    WagtailSite.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    home = Page.objects.get(pk=home.pk)
    sections = _page_rows(
        home, [spec(f"{writer.title()} ({n + 1})", 4) for n in range(shape.sections)], page_type, locale
    )
    # A planted page per relevance query, in a section of its own; its words in passing in
    # other pages' bodies (the mentions a backend must rank below the title).
    planted = {}
    all_pages = []
    for n, section in enumerate(sections):
        section = Page.objects.get(pk=section.pk)
        specs = []
        for m in range(shape.pages_per_section):
            extra = ""
            if (n * shape.pages_per_section + m) % 7 == 0:  # one page in 7 mentions a planted subject
                extra = PLANTED[(n + m) % len(PLANTED)][3]
            specs.append(spec(writer.title(), writer.random.randint(3, 8), extra))
        if n < len(PLANTED):
            _query, title, body, _mention = PLANTED[n]
            specs[0] = spec(title, 3, body)
        made = _page_rows(section, specs, page_type, locale)
        if n < len(PLANTED):
            planted[PLANTED[n][1]] = made[0].pk
        all_pages += [section.pk, *(page.pk for page in made)]
    author = make_user("claire", first_name="Claire", last_name="Dupont")
    texts, targets = [], []
    for n in range(shape.comments):
        text = writer.paragraph(writer.random.randint(1, 3))
        if n % 11 == 0:  # comments mention the planted subjects too
            text = PLANTED[n % len(PLANTED)][3] + " " + text
        texts.append(text)
        words += len(text.split())
        targets.append(all_pages[writer.random.randrange(len(all_pages))])
    comments = len(_comment_rows(targets, texts, author))
    return Corpus(
        home=home,
        sections=sections,
        planted=planted,
        pages=1 + len(all_pages),
        comments=comments,
        vocabulary=writer.words.size,
        words=words,
    )


@dataclass
class Communities:
    paths: list[str]  # of every community section so far
    page_ids: list[int]  # the pages and comments just added
    comment_ids: list[int]


def add_communities(home, existing: int, count: int) -> Communities:
    """``count`` more private communities under ``home`` (after ``existing`` ones): each a
    section restricted to a group of its own (bulk: no signal), with a page and two comments;
    what was added, to be indexed by each backend's ``add_bulk``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, PageViewRestriction

    from bench.benchapp.models import SearchPage

    writer = Writer(SEED + existing)
    home = Page.objects.get(pk=home.pk)
    page_type = ContentType.objects.get_for_model(SearchPage)
    specs = [(f"Communauté {existing + n + 1} : {writer.title()}", writer.sentence(), writer.paragraph(3))
             for n in range(count)]  # fmt: skip
    sections = _page_rows(home, specs, page_type, home.locale)
    groups = Group.objects.bulk_create([Group(name=f"Communauté {existing + n + 1}") for n in range(count)])
    restrictions = PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=section, restriction_type="groups") for section in sections]
    )
    through = PageViewRestriction.groups.through
    through.objects.bulk_create(
        [through(pageviewrestriction=r, group=g) for r, g in zip(restrictions, groups, strict=True)]
    )
    pages = []
    for section in sections:
        section = Page.objects.get(pk=section.pk)
        pages += _page_rows(
            section, [(writer.title(), writer.sentence(), writer.paragraph(4))], page_type, home.locale
        )
    page_ids = [page.pk for page in [*sections, *pages]]
    author = get_user_model().objects.get(username="claire")
    comment_ids = _comment_rows(page_ids, [writer.paragraph(2) for _ in page_ids], author)
    paths = list(
        Page.objects.filter(depth=home.depth + 1, view_restrictions__isnull=False).values_list(
            "path", flat=True
        )
    )
    return Communities(paths=paths, page_ids=page_ids, comment_ids=comment_ids)
