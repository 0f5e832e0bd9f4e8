"""Demo data of the intranet, loaded by ``manage.py load_demo_data``.

- ``roles``: the groups (departments, community, moderators, editors, …) and their permissions;
- ``people``: ~300 generated employees, the demo logins, and who belongs to which group;
- ``pages``: the site, its sections and pages, participation policies, the private community;
- ``comments``: months of generated discussions on the pages where comments are on;
- ``texts_news`` / ``texts_pages``: the French copy of the pages.

Every step looks things up before creating them, so loading twice changes nothing.
"""
