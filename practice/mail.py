"""Outgoing email: SMTP when MAIL_SERVER is set, otherwise an outbox folder in development."""
import logging
import smtplib
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

from practice.database import now_utc

logger = logging.getLogger(__name__)


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER") or current_app.config.get("MAIL_OUTBOX"))


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text message; return whether it went anywhere."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if config.get("MAIL_SERVER"):
        try:
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
                if config.get("MAIL_USE_TLS"):
                    smtp.starttls()
                if config.get("MAIL_USERNAME"):
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
                smtp.send_message(message)
            return True
        except (OSError, smtplib.SMTPException):
            logger.exception("sending mail failed (subject %r)", subject)
            return False
    if config.get("MAIL_OUTBOX"):
        outbox = Path(config["MAIL_OUTBOX"])
        outbox.mkdir(parents=True, exist_ok=True)
        stamp = now_utc().strftime("%Y%m%dT%H%M%S%f")
        (outbox / f"{stamp}.eml").write_bytes(bytes(message))
        return True
    return False
