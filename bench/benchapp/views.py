"""The baseline of ``bench/reactions.py``: the least a logged-in, CSRF-checked POST that
stores something can cost through the same middleware and server."""

from django.http import HttpResponseForbidden, JsonResponse
from django.views.decorators.http import require_POST

from .models import BenchRow


@require_POST
def insert(request):
    """One INSERT for a logged-in user (CSRF checked by the middleware, as for ours)."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    try:
        n = int(request.POST.get("n", 0))
    except ValueError:
        n = 0
    BenchRow.objects.create(user=request.user, n=n)
    return JsonResponse({"ok": True})
