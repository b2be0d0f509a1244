"""Names the reader sees for metrics, themes, verdicts and checks, marked for the "analysis" catalog.

``N_`` only marks a message: the text is translated where it is shown (``ctx._(label)``), so these tables
can be built at import time and a test can still collect every msgid from the source.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for the catalog without translating it."""
    return message


METRIC_LABELS = {
    "extended_plenary_sessions": N_("extended plenary sessions"),
    "general_meetings": N_("general meetings"),
    "round_tables": N_("round tables"),
    "final_meetings": N_("final meetings"),
    "staff_meetings": N_("staff meetings"),
    "planned_analyses": N_("planned analyses and reviews"),
    "seminars": N_("seminars for judges"),
    "seminars_civil": N_("seminars on civil cases"),
    "seminars_administrative": N_("seminars on administrative cases"),
    "seminars_criminal": N_("seminars on criminal cases"),
    "seminars_administrative_offences": N_("seminars on administrative offence cases"),
    "writs_sent": N_("writs of execution sent for enforcement"),
    "writs_rejected": N_("writs of execution not accepted"),
    "writs_rejected_share": N_("share of writs not accepted"),
    "writs_rejected_share_change": N_("change of the share of writs not accepted"),
    "legal_aid_requests_received": N_("legal assistance requests received from abroad"),
    "legal_aid_requests_sent": N_("legal assistance requests sent abroad"),
    "apostille_applications": N_("apostille applications"),
    "apostille_applications_granted": N_("apostille applications granted"),
    "procedural_violations": N_("procedural violations"),
    "procedural_violations_change": N_("change in procedural violations"),
    "violations_procedural_deadlines": N_("breaches of procedural deadlines"),
    "violations_late_judicial_acts": N_("judicial acts not entered on time"),
    "violations_late_hearings": N_("hearings not started on time"),
    "unjustified_postponements": N_("unjustified postponements of hearings"),
    "citizen_applications": N_("applications from citizens"),
    "citizen_applications_fold_decrease": N_("fold decrease in applications"),
    "sms_notification_violations": N_("violations in SMS notification of parties"),
}

# Short forms for chart axes, where the long label would not fit.
SHORT_LABELS = {
    "extended_plenary_sessions": N_("Plenary sessions"),
    "general_meetings": N_("General meetings"),
    "round_tables": N_("Round tables"),
    "final_meetings": N_("Final meetings"),
    "staff_meetings": N_("Staff meetings"),
    "planned_analyses": N_("Planned analyses"),
    "seminars_civil": N_("Civil"),
    "seminars_administrative": N_("Administrative"),
    "seminars_criminal": N_("Criminal"),
    "seminars_administrative_offences": N_("Administrative offences"),
    "legal_aid_requests_received": N_("Requests received"),
    "legal_aid_requests_sent": N_("Requests sent"),
    "apostille_applications": N_("Apostille applications"),
    "apostille_applications_granted": N_("Apostilles granted"),
    "violations_procedural_deadlines": N_("Deadlines breached"),
    "violations_late_judicial_acts": N_("Acts entered late"),
    "violations_late_hearings": N_("Hearings started late"),
    "citizen_applications": N_("Applications"),
    "sms_notification_violations": N_("SMS notification violations"),
}

THEME_LABELS = {
    "methodological_support": N_("Organisational and methodological support"),
    "enforcement": N_("Enforcement of judicial acts"),
    "international_assistance": N_("International legal assistance and services"),
    "procedural_discipline": N_("Procedural discipline"),
    "applications_notifications": N_("Applications and notifications"),
}

VERDICT_LABELS = {
    "consistent": N_("consistent"),
    "inconsistent": N_("inconsistent"),
    "ambiguous": N_("ambiguous"),
    "unverifiable": N_("unverifiable"),
}

CHECK_LABELS = {
    "stated_fold": N_("stated N-fold change"),
    "parts_add_up": N_("parts add up to the total"),
    "part_within_total": N_("part within its total"),
    "stated_share": N_("stated share"),
    "stated_share_change": N_("stated change of a share"),
    "stated_change": N_("stated percent change"),
    "stated_abs_change": N_("stated change by a number"),
    "from_to": N_("the same figure in two periods"),
    "restated": N_("the same figure stated twice"),
}

READING_LABELS = {
    "points": N_("percentage points"),
    "relative": N_("relative change"),
}

REGION_LABELS = {
    "Astana": N_("Astana"),
}


def metric_label(_, metric: str, short: bool = False) -> str:
    """The reader's name of ``metric``; a metric the tables do not know shows its own name, readable."""
    if short and metric in SHORT_LABELS:
        return _(SHORT_LABELS[metric])
    if metric in METRIC_LABELS:
        return _(METRIC_LABELS[metric])
    return metric.replace("_", " ")


def theme_label(_, theme: str) -> str:
    """The reader's name of a theme."""
    return _(THEME_LABELS[theme]) if theme in THEME_LABELS else theme.replace("_", " ")


def label_of(_, table: dict, key: str) -> str:
    """``table[key]`` translated, or ``key`` itself when the table lacks it."""
    return _(table[key]) if key in table else str(key)

# The reader's verdicts: a small fixed vocabulary for what a claim check found.
PLAIN_VERDICT_LABELS = {
    "correct": N_("correct"),
    "roughly_right": N_("roughly right"),
    "plausible": N_("plausible"),
    "wrong": N_("wrong"),
    "unclear": N_("unclear wording"),
    "cannot_check": N_("can't check"),
    "context": N_("context, not a claim"),
}
