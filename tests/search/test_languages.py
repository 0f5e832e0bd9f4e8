"""Which index a page and its items go to: one per language of the site (issue 12)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from wagtail.models import Locale

from tests.utils import add_page
from wagtail_social.search.languages import (
    default_language,
    index_languages,
    language_of_page,
    language_of_page_id,
    supported_language,
)

SITE = {"LANGUAGES": [("fr", "Français"), ("en", "English")], "LANGUAGE_CODE": "fr"}


@override_settings(**SITE)
def test_one_index_per_language_of_the_site():
    assert index_languages() == ["fr", "en"]
    assert default_language() == "fr"


@override_settings(
    LANGUAGES=[("fr-fr", "Français"), ("en", "English"), ("EN", "English")], LANGUAGE_CODE="de"
)
def test_codes_are_reduced_to_the_site_s_languages():
    assert index_languages() == ["fr-fr", "en"]
    assert supported_language("fr") == "fr-fr"
    assert supported_language("fr_CA") == "fr-fr"
    assert supported_language("en-GB") == "en"
    assert supported_language("de") is None and supported_language("") is None
    assert default_language() == "fr-fr"  # LANGUAGE_CODE is not one of them: the first


@pytest.mark.django_db
@override_settings(**SITE)
def test_a_page_is_in_its_locale_s_language_else_the_site_s_default(home):
    english = add_page(home, "News", locale=Locale.objects.get_or_create(language_code="en-gb")[0])
    german = add_page(home, "Neues", locale=Locale.objects.get_or_create(language_code="de")[0])
    french = add_page(home, "Actualités", locale=Locale.objects.get_or_create(language_code="fr")[0])
    assert language_of_page(english) == "en"
    assert language_of_page(german) == "fr"  # not a language of the site
    assert language_of_page(french) == "fr"
    assert language_of_page(None) == "fr"
    assert [language_of_page_id(page.pk) for page in (english, german, french)] == ["en", "fr", "fr"]
    assert language_of_page_id(None) == "fr"
    assert language_of_page_id(10**9) == "fr"  # a page that is gone
