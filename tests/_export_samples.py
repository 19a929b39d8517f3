"""Realistic webinar-platform exports for the import tests (invented people, example.com emails).

Each builder returns the file's bytes, written the way the platform writes it (BOM, UTF-16, tabs,
cp1252 with semicolons, preambles, host and panelist sections, repeat joins, ``Attended=No``,
blank emails, localized dates), and the module-level constants say what each file implies, in
epoch milliseconds computed here independently of the importer.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

NEW_YORK = "America/New_York"
WARSAW = "Europe/Warsaw"


def ms(text: str, zone: str) -> int:
    """Epoch milliseconds of an ISO local time in ``zone`` (the expectation, computed apart)."""
    return round(datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).timestamp() * 1000)


def table(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


# -- Zoom webinar attendee report --------------------------------------------------------------

ZOOM_ATTENDEE_HEADER = [
    "Attended", "User Name (Original Name)", "First Name", "Last Name", "Email", "Phone",
    "Registration Time", "Approval Status", "Join Time", "Leave Time",
    "Time in Session (minutes)", "Is Guest", "Country/Region Name", "Source Name",
]  # fmt: skip


def zoom_attendees() -> bytes:
    """Preamble, Host and Panelist sections, then attendees: Ada joins twice (rows apart), Alan
    registered and did not come (Attended=No, ``--`` times), one guest has no email."""
    preamble = table([
        ["Attendee Report"],
        ["Report Generated:", "04/27/2026 09:00:00 AM"],
        ["Topic", "Webinar ID", "Actual Start Time", "Actual Duration (minutes)", "# Registered",
         "# Cancelled Registrations", "Unique Viewers", "Total Users", "Max Concurrent Views"],
        ["Quarterly product update", "812 3456 7890", "04/26/2026 09:58:02 AM", "62", "5", "0",
         "4", "5", "4"],
        [],
        ["Host Details"],
        ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time",
         "Time in Session (minutes)", "Is Guest", "Country/Region Name"],
        ["Yes", "Hana Host", "host@example.com", "04/26/2026 09:58:02 AM",
         "04/26/2026 11:00:10 AM", "63", "No", "United States"],
        [],
        ["Panelist Details"],
        ["Attended", "Name (Original Name)", "Email", "Join Time", "Leave Time",
         "Time in Session (minutes)", "Is Guest", "Country/Region Name"],
        ["Yes", "Pat Panel", "panelist@example.com", "04/26/2026 09:59:00 AM",
         "04/26/2026 11:00:00 AM", "61", "No", "United States"],
        [],
        ["Attendee Details"],
        ZOOM_ATTENDEE_HEADER,
    ])  # fmt: skip
    rows = table([
        ["Yes", "Ada Lovelace", "Ada", "Lovelace", "ada@example.com", "", "04/20/2026 08:15:00 AM",
         "approved", "04/26/2026 10:01:10 AM", "04/26/2026 10:30:00 AM", "29", "Yes",
         "United Kingdom", ""],
        ["Yes", "Grace Hopper", "Grace", "Hopper", "Grace@Example.com", "", "04/21/2026 01:05:00 PM",
         "approved", "04/26/2026 10:00:30 AM", "04/26/2026 10:59:59 AM", "60", "Yes",
         "United States", ""],
        ["No", "Alan Turing", "Alan", "Turing", "alan@example.com", "", "04/22/2026 09:00:00 AM",
         "approved", "--", "--", "--", "", "United Kingdom", ""],
        ["Yes", "Ada Lovelace", "Ada", "Lovelace", "ada@example.com", "", "04/20/2026 08:15:00 AM",
         "approved", "04/26/2026 10:35:00 AM", "04/26/2026 11:00:00 AM", "25", "Yes",
         "United Kingdom", ""],
        ["Yes", "Guest (no sign-in)", "", "", "", "", "", "approved", "04/26/2026 10:05:00 AM",
         "04/26/2026 10:15:00 AM", "10", "Yes", "", ""],
        ["No", "Edsger Dijkstra", "Edsger", "Dijkstra", "edsger@example.com", "",
         "04/23/2026 07:45:00 PM", "approved", "", "", "", "", "Netherlands", ""],
    ])  # fmt: skip
    return (preamble + rows).encode("utf-8-sig")


#: First line of each attendee in zoom_attendees() (the blank-email guest is line 20).
ZOOM_GUEST_LINE = 20
ZOOM_ATTENDEES_EXPECTED = {
    "ada@example.com": {
        "register": ms("2026-04-20T08:15:00", NEW_YORK),
        "attend": ms("2026-04-26T10:01:10", NEW_YORK),
        "leftAt": ms("2026-04-26T11:00:00", NEW_YORK),
    },
    "grace@example.com": {
        "register": ms("2026-04-21T13:05:00", NEW_YORK),
        "attend": ms("2026-04-26T10:00:30", NEW_YORK),
        "leftAt": ms("2026-04-26T10:59:59", NEW_YORK),
    },
    "alan@example.com": {"register": ms("2026-04-22T09:00:00", NEW_YORK)},
    "edsger@example.com": {"register": ms("2026-04-23T19:45:00", NEW_YORK)},
}


# -- Zoom registration report ------------------------------------------------------------------


def zoom_registrants() -> bytes:
    preamble = table([
        ["Registration Report"],
        ["Report Generated:", "04/25/2026 06:00:00 PM"],
        ["Topic", "Webinar ID", "Scheduled Start Time", "# Registered"],
        ["Quarterly product update", "812 3456 7890", "04/26/2026 10:00:00 AM", "5"],
        [],
    ])  # fmt: skip
    rows = table([
        ["First Name", "Last Name", "Email", "Registration Time", "Approval Status", "Job Title"],
        ["Ada", "Lovelace", "ada@example.com", "04/20/2026 08:15:00 AM", "approved", "Analyst"],
        ["Bob", "Denied", "bob@example.com", "04/20/2026 09:00:00 AM", "denied", ""],
        ["Cy", "Cancel", "cy@example.com", "04/21/2026 10:00:00 AM", "cancelled", ""],
        ["Dee", "Pending", "dee@example.com", "04/22/2026 11:00:00 AM", "pending", ""],
        ["Eve", "Early", "eve@example.com", "04/19/2026 04:30:00 PM", "Approved", "CTO"],
    ])  # fmt: skip
    return (preamble + rows).encode("utf-8")


# -- Zoom meeting participants report ----------------------------------------------------------


def zoom_participants() -> bytes:
    preamble = table([
        ["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)",
         "Participants"],
        ["812 3456 7890", "Team sync", "04/26/2026 10:00:00 AM", "04/26/2026 11:00:00 AM",
         "host@example.com", "60", "3"],
        [],
    ])  # fmt: skip
    rows = table([
        ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)",
         "Guest", "Recording Consent"],
        ["Ada", "ada@example.com", "04/26/2026 10:01:00 AM", "04/26/2026 10:20:00 AM", "19", "No", ""],
        ["Guest Person", "", "04/26/2026 10:02:00 AM", "04/26/2026 10:40:00 AM", "38", "Yes", ""],
        ["Grace", "grace@example.com", "04/26/2026 10:03:00 AM", "04/26/2026 10:58:00 AM", "55", "No", ""],
        ["Ada", "ada@example.com", "04/26/2026 10:25:00 AM", "04/26/2026 10:59:00 AM", "34", "No", ""],
        ["Ada", "ADA@example.com", "04/26/2026 10:21:00 AM", "04/26/2026 10:24:00 AM", "3", "No", ""],
    ])  # fmt: skip
    return (preamble + rows).encode("utf-8-sig")


# -- Microsoft Teams attendance report (newer, localized, UTF-16 tab) ---------------------------


def teams_attendance() -> bytes:
    """Polish locale: ``15.09.2026, 16:02:11`` and durations in words; UTF-16 LE with a BOM,
    tab-separated; an organizer (ignored), a UPN-only attendee, a guest without an email."""
    text = table([
        ["1. Summary"],
        ["Meeting title", "Kwartalne podsumowanie"],
        ["Attended participants", "4"],
        ["Start time", "15.09.2026, 16:00:05"],
        ["End time", "15.09.2026, 17:02:11"],
        ["Meeting duration", "1 godz. 2 min 6 sek."],
        [],
        ["2. Participants"],
        ["Name", "First Join", "Last Leave", "In-Meeting Duration", "Email",
         "Participant ID (UPN)", "Role"],
        ["Olga Organizer", "15.09.2026, 16:00:05", "15.09.2026, 17:02:11",
         "1 godz. 2 min 6 sek.", "organizer@example.com", "organizer@example.com", "Organizer"],
        ["Ada Lovelace", "15.09.2026, 16:02:11", "15.09.2026, 17:00:00", "57 min 49 sek.",
         "ada@example.com", "ada@example.com", "Attendee"],
        ["Grace Hopper", "15.09.2026, 16:05:00", "15.09.2026, 16:45:30", "40 min 30 sek.",
         "", "grace@example.com", "Attendee"],
        ["Zewnętrzny gość", "15.09.2026, 16:10:00", "15.09.2026, 16:20:00", "10 min",
         "", "", "Attendee"],
        [],
        ["3. In-Meeting Activities"],
        ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
        ["Ada Lovelace", "15.09.2026, 16:02:11", "15.09.2026, 16:30:00", "27 min 49 sek.",
         "ada@example.com", "Attendee"],
        ["Ada Lovelace", "15.09.2026, 16:31:00", "15.09.2026, 17:00:00", "29 min",
         "ada@example.com", "Attendee"],
    ], delimiter="\t")  # fmt: skip
    return text.encode("utf-16")


TEAMS_EXPECTED = {
    "ada@example.com": (ms("2026-09-15T16:02:11", WARSAW), ms("2026-09-15T17:00:00", WARSAW)),
    "grace@example.com": (ms("2026-09-15T16:05:00", WARSAW), ms("2026-09-15T16:45:30", WARSAW)),
}


def teams_live_event() -> bytes:
    """A Teams live event's attendee report: one row per Joined / Left action, in UTC."""
    return table([
        ["SessionId", "ParticipantId", "FullName", "UserAgent", "UtcEventTimestamp", "Action", "Role"],
        ["s-1", "ada@example.com", "Ada Lovelace", "Mozilla/5.0", "9/15/2026 2:02:11 PM", "Joined", "Attendee"],
        ["s-2", "grace@example.com", "Grace Hopper", "Mozilla/5.0", "9/15/2026 2:05:00 PM", "Joined", "Attendee"],
        ["s-1", "ada@example.com", "Ada Lovelace", "Mozilla/5.0", "9/15/2026 2:30:00 PM", "Left", "Attendee"],
        ["s-3", "ada@example.com", "Ada Lovelace", "Mozilla/5.0", "9/15/2026 2:31:00 PM", "Joined", "Attendee"],
        ["s-4", "olga@example.com", "Olga", "Mozilla/5.0", "9/15/2026 1:59:00 PM", "Joined", "Presenter"],
        ["s-3", "ada@example.com", "Ada Lovelace", "Mozilla/5.0", "9/15/2026 3:00:00 PM", "Left", "Attendee"],
        ["s-2", "grace@example.com", "Grace Hopper", "Mozilla/5.0", "9/15/2026 2:45:30 PM", "Left", "Attendee"],
    ]).encode("utf-8")  # fmt: skip


# -- Eventbrite attendee export (re-saved by a European Excel: cp1252, semicolons) -------------

EVENTBRITE_HEADER = [
    "Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Ticket Type",
    "Attendee #", "Attendee Status", "Event Name", "Event ID",
]  # fmt: skip


def eventbrite_attendees() -> bytes:
    """Two events in one file; Zoë bought two tickets on her email (merged: one contact);
    René cancelled; a refunded ticket; dates with offsets (no --timezone needed)."""
    return table([
        EVENTBRITE_HEADER,
        ["1001", "2026-04-10 09:15:00-07:00", "Zoë", "Quinn", "zoe@example.com", "1", "General",
         "5001", "Checked In", "Spring meetup", "ev-spring"],
        ["1002", "2026-04-11 10:00:00-07:00", "René", "Roux", "rene@example.com", "1", "General",
         "5002", "Not Attending", "Spring meetup", "ev-spring"],
        ["1003", "2026-04-12 11:30:00-07:00", "Ivan", "Ito", "ivan@example.com", "1", "VIP",
         "5003", "Attending", "Summer meetup", "ev-summer"],
        ["1001", "2026-04-10 09:15:00-07:00", "Zoë", "Quinn", "zoe@example.com", "1", "General",
         "5004", "Attending", "Spring meetup", "ev-spring"],
        ["1004", "2026-04-13 08:00:00-07:00", "Rita", "Refund", "rita@example.com", "1", "General",
         "5005", "Refunded", "Summer meetup", "ev-summer"],
    ], delimiter=";").encode("cp1252")  # fmt: skip


EVENTBRITE_ORDER_MS = {
    "zoe@example.com": round(
        datetime.fromisoformat("2026-04-10T09:15:00-07:00").timestamp() * 1000
    ),
    "ivan@example.com": round(
        datetime.fromisoformat("2026-04-12T11:30:00-07:00").timestamp() * 1000
    ),
}


# -- GoTo Webinar attendee report --------------------------------------------------------------


def goto_attendees() -> bytes:
    """Summary lines, then the attendee table; times end in a zone abbreviation (EDT)."""
    return table([
        ["Attendee Report"],
        ["Report Generated:", "Apr 27, 2026 09:00 AM EDT"],
        [],
        ["Webinar Name", "Webinar ID", "Actual Start Date/Time", "Actual Duration (minutes)"],
        ["Quarterly product update", "123-456-789", "04/26/2026 10:00 AM EDT", "61"],
        [],
        ["Attendee Details"],
        ["Attended", "Interest Rating", "Last Name", "First Name", "Email Address",
         "Registration Date", "Join Time", "Leave Time", "Time in Session", "Unsubscribed"],
        ["Yes", "72", "Lovelace", "Ada", "ada@example.com", "04/20/2026 08:15 AM EDT",
         "04/26/2026 10:01 AM EDT", "04/26/2026 11:00 AM EDT", "59 minutes", "No"],
        ["No", "", "Turing", "Alan", "alan@example.com", "04/22/2026 09:00 AM EDT", "--", "--",
         "", "No"],
        ["Yes", "55", "Lovelace", "Ada", "ada@example.com", "04/20/2026 08:15 AM EDT",
         "04/26/2026 11:05 AM EDT", "04/26/2026 11:20 AM EDT", "15 minutes", "No"],
    ]).encode("utf-8")  # fmt: skip


GOTO_EXPECTED = {
    "ada@example.com": {
        "register": ms("2026-04-20T08:15:00", NEW_YORK),
        "attend": ms("2026-04-26T10:01:00", NEW_YORK),
        "leftAt": ms("2026-04-26T11:20:00", NEW_YORK),
    },
    "alan@example.com": {"register": ms("2026-04-22T09:00:00", NEW_YORK)},
}
