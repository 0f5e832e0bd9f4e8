"""Fixtures of the search tests: every index is written into a temporary folder."""

import pytest
from django.test import override_settings
from modelsearch.backends import get_search_backend

from tests.search.library import create_library, rebuild


@pytest.fixture
def index_dir(tmp_path):
    with override_settings(WAGTAIL_SOCIAL_SEARCH_INDEX_DIR=str(tmp_path / "index")):
        yield tmp_path / "index"


@pytest.fixture
def backend(index_dir, db):
    """The whoosh backend (alias "social"): objects without a page go to the French index."""
    return get_search_backend("social")


@pytest.fixture
def library(backend, index_dir):
    create_library()
    rebuild()
    return backend
