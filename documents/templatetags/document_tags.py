from django import template

from access import documents_for_pupil

register = template.Library()

LISTED = 20  # the newest; older versions stay stored


@register.inclusion_tag("documents/_pupil_documents.html", takes_context=True)
def pupil_documents(context, pupil):
    """The pupil's documents this person may download, and the button to make the passport."""
    request = context["request"]
    documents = documents_for_pupil(getattr(request, "membership", None), pupil)
    return {
        "pupil": pupil,
        "documents": list(documents[:LISTED]),
        "csrf_token": context.get("csrf_token"),
    }
