"""What the documents infrastructure tells the rest of Waymark without knowing its case types."""

from django.dispatch import Signal

# Sent when an email of a letter has failed for good (letter=Letter). A case type whose
# deadlines depend on delivery (a direction's notice) refreshes them.
letter_failed = Signal()
