"""Which index a page or an item goes to: one index per language of the site.

A site's languages are its ``LANGUAGES`` setting. A page's language is its Wagtail locale
(``page.locale.language_code``) reduced to one of them: the same code, else the first of the
site's languages with the same base language ("fr-ca" goes to "fr", "fr" to "fr-fr" when only
that is listed); a locale the site does not list, or a page without one, goes to the site's
default language (``LANGUAGE_CODE``, reduced the same way; else the first of ``LANGUAGES``).
An item (a comment, an idea, a poll) is in the language of the page it belongs to.

Index names are these language codes, lowercase: they are folder names in
``WAGTAIL_SOCIAL_SEARCH_INDEX_DIR`` and the analyzer's language
(:func:`wagtail_social.search.analysis.text_analyzer` strips the region).
"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Page


def _base(code: str) -> str:
    return code.replace("_", "-").split("-")[0]


def index_languages() -> list[str]:
    """The site's languages, one index each, in the order of ``LANGUAGES`` (no duplicates)."""
    codes = [str(code).lower().replace("_", "-") for code, _name in settings.LANGUAGES]
    return list(dict.fromkeys(codes)) or [str(settings.LANGUAGE_CODE).lower()]


def supported_language(code: str | None) -> str | None:
    """``code`` reduced to one of :func:`index_languages`, or None when the site has no such
    language."""
    if not code:
        return None
    code = str(code).lower().replace("_", "-")
    languages = index_languages()
    if code in languages:
        return code
    return next((language for language in languages if _base(language) == _base(code)), None)


def default_language() -> str:
    """The site's default language (``LANGUAGE_CODE``) among its languages; else the first."""
    return supported_language(settings.LANGUAGE_CODE) or index_languages()[0]


def language_of_page(page: Page | None) -> str:
    """The language of ``page``'s index (see the module docstring)."""
    locale = getattr(page, "locale", None) if page is not None else None
    return supported_language(getattr(locale, "language_code", None)) or default_language()


def language_of_page_id(page_id: int | None) -> str:
    """The language of the index of the items of page ``page_id`` (a ``Searchable``'s
    ``page_id``): one query for the page's locale; the default language for no page."""
    if page_id is None:
        return default_language()
    code = Page.objects.filter(pk=page_id).values_list("locale__language_code", flat=True).first()
    return supported_language(code) or default_language()
