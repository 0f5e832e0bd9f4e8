from django import template

from .. import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def top_sections(context):
    """The top sections of the site the visitor may see, for the main navigation."""
    request = context.get("request")
    return navigation.top_sections(request) if request is not None else []


@register.filter
def is_active_for(section, page) -> bool:
    """Whether ``page`` is ``section`` or lies below it (for ``aria-current``)."""
    path = getattr(page, "path", None)
    return bool(path) and path.startswith(section.path)
