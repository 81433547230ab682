from django import template

from reviews import work

register = template.Library()


@register.filter
def who_acts(deadline) -> str:
    """Whose step a deadline is (reviews.work.who_acts)."""
    return work.who_acts(deadline)
