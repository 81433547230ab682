"""What the documents infrastructure tells the rest of Waymark without knowing its case types."""

from django.dispatch import Signal

# Sent when an email of a letter has failed for good (letter=Letter). A case type whose
# deadlines depend on delivery (a direction's notice) refreshes them.
letter_failed = Signal()

# Sent while the email of a letter to a parent is put together (message=OutboxMessage). A
# receiver (the parents app) answers the address of the parent's own page for the letter's
# case, or None; the documents infrastructure never knows the case types or the parents app.
parent_email_link = Signal()
