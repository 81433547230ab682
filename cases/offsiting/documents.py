"""The documents of a Back-on-Track off-siting: the family's summary and the invitation to each
parent meeting, each a print template and its context, stored and sent through the outbox.

Source: 000_6280d14dcdeb4d53.txt ("Parent involvement": parents attend a meeting at the
receiving site at the start and end, and for 1 week or more reviews after a week, fortnightly,
and before return; the programme, the work, the workbook and the restorative meeting).

Need-to-know: neither document prints safeguarding detail (the two safeguarding items appear
only as "shared" or "not yet"), so both are stored with includes_safeguarding False, except an
invitation addressed to a parent whose address is withheld (issue 14).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cases.offsiting import records
from cases.offsiting import selectors as sel
from cases.offsiting.deadlines import refresh_deadlines_on_commit
from cases.offsiting.guards import ensure_can_invite
from cases.offsiting.models import OffSiting, OffSitingMeeting
from cases.pupils.languages import letter_languages
from cases.pupils.models import ParentCarer
from documents.addressing import Issue, addressed_to, issue_of
from documents.models import GeneratedDocument
from documents.outbox import Sending, letter_send
from documents.rendering import (
    Blanks,
    FormRenderer,
    format_date,
    format_time,
    letterhead,
    name_and_dob,
    render_html_in,
    render_pdf,
)
from documents.services import document_generate
from tenancy.models import User
from ui.formats import weekday

Kind = GeneratedDocument.Kind
SUMMARY_TEMPLATE = "documents/offsiting/summary.html"
INVITATION_TEMPLATE = "documents/offsiting/invitation.html"


def _common(
    o: OffSiting,
    title,
    today: datetime.date,
    blanks: Blanks,
    *,
    to: ParentCarer | None = None,
    issue: Issue | None = None,
) -> dict:
    """What the family's documents share. A letter is addressed to one parent alone at their
    own address (or, with no parent, to the parents and carers with no address) and dated the
    day it was issued (issue 14: cases.directions.document_parts)."""
    home = o.home_centre
    issue = issue or Issue(today)
    return {
        "title": title,
        "offsiting": o,
        "pupil": o.pupil,
        "home": home,
        "receiving": o.receiving_centre,
        "letterhead": letterhead(home),
        "printed_on": format_date(today),
        "dated": format_date(issue.dated),
        "copy_printed_on": format_date(issue.copy_printed_on) if issue.copy_printed_on else "",
        "pupil_line": name_and_dob(o.pupil),
        "to": addressed_to(o.pupil, to),
        "signatory": {
            "name": blanks(_("the head of centre's name"), home.headteacher_name),
            "role": _("Head of Centre"),
            "school": home.name,
        },
        "contact": _("%(name)s, %(centre)s%(phone)s")
        % {
            "name": o.case_lead.full_name,
            "centre": home.name,
            "phone": f" ({home.phone})" if home.phone else "",
        },
    }


def _dates(o: OffSiting) -> str:
    if o.pattern == OffSiting.Pattern.KEY_DAYS:
        return _("%(days)s each week, from %(first)s to %(last)s") % {
            "days": o.key_day_names(),
            "first": format_date(o.first_day),
            "last": format_date(o.last_day),
        }
    if o.first_day == o.last_day:
        return format_date(o.first_day)
    return _("%(first)s to %(last)s") % {
        "first": format_date(o.first_day),
        "last": format_date(o.last_day),
    }


def summary(
    o: OffSiting,
    *,
    today: datetime.date,
    to: ParentCarer | None = None,
    issue: Issue | None = None,
) -> tuple[str, dict]:
    """The family's summary of the off-siting."""
    blanks = Blanks()
    items = list(o.shared_items.all())
    meetings = list(o.meetings.all())
    work = list(o.work.all())
    weeks = sel.weeks_of(o)
    subjects = list(dict.fromkeys([*sel.required_subjects(o, today), *(w.subject for w in work)]))
    cells = {(w.subject, w.week_beginning): w for w in work}
    full = sel.workbook(o) == "full"
    if issue is None:
        issue = issue_of(Kind.OFFSITING_SUMMARY, o, today)
    title = _("Back-on-Track off-siting")
    context = _common(o, title, today, blanks, to=to, issue=issue) | {
        "kind": o.get_kind_display(),
        "circumstance": o.get_circumstance_display() if o.circumstance else "",
        "dates": _dates(o),
        "days": o.school_days,
        "items": [
            {
                "label": i.get_item_display(),
                "available": i.available,
                "on": format_date(i.available_on),
            }
            for i in items
        ],
        "meetings": [
            {
                "kind": m.get_kind_display(),
                "due": format_date(m.scheduled_for),
                "held": format_date(m.date) if m.held else "",
                "time": format_time(m.time),
                "place": m.place,
                "attendees": m.attendees if m.kind != OffSitingMeeting.Kind.RESTORATIVE else "",
            }
            for m in meetings
        ],
        "weeks": [format_date(w) for w in weeks],
        "work_rows": [
            {"subject": s, "cells": [cells.get((s, w)) for w in weeks]} for s in subjects
        ],
        "full": full,
        "workbook_title": _("The Back-on-Track workbook")
        if full
        else _("“Understanding my behaviour and the consequences”"),
        "topics": [(label, value in o.topics_done) for value, label in OffSiting.Topic.choices],
        "approval": o.approval_needed or bool(o.approval_decision),
        "ta": o.ta_decision,
        "restorative": next(
            (m for m in meetings if m.kind == OffSitingMeeting.Kind.RESTORATIVE and m.held), None
        ),
        "restorative_due": next(
            (
                format_date(m.scheduled_for)
                for m in meetings
                if m.kind == OffSitingMeeting.Kind.RESTORATIVE
            ),
            "",
        ),
    }
    return SUMMARY_TEMPLATE, context


def invitation(
    meeting: OffSitingMeeting,
    *,
    today: datetime.date,
    to: ParentCarer | None = None,
    issue: Issue | None = None,
) -> tuple[str, dict]:
    """The invitation to one parent meeting (or the restorative meeting): once sent, a copy
    made later keeps the day it was sent and says "Copy, printed on" (issue 14)."""
    o = meeting.offsiting
    if issue is None:
        issue = issue_of(Kind.OFFSITING_INVITATION, meeting, today)
    blanks = Blanks()
    place = meeting.place or (
        o.home_centre.name
        if meeting.kind == OffSitingMeeting.Kind.RESTORATIVE
        else o.receiving_centre.name
    )
    title = _("Invitation to a Back-on-Track meeting")
    context = _common(o, title, today, blanks, to=to, issue=issue) | {
        "meeting": meeting,
        "meeting_kind": str(meeting.get_kind_display()).lower(),
        "weekday": weekday(meeting.scheduled_for),
        "meeting_date": format_date(meeting.scheduled_for),
        "time": format_time(meeting.time),
        "place": place,
        "dates": _dates(o),
        "restorative": meeting.kind == OffSitingMeeting.Kind.RESTORATIVE,
        "final": meeting.kind == OffSitingMeeting.Kind.FINAL,
    }
    return INVITATION_TEMPLATE, context


# Stored documents and letters -----------------------------------------------------------------


def summary_generate(
    *,
    offsiting: OffSiting,
    by: User,
    today: datetime.date,
    to: ParentCarer | None = None,
    issue: Issue | None = None,
) -> GeneratedDocument:
    template, context = summary(offsiting, today=today, to=to, issue=issue)
    # A parent's in their language(s); the file's copy in the service's (issue 15).
    languages = letter_languages(to) if to is not None else (settings.LANGUAGE_CODE,)
    return document_generate(
        kind=Kind.OFFSITING_SUMMARY,
        pupil=offsiting.pupil,
        template=template,
        context=context,
        generated_by=by,
        about=offsiting,
        html=render_html_in(languages, lambda: summary(offsiting, today=today, to=to, issue=issue)),
    )


def summary_send(
    *, offsiting: OffSiting, by: User, today: datetime.date, request_key: str | None = None
) -> Sending:
    """The family's summary, one to each parent with parental responsibility; `request_key`
    (the confirmation page's) makes a second press of the same page send nothing."""
    pupil = offsiting.pupil
    return letter_send(
        pupil=pupil,
        make=lambda parent: summary_generate(
            offsiting=offsiting, by=by, today=today, to=parent, issue=Issue(today)
        ),
        issued_on=today,
        subject=lambda: (
            _("Back-on-Track off-siting: summary for %(pupil)s") % {"pupil": pupil.full_name}
        ),
        body=lambda: (
            _("Please find attached a summary of %(name)s's off-siting to %(centre)s.")
            % {"name": pupil.first_name, "centre": offsiting.receiving_centre.name}
        ),
        by=by,
        request_key=request_key,
    )


def invitation_generate(
    *,
    meeting: OffSitingMeeting,
    by: User,
    today: datetime.date,
    to: ParentCarer | None = None,
    issue: Issue | None = None,
) -> GeneratedDocument:
    """A new version of the invitation, addressed to `to` alone (issue 14); a letter to a parent
    whose address is withheld prints it, so only those who may read safeguarding detail may
    download it."""
    template, context = invitation(meeting, today=today, to=to, issue=issue)
    # A parent's in their language(s); the file's copy in the service's (issue 15).
    languages = letter_languages(to) if to is not None else (settings.LANGUAGE_CODE,)
    return document_generate(
        kind=Kind.OFFSITING_INVITATION,
        pupil=meeting.offsiting.pupil,
        template=template,
        context=context,
        generated_by=by,
        about=meeting,
        includes_safeguarding=to is not None and to.address_withheld,
        html=render_html_in(
            languages, lambda: invitation(meeting, today=today, to=to, issue=issue)
        ),
    )


def invitation_send(
    *, meeting: OffSitingMeeting, by: User, today: datetime.date, request_key: str | None = None
) -> Sending:
    """Make the invitation, send each parent their own and record the day they were invited."""
    ensure_can_invite(meeting)
    pupil = meeting.offsiting.pupil
    with transaction.atomic():
        sending = letter_send(
            pupil=pupil,
            make=lambda parent: invitation_generate(
                meeting=meeting, by=by, today=today, to=parent, issue=Issue(today)
            ),
            issued_on=today,
            subject=lambda: (
                _("Invitation: %(meeting)s on %(day)s")
                % {"meeting": meeting.get_kind_display(), "day": format_date(meeting.scheduled_for)}
            ),
            body=lambda: (
                _("Please find attached our invitation to a meeting about %(name)s.")
                % {"name": pupil.first_name}
            ),
            by=by,
            request_key=request_key,
        )
        records.offsiting_record_invitation(meeting=meeting, on=today, by=by)
        refresh_deadlines_on_commit(meeting.offsiting_id)
    return sending


# render_forms ---------------------------------------------------------------------------------


def printable_offsitings(schools):
    return (
        OffSiting.objects.filter(home_centre__in=schools)
        .select_related(
            "pupil__school__local_authority",
            "home_centre__local_authority",
            "receiving_centre",
            "case_lead",
        )
        .order_by("pk")
    )


def printable_meetings(schools):
    meetings = []
    for offsiting in printable_offsitings(schools):
        if not offsiting.is_open:
            continue
        for meeting in offsiting.meetings.all():
            if not meeting.held:
                meeting.offsiting = offsiting
                meetings.append(meeting)
    return meetings


FORM_RENDERERS = (
    FormRenderer(
        slug="offsiting-summary",
        description="Back-on-Track off-siting summary for the family (000), every off-siting",
        records=printable_offsitings,
        filename=lambda o: f"offsiting-summary-{o.pupil.upn}-{o.pk}.pdf",
        render=lambda o, today: render_pdf(*summary(o, today=today)),
    ),
    FormRenderer(
        slug="offsiting-invitation",
        description="Invitation to a Back-on-Track meeting (000), every meeting still to hold",
        records=printable_meetings,
        filename=lambda m: (
            f"offsiting-invitation-{m.offsiting.pupil.upn}-{m.kind}-"
            f"{m.scheduled_for:%Y-%m-%d}-{m.pk}.pdf"
        ),
        render=lambda m, today: render_pdf(*invitation(m, today=today)),
    ),
)
