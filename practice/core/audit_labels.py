"""Audit actions in plain words, for the admin's audit log and the client's access history.

Known actions have their own wording; any other ``feature.verb`` is put into words from its
two halves, so an action a feature adds later still reads sensibly.
"""
import json

#: Wording for the admin's audit log.
ACTION_LABELS = {
    "auth.login": "Signed in",
    "auth.login_failed": "Sign-in failed",
    "auth.logout": "Signed out",
    "auth.invite": "Invitation link made",
    "auth.invitation_accepted": "Invitation accepted",
    "auth.reset_link": "Password reset link made",
    "auth.password_reset": "Password reset",
    "auth.password_change": "Password changed",
    "auth.two_factor_enabled": "Two-factor sign-in turned on",
    "auth.two_factor_disabled": "Two-factor sign-in turned off",
    "auth.two_factor_failed": "Two-factor code rejected",
    "auth.two_factor_reset": "Two-factor sign-in reset",
    "auth.recovery_code_used": "Signed in with a recovery code",
    "auth.recovery_codes_renewed": "New recovery codes made",
    "auth.password_check_failed": "Wrong current password",
    "auth.reset_requested": "Password reset asked for an unknown email",
    "auth.session_ended": "Signed out one device",
    "auth.sessions_ended": "Signed out of several devices at once",
    "account.deactivate": "Account deactivated",
    "account.reactivate": "Account reactivated",
    "client.reassign": "Client handed to another practitioner",
    "client.export": "Client record included in an export",
    "settings.change": "Practice settings changed",
    "export.create": "Records exported",
    "export.failed": "Export failed part-way (not delivered)",
    "audit.export": "Audit log exported",
    "session.autosave": "Session notes saved while typing (once per visit)",
    "intake.autosave": "Intake note saved while typing (once per visit)",
    "intake.compare": "Viewed intake notes over time (body map and scores)",
    "outcomes.view": "Viewed outcomes by protocol (figures for groups of clients)",
    "outcomes.export": "Downloaded outcomes by protocol (CSV)",
    "referral.create": "Referral recorded",
    "referral.view": "Viewed referrals",
    "precautions.view": "Viewed precautions checklist",
    "precautions.update": "Changed precautions checklist",
    "precautions.review": "Went through precautions checklist at an intake",
    "precautions.override": "Went ahead despite a precaution (reason given)",
    "attention.view": "Viewed the list of clients needing attention",
    "attention.seen": "Marked an attention item seen",
    "notes.search": "Searched notes",
    "chart.print": "Printed a client's chart",
    "chart.download": "Downloaded a client's chart (PDF)",
    "intake.download": "Downloaded an intake (PDF)",
    "session.download": "Downloaded session notes (PDF)",
    "record.download": "Client downloaded their own record (PDF)",
    "record.release": "Released a client's record for download",
    "record.release_withdrawn": "Withdrew a client's record release",
    "consent.record": "Consent recorded",
    "consent.view": "Viewed consent",
    "consent.messages_on": "Client agreed to reminders and messages",
    "consent.messages_off": "Client stopped reminders and messages",
    "appointment.create": "Appointment booked",
    "appointment.view": "Viewed an appointment",
    "appointment.reschedule": "Appointment moved or changed",
    "appointment.cancel": "Appointment cancelled",
    "appointment.reassign": "Appointment handed over with the client",
    "appointment.no_show": "Appointment marked as missed",
    "appointment.attended": "Appointment marked attended (session recorded)",
    "appointment.change_asked": "Client asked to cancel or move an appointment",
    "appointment.kept": "Appointment kept as booked (client's request answered)",
    "appointment.reminder": "Appointment reminder emailed",
    "feed.create": "Calendar feed address made",
    "feed.renew": "Calendar feed address renewed (the old one stopped)",
    "feed.names": "Calendar feed's client names changed",
    "feed.end": "Calendar feed ended (account deactivated)",
    "hours.change": "Opening hours changed",
    "holiday.add": "Practice holiday added",
    "holiday.remove": "Practice holiday removed",
    "working_hours.change": "Practitioner's working hours changed",
    "working_hours.clear": "Practitioner's working hours cleared (the practice's hours apply)",
}

#: Wording for a client reading about their own record ("Viewed your intake note").
CLIENT_LABELS = {
    "client.view": "Viewed your record",
    "intake.compare": "Viewed your intake notes over time",
    "client.export": "Exported your record (in a practice export)",  # before one event per export
    "export.create": "Exported your record",
    "notes.search": "Searched notes and saw excerpts of yours",
    "chart.print": "Printed your record",
    "chart.download": "Downloaded your record as a PDF",
    "intake.download": "Downloaded your intake note as a PDF",
    "session.download": "Downloaded your session notes as a PDF",
    "record.release": "Released your record for you to download",
    "record.release_withdrawn": "Withdrew the release of your record",
    "client.reassign": "Handed your record to another practitioner",
    "auth.invite": "Invited you to the portal",
    "auth.reset_link": "Made a password reset link for you",
    "referral.create": "Recorded advice for you to see a doctor or get help",
    "referral.view": "Viewed the advice you were given to see a doctor or get help",
    "precautions.view": "Viewed your precautions",
    "precautions.update": "Changed your precautions",
    "precautions.review": "Went through your precautions with you",
    "precautions.override": "Noted a precaution and the reason to go ahead",
    "attention.view": "Saw your recent check-ins or program in their list of who needs attention",
    "attention.seen": "Marked something in your record as seen",
    "consent.record": "Recorded your consent",
    "consent.view": "Viewed your consent",
    "consent.messages_on": "You agreed to reminders and messages",
    "consent.messages_off": "You stopped reminders and messages",
    "appointment.create": "Booked an appointment for you",
    "appointment.view": "Viewed one of your appointments",
    "appointment.reschedule": "Moved or changed one of your appointments",
    "appointment.cancel": "Cancelled one of your appointments",
    "appointment.no_show": "Noted that you missed an appointment",
    "appointment.attended": "Recorded that you came to an appointment",
}

_VERBS = {
    "view": "Viewed", "list": "Viewed", "open": "Viewed", "read": "Viewed",
    "create": "Added", "add": "Added", "record": "Recorded", "assign": "Assigned",
    "change": "Changed", "update": "Changed", "edit": "Changed",
    "sign": "Signed", "addendum": "Added an addendum to",
    "archive": "Archived", "unarchive": "Restored", "restore": "Restored",
    "delete": "Removed", "retire": "Retired", "reorder": "Reordered",
    "export": "Exported", "print": "Printed", "download": "Downloaded",
    "invite": "Invited", "stop": "Stopped", "pause": "Paused", "resume": "Resumed",
    "complete": "Completed", "autosave": "Changed",
}

_NOUNS = {
    "client": "client record", "intake": "intake note", "intake_addendum": "intake addendum",
    "plan": "treatment plan", "session_plan": "treatment plan", "plan_template": "plan template",
    "session": "session notes", "treatment": "session notes", "addendum": "addendum",
    "exercise": "exercise", "assignment": "home exercise", "program": "home program",
    "snippet": "note snippet",
    "exercise_log": "exercise log", "log": "exercise log", "checkin": "check-in",
    "check_in": "check-in", "progress": "progress", "handout": "handout",
    "condition_type": "condition type", "account": "account", "settings": "settings",
}


def _words(action: str) -> tuple[str, str]:
    feature, _, verb = action.partition(".")
    verb_words = _VERBS.get(verb, verb.replace("_", " ").capitalize() or "Did")
    noun = _NOUNS.get(feature, feature.replace("_", " "))
    return verb_words, noun


def describe_action(action: str) -> str:
    """The admin's wording, e.g. ``session.sign`` -> "Signed session notes"."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    verb, noun = _words(action)
    return f"{verb} {noun}"


#: A practice-wide export, told apart by its detail (it lists every client it held).
PRACTICE_EXPORT_LABEL = "Exported your record (in a practice export)"


def describe_for_client(action: str, detail: str | None = None) -> str:
    """The client's wording about their own record, e.g. "Viewed your intake note".

    ``detail`` is the event's JSON detail; it tells a practice-wide export from one of this
    client alone.
    """
    if action == "export.create" and detail and json.loads(detail).get("scope") == "practice":
        return PRACTICE_EXPORT_LABEL
    if action in CLIENT_LABELS:
        return CLIENT_LABELS[action]
    verb, noun = _words(action)
    noun = "record" if noun == "client record" else noun
    return f"{verb} your {noun}"
