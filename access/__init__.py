"""The access policy: the one place that decides what a person may see and do.

Every queryset a view uses comes from here, scoped to the membership the person acts for.
Another tenant's record answers 404 exactly as a missing one does; 403 only for a record the
person may see but not change. Sources: ../shared/DESIGN.md "People" and "Tenancy".
"""

from access.directions import (  # noqa: F401
    ATTENDANCE_RECORDERS,
    DIRECTION_RUNNERS,
    HOST_SUSPENDERS,
    LA_LIST_ROLES,
    can_decide_direction,
    can_make_parent_letters,
    can_record_attendance,
    can_record_contact,
    can_record_host_suspension,
    can_run_direction,
    can_send_letters,
    can_start_direction,
    can_tick_la_task,
    can_view_hosting_list,
    can_view_la_lists,
    directions_hosted_by,
    directions_visible_to,
    former_pupils_directions,
    get_direction_for_user,
    get_la_task_for_user,
    get_notification_for_user,
    get_outbox_message_for_user,
    host_schools_for,
    hosts_direction,
    is_former_school,
    la_directions_visible_to,
    la_schools,
    la_tasks_visible_to,
    notifications_visible_to,
)
from access.documents import (  # noqa: F401
    documents_for_pupil,
    get_document_for_user,
    may_read,
)
from access.offsiting import (  # noqa: F401
    OFFSITING_WORKERS,
    can_decide_offsiting,
    can_record_offsiting_concern,
    can_run_offsiting,
    can_share_offsiting_item,
    can_start_offsiting,
    can_view_offsiting_list,
    can_view_offsiting_safeguarding,
    can_work_on_offsiting,
    get_offsiting_for_user,
    is_receiving_offsiting,
    offsitings_visible_to,
)
from access.placements import (  # noqa: F401
    AP_ATTENDANCE_RECORDERS,
    PLACEMENT_RUNNERS,
    REGISTER_KEEPERS,
    can_keep_provider_register,
    can_record_ap_attendance,
    can_run_placement,
    can_sign_declaration,
    can_start_placement,
    can_view_provider_register,
    can_view_visit_findings,
    declarations_visible_to,
    get_placement_for_user,
    get_provider_for_user,
    placements_visible_to,
    providers_visible_to,
)
from access.psp import (  # noqa: F401
    PSP_RUNNERS,
    PSP_SCHOOL_READERS,
    can_record_psp_check_in,
    can_record_psp_monitoring,
    can_run_psp,
    can_start_psp,
    can_view_la_psps,
    get_psp_for_user,
    la_psps_visible_to,
    psp_staff_for,
    psps_visible_to,
)
from access.pupils import (  # noqa: F401
    LA_WIDE_ROLES,
    PASSPORT_EDITORS,
    can_add_pupil,
    can_edit_passport,
    can_edit_safeguarding,
    can_edit_send,
    can_manage_la_settings,
    can_view_safeguarding,
    can_view_send,
    get_pupil_for_user,
    is_home_school,
    is_hosting,
    pupils_visible_to,
)
from access.reduced_timetables import (  # noqa: F401
    RTT_LA_ROLES,
    RTT_RUNNERS,
    can_authorise_reduced_timetable,
    can_record_rtt_harm_risks,
    can_run_reduced_timetable,
    can_start_reduced_timetable,
    can_view_la_reduced_timetables,
    get_reduced_timetable_for_user,
    la_reduced_timetables_visible_to,
    psps_for_reduced_timetable,
    reduced_timetables_visible_to,
)
from access.scopes import (  # noqa: F401
    deadlines_visible_to,
    document_case_scopes,
)
from access.travel import (  # noqa: F401
    TRAVEL_REQUESTERS,
    can_edit_travel_request,
    can_request_travel_change,
    get_travel_request_for_user,
    reduced_timetable_for_travel,
    travel_requests_visible_to,
)
