"""Relations every case type shares."""

from django.contrib.contenttypes.fields import GenericRelation


def case_deadlines():
    """The `deadlines` relation of a case model other than Direction (reviews.Deadline.case):
    deleting the case deletes its deadlines."""
    return GenericRelation(
        "reviews.Deadline", content_type_field="case_type", object_id_field="case_id"
    )
