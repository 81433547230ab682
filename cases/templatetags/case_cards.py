"""The pupil page's card for each newer case type (Back-on-Track, PSP, reduced timetable, AP
placement, travel assistance), below the off-site directions card.

Each case type declares its card in its case_type.py (cases.registry): a function that takes the
membership and the pupil (already fetched through the access policy) and returns (template,
context), or None to show nothing.
It must run a fixed number of queries and fetch its cases through access.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cases import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def case_cards(context, pupil):
    request = context["request"]
    membership = getattr(request, "membership", None)
    html = []
    for _case_type, dotted in registry.each("card"):
        card = registry.resolve(dotted)(membership, pupil)
        if card is not None:
            card_template, card_context = card
            html.append(render_to_string(card_template, card_context, request=request))
    return mark_safe("".join(html))  # noqa: S308 - rendered templates, autoescaped
