"""Search for pages and everything employees write, French-aware and permission-aware.

An installable app inside the distribution (``wagtail_social.search``, app label
``wagtail_social_search``): a Wagtail search backend on whoosh, the analysis chains for French
and English, the index's writer and atomic rebuild, the permission filter and the employees'
search page. Features declare what they make searchable (``Feature(searchable=...)`` in
:mod:`wagtail_social.features`); the core never imports this app.

Every import of whoosh is in :mod:`wagtail_social.search.adapter`, so moving to another whoosh
distribution is a change of that one file.
"""
