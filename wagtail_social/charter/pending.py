"""The action a person was making when the charter was asked for, kept until they accept it.

Without JavaScript, the gate cannot show a dialog and send the action again: it keeps the
request's fields in the person's session (never in the page, never in a URL), sends them to the
charter's accept page, and once they accept there, the same fields are posted again, server-side,
to the same endpoint, whose answer (the redirect to the new comment, the vote's poll…) is the
answer to the acceptance. So nothing typed is lost, and nothing is sent twice: an action is
taken out of the session before it is replayed.

CSRF: the action's own request passed Django's CSRF check when it was received (the gate runs
in the view); the replay happens only on the accept form's POST, which passes it too, in the same
session, for the same person. A kept action names its person and is dropped if another one
(after a logout and login in the same browser) accepts.

Uploaded files are not kept (a session is no place for them): an action that had some is
replayed without them, and the accept page says so beforehand.
"""

from __future__ import annotations

import copy
import secrets

from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.datastructures import MultiValueDict

SESSION_KEY = "wagtail_social_charter_pending"
KEPT = 5  # actions kept per session: the latest few (several tabs), not an unbounded list
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}


def keep(request, back_url: str, page_title: str) -> str:
    """Keep ``request``'s action in the session; returns the token that names it."""
    token = secrets.token_urlsafe(12)
    actions = dict(request.session.get(SESSION_KEY, {}))
    while len(actions) >= KEPT:
        actions.pop(next(iter(actions)))
    actions[token] = {
        "user": request.user.pk,
        "path": request.path_info,
        "fields": [[name, values] for name, values in request.POST.lists() if name not in SKIPPED_FIELDS],
        "had_files": bool(request.FILES),
        "back": back_url,
        "title": page_title,
    }
    request.session[SESSION_KEY] = actions
    return token


def peek(request, token: str) -> dict | None:
    """The kept action ``token`` of this person, if any (it stays kept)."""
    action = request.session.get(SESSION_KEY, {}).get(token or "")
    if action is None or action.get("user") != request.user.pk:
        return None
    return action


def take(request, token: str) -> dict | None:
    """The kept action ``token`` of this person, taken out of the session (replayed once)."""
    action = peek(request, token)
    if token and token in request.session.get(SESSION_KEY, {}):
        actions = dict(request.session[SESSION_KEY])
        actions.pop(token)
        request.session[SESSION_KEY] = actions
    return action


def replay(request, action: dict) -> HttpResponse | None:
    """Post the kept fields again to the action's endpoint, as ``request``'s person; its answer,
    or None when the path no longer names an endpoint."""
    try:
        match = resolve(action["path"])
    except Resolver404:
        return None
    fields = QueryDict(mutable=True)
    for name, values in action["fields"]:
        fields.setlist(name, values)
    fields._mutable = False
    again = copy.copy(request)  # its own attributes; the same person, session and messages
    again.path_info = action["path"]
    again.path = request.META.get("SCRIPT_NAME", "").rstrip("/") + action["path"]
    again.method = "POST"
    again.POST = fields
    again._files = MultiValueDict()
    again.resolver_match = match
    return match.func(again, *match.args, **match.kwargs)
