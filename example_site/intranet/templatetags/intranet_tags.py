from django import template

register = template.Library()


@register.filter
def is_active_for(section, page) -> bool:
    """Whether ``page`` is ``section`` or lies below it (for ``aria-current``)."""
    path = getattr(page, "path", None)
    return bool(path) and path.startswith(section.path)
