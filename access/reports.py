"""Who may make the LA's reports (issue 12; sources 003 and 004): the LA's officers, its
safeguarding officers and the Director, for their own LA only. The SEND team and the Virtual
School see only some of the LA's pupils, so a report of theirs would undercount; LA admins run
settings, not pupils' records; schools never see another school's figures."""

from access.pupils import LA_WIDE_ROLES
from tenancy.models import Membership


def can_view_la_reports(membership: Membership | None) -> bool:
    return bool(membership and membership.local_authority_id and membership.role in LA_WIDE_ROLES)
