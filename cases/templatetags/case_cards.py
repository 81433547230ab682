"""The pupil page's card for each newer case type (Back-on-Track, PSP, reduced timetable, AP
placement, travel assistance), below the off-site directions card.

Each case type adds one function to CARDS: it takes the membership and the pupil (already
fetched through the access policy) and returns (template, context), or None to show nothing.
It must run a fixed number of queries and fetch its cases through tenancy.access.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

register = template.Library()

CARDS: list[str] = [
    # card: off-siting
    "cases.offsiting_views.offsiting_card",
    # card: PSP
    "cases.psp_views.pupil_card",
    # card: reduced timetable
    "cases.reduced_timetable_views.reduced_timetable_card",
    # card: AP placement
    "cases.placement_views.pupil_card",
    # card: travel assistance
    "cases.travel_views.pupil_card",
]


@register.simple_tag(takes_context=True)
def case_cards(context, pupil):
    request = context["request"]
    membership = getattr(request, "membership", None)
    html = []
    for dotted in CARDS:
        card = import_string(dotted)(membership, pupil)
        if card is not None:
            card_template, card_context = card
            html.append(render_to_string(card_template, card_context, request=request))
    return mark_safe("".join(html))  # noqa: S308 - rendered templates, autoescaped
