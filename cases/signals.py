"""What a case's pages ask of the apps above cases, which cases may not import (the parents
app, issue 14)."""

from django.dispatch import Signal

# Sent while a case's timeline is built (case=the case). A receiver answers a list of dicts
# with the keys of cases.templatetags.timeline_tags.Event (on, rank, title, detail, who): what
# happened on the case outside the case's own records, such as a parent's answer by their link.
case_timeline = Signal()
