"""The one outbox for all mail: invitations, password resets, and any message a feature sends.

``queue_mail()`` stores the message in the current transaction, so a message about a change
exists only if the change is committed; the unit of work delivers what was queued right
after its commit. A message that could not be sent stays in the outbox as failed, with the
error, for admins to see (*Settings -> Outgoing mail*) and for ``flask --app wsgi send-mail``
(or the admin's *Try again*) to retry. Delivery goes by SMTP when ``MAIL_SERVER`` is set,
otherwise into the ``MAIL_OUTBOX`` folder in development. The body of a sent message is
cleared: links in it are secrets, and the outbox is not an archive.

Which messages need the client's opt-in (``MessageKind``):

- ``account``: invitations, password reset links and anything else about signing in. Sent
  whatever the client chose: without them nobody could get into the app.
- ``reminder`` (appointment and practice reminders) and ``message`` (any other message to a
  client about their care, such as a changed home program): only to a client who has agreed
  to reminders and messages in the portal. ``queue_mail`` queues nothing for a client who has
  not, and a message still waiting when the client stops them is withheld, never sent.

The core does not know where a client's choice is kept: the feature that keeps it registers
``register_opt_in_check``. Until one is registered, no opt-in kind of message is sent.
"""
import enum
import logging
import smtplib
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from practice.core.database import UTCDateTime, enum_type, now_utc
from practice.core.extensions import db

logger = logging.getLogger(__name__)

#: A failed message is tried this many times in all before it is left for an admin.
MAX_ATTEMPTS = 5
QUEUED_KEY = "queued_mail_ids"


class MailStatus(enum.Enum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    #: An opt-in kind of message the client had not agreed to (or had stopped) when it was
    #: due: never sent, and not tried again.
    WITHHELD = "withheld"


class MessageKind(enum.Enum):
    """What a message is, which decides whether it needs the client's opt-in."""

    ACCOUNT = "account"
    REMINDER = "reminder"
    MESSAGE = "message"


#: Kinds sent only to a client who agreed to reminders and messages (see the module docstring).
OPT_IN_KINDS = frozenset({MessageKind.REMINDER, MessageKind.MESSAGE})
WITHHELD_REASON = ("Not sent: the client has not agreed to reminders and messages, or has "
                   "stopped them.")
_opt_in_check: Callable[[int], bool] | None = None


def register_opt_in_check(check: Callable[[int], bool]) -> None:
    """Tell the outbox how to ask whether a client (by id) has agreed to messages."""
    global _opt_in_check
    _opt_in_check = check


def client_opted_in(client_id: int | None) -> bool:
    return client_id is not None and _opt_in_check is not None and _opt_in_check(client_id)


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    #: Cleared once sent (links in it are secrets).
    body: Mapped[str | None] = mapped_column(Text)
    status: Mapped[MailStatus] = mapped_column(enum_type(MailStatus, "mail_status"),
                                               default=MailStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    kind: Mapped[MessageKind] = mapped_column(enum_type(MessageKind, "message_kind"),
                                              default=MessageKind.ACCOUNT,
                                              server_default=MessageKind.ACCOUNT.value)
    #: The client a message is to, for an opt-in kind (a plain number, like the audit's).
    client_id: Mapped[int | None]

    @property
    def needs_opt_in(self) -> bool:
        return self.kind in OPT_IN_KINDS


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER") or current_app.config.get("MAIL_OUTBOX"))


def queue_mail(to: str, subject: str, body: str, *, kind: MessageKind = MessageKind.ACCOUNT,
               client_id: int | None = None) -> bool:
    """Queue one plain-text message in the current transaction; return whether it will be
    sent anywhere (``False`` when no mail is set up, or when the message is of an opt-in kind
    and the client has not agreed: nothing is queued then).

    :param client_id: the client a message of an opt-in kind is to (required for those).
    """
    if kind in OPT_IN_KINDS and client_id is None:
        raise ValueError(f"a {kind.value} message names the client it is to (client_id)")
    if not mail_configured() or (kind in OPT_IN_KINDS and not client_opted_in(client_id)):
        return False
    message = OutboxMessage(recipient=to, subject=subject, body=body, kind=kind,
                            client_id=client_id)
    db.session.add(message)
    db.session.flush([message])
    db.session.info.setdefault(QUEUED_KEY, []).append(message.id)
    return True


def deliver_queued() -> None:
    """After a commit: send what this transaction queued (the unit of work calls this)."""
    ids = db.session.info.pop(QUEUED_KEY, None)
    if ids:
        _deliver(db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all())


def retry_failed() -> tuple[int, int]:
    """Try again every queued or failed message with attempts left; return (sent, failed)."""
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.status.in_((MailStatus.QUEUED,
                                                              MailStatus.FAILED)),
                                    OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id)).all()
    _deliver(messages)
    sent = sum(message.status is MailStatus.SENT for message in messages)
    failed = sum(message.status is MailStatus.FAILED for message in messages)
    return sent, failed


def retry_message(message: OutboxMessage) -> bool:
    """Try one unsent message again now, however often it failed before (an admin's *Try
    again*, once the mail settings are fixed); return whether it was sent. A withheld one
    stays withheld."""
    if message.status is MailStatus.SENT:
        return True
    if message.status is MailStatus.WITHHELD:
        return False
    _deliver([message])
    return message.status is MailStatus.SENT


def _deliver(messages) -> None:
    for message in messages:
        if message.needs_opt_in and not client_opted_in(message.client_id):
            _withhold(message)
            continue
        message.attempts += 1
        message.last_attempt_at = now_utc()
        try:
            _transport(message)
        except (OSError, smtplib.SMTPException) as exc:
            logger.warning("sending mail %s failed: %s", message.id, type(exc).__name__)
            message.status = MailStatus.FAILED
            message.last_error = f"{type(exc).__name__}: {exc}"[:500]
        else:
            message.status = MailStatus.SENT
            message.sent_at = now_utc()
            message.body = None
            message.last_error = None
        db.session.commit()


def _withhold(message: OutboxMessage) -> None:
    message.status = MailStatus.WITHHELD
    message.body = None
    message.last_error = WITHHELD_REASON
    message.last_attempt_at = now_utc()
    db.session.commit()


def _transport(message: OutboxMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body or "")
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(email)
    elif config.get("MAIL_OUTBOX"):
        outbox = Path(config["MAIL_OUTBOX"])
        outbox.mkdir(parents=True, exist_ok=True)
        stamp = now_utc().strftime("%Y%m%dT%H%M%S%f")
        (outbox / f"{stamp}-{message.id}.eml").write_bytes(bytes(email))
    else:
        raise OSError("no mail server is configured")
