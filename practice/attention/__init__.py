"""Who needs attention: rules over each client's data, worked out when the data changes and
stored, so the practitioner's Today page reads them in a fixed number of queries."""
from flask import Blueprint

bp = Blueprint("attention", __name__, url_prefix="/attention")

from practice.attention import appointment_rules, precaution_rule, rules, tracking  # noqa: E402,F401  (the rules; recompute on change)
from practice.attention.registry import rule_title  # noqa: E402

bp.add_app_template_filter(rule_title, "attention_rule")
