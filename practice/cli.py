"""``flask`` commands: accounts, the demo practice, exports, outgoing mail, the audit trail,
backups and the attention list.

Every command that writes does its work in one ``unit_of_work()``: committed together at the
end, or not at all.
"""
import os
import secrets
import sys
from pathlib import Path

import click
from flask import Flask

from practice.auth.models import Role, User
from practice.core.errors import DomainError
from practice.core.extensions import db
from practice.core.unit_of_work import unit_of_work


def _read_password() -> str:
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise click.UsageError("No password on standard input.")
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-user")
@click.option("--email", required=True, help="Sign-in email address.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="What the account may do.")
@click.option("--name", "display_name", default=None, help="Name shown in the app.")
def create_user_command(email: str, role: str, display_name: str | None):
    """Create an account; the password is prompted (or read from a pipe)."""
    from practice.auth.operations import create_user

    password = _read_password()
    if len(password) < 10:
        raise click.UsageError("The password needs at least 10 characters.")
    try:
        with unit_of_work():
            user = create_user(email, display_name or email.split("@")[0], Role(role), password)
    except DomainError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"Created {user.role.value} {user.email}")


@click.command("reset-two-factor")
@click.option("--email", required=True, help="Account whose two-factor sign-in is turned off.")
def reset_two_factor_command(email: str):
    """Turn off two-factor sign-in for someone who lost their phone."""
    from practice.auth.operations import reset_two_factor
    from practice.auth.queries import find_user_by_email

    try:
        with unit_of_work():
            user = find_user_by_email(email)
            if user is None:
                raise click.UsageError("No account with that email.")
            reset_two_factor(user, by="command line")
    except DomainError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"Two-factor sign-in is off for {user.email}; they can turn it on again.")


@click.command("seed-demo")
@click.option("--password", required=True, help="Password for every demo account.")
def seed_demo_command(password: str):
    """Fill an empty database with a deterministic demo practice; print its accounts."""
    from practice.demo import DemoError, seed_demo

    try:
        with unit_of_work():
            accounts = seed_demo(password)
    except DemoError as exc:
        raise click.ClickException(str(exc)) from exc
    for account in accounts:
        click.echo("\t".join(account))


def _served_at(url: str | None) -> str:
    """Where the app answers: ``url`` if given, else ``BASE_URL``, else ``SERVER_NAME``."""
    from flask import current_app

    if url:
        return url.rstrip("/")
    if os.environ.get("BASE_URL"):
        return current_app.config["BASE_URL"]
    server_name = current_app.config.get("SERVER_NAME")
    if server_name:
        return f"{current_app.config.get('PREFERRED_URL_SCHEME', 'http')}://{server_name}"
    return current_app.config["BASE_URL"]


@click.command("seed-large")
@click.option("--practitioners", default=20, show_default=True, type=click.IntRange(1))
@click.option("--clients", default=10_000, show_default=True, type=click.IntRange(0))
@click.option("--sessions-per-client", default=20, show_default=True, type=click.IntRange(0))
@click.option("--checkins-per-client", default=100, show_default=True, type=click.IntRange(0))
@click.option("--intakes-per-client", default=3, show_default=True, type=click.IntRange(0))
@click.option("--assignments-per-client", default=4, show_default=True, type=click.IntRange(0))
@click.option("--logs-per-assignment", default=6, show_default=True, type=click.IntRange(0))
@click.option("--booked-per-practitioner", default=49, show_default=True,
              type=click.IntRange(0, 49), help="Clients of each practitioner booked in the "
              "coming week (an hour each, 9:00 to 16:00 on open days).")
@click.option("--password", required=True, help="Password for every account.")
def seed_large_command(password: str, **size):
    """Fill an empty database with a large practice in bulk (about 1.5 million rows by
    default) for measuring; print its accounts like seed-demo."""
    from practice.demo import DemoError
    from practice.demo.large import LargeSize, seed_large

    try:
        with unit_of_work():
            accounts = seed_large(LargeSize(**size), password)
    except DemoError as exc:
        raise click.ClickException(str(exc)) from exc
    for account in accounts:
        click.echo("\t".join(account))


@click.command("demo-logins")
@click.option("--url", default=None,
              help="The address the app is served at (default: BASE_URL, else SERVER_NAME).")
def demo_logins_command(url: str | None):
    """Seed the demo practice into an empty database once, then print its sign-ins.

    The demo password is generated on the first run and kept in ``instance/``.
    """
    from flask import current_app

    from practice.demo import demo_accounts, seed_demo

    password_file = Path(current_app.instance_path) / "demo-password"
    has_users = db.session.scalar(db.select(db.func.count()).select_from(User))
    if not has_users:
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(secrets.token_urlsafe(12))
        password_file.chmod(0o600)
        with unit_of_work():
            seed_demo(password_file.read_text())
    if not password_file.exists():
        click.echo("The database has accounts that were not made by the demo; sign in with those.")
        return
    click.echo(f"\nDemo practice at {_served_at(url)} - every account's password: "
               f"{password_file.read_text()}\n")
    for role, email, name, _owner in demo_accounts():
        click.echo(f"  {role:<13} {email:<42} {name}")
    click.echo("")


@click.command("export")
@click.option("--format", "format_key", required=True, type=click.Choice(["csv", "json", "fhir"]),
              help="csv: a zip of CSV files with a README; json: one nested document; "
                   "fhir: a FHIR R4 Bundle.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, allow_dash=True,
                                                         path_type=Path),
              help="File to write (created readable by you only); - for standard output.")
@click.option("--client", "client_id", type=int, default=None,
              help="Export only this client (the client's number); default: the whole practice.")
@click.option("--include-credentials", is_flag=True,
              help="JSON of the whole practice only: add password hashes and two-factor secrets, "
                   "so that people sign in as before after `import`. Keep the file safe.")
def export_command(format_key: str, output: Path, client_id: int | None,
                   include_credentials: bool):
    """Export the practice's records (or one client's); the export is audited."""
    from practice.core.progressbar import progress
    from practice.exports.operations import start_export
    from practice.exports.queries import records_to_export

    if include_credentials and str(output) == "-":
        raise click.UsageError("Write credentials to a file (--output PATH): it is created "
                               "readable by you only.")
    if str(output) != "-" and not output.resolve().parent.is_dir():
        raise click.UsageError(f"The folder for {output} does not exist.")
    with progress(unit="record", desc=f"Exporting {format_key}") as bar:
        try:
            export = start_export(format_key, client_id, via="command line", on_rows=bar.update,
                                  include_credentials=include_credentials)
        except DomainError as exc:
            raise click.UsageError(str(exc)) from exc
        bar.total = records_to_export(format_key, client_id)
        with export.recording():  # on record once the whole file is written, or as failed
            if str(output) == "-":
                for chunk in export.content:
                    sys.stdout.buffer.write(chunk)
                sys.stdout.buffer.flush()
                return
            _write_privately(output, export.content)
    click.echo(f"Exported {bar.n} records to {output}", err=True)


def _write_privately(output: Path, chunks) -> None:
    """Write to a private temporary file beside ``output``, then move it into place.

    The partial file must be new (``O_EXCL``) and not a link (``O_NOFOLLOW``): one planted
    beforehand, readable by others or pointing elsewhere, is refused rather than filled.
    """
    partial = output.with_name(f".{output.name}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                             0o600)
    except OSError as exc:
        raise click.ClickException(
            f"Cannot create the partial file {partial} ({exc.strerror}). If it is left from an "
            "export that was interrupted, check it and remove it, then export again.") from exc
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        partial.replace(output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path):
    """Load a JSON export of this app (the whole practice) into this empty database.

    Every record keeps its number, signed notes their signer and time, and the audit trail
    is carried over so `audit verify` passes. An export made with --include-credentials lets
    everyone sign in as before; otherwise each person gets a fresh invitation link (emailed,
    or printed here once when mail is not set up).
    """
    from practice.core.progressbar import progress
    from practice.imports.operations import import_export

    with progress(total=path.stat().st_size, unit="B", unit_scale=True,
                  desc="Importing") as bar:
        try:
            with unit_of_work():
                imported = import_export(path, on_bytes=bar.update)
        except DomainError as exc:
            raise click.ClickException(str(exc)) from exc
    counts = ", ".join(f"{count} {key.replace('_', ' ')}"
                       for key, count in imported.counts.items() if count)
    click.echo(f"Imported {path}: {counts}.")
    if imported.with_credentials:
        click.echo("Sign-in details came with the file: everyone signs in as before.")
    if imported.emailed:
        click.echo(f"Emailed a fresh invitation link to {imported.emailed} "
                   f"{'person' if imported.emailed == 1 else 'people'}.")
    if imported.links:
        click.echo("Fresh invitation links (each works once, for 72 hours; shown only now):")
        for email, link in imported.links:
            click.echo(f"  {email}\t{link}")
    _report_restored_trail()


@click.command("send-reminders")
@click.option("--quiet", is_flag=True, help="Print nothing (for cron, which mails any output).")
def send_reminders_command(quiet: bool):
    """Email tomorrow's appointment reminders to the clients who agreed to them.

    Safe to run from cron every few minutes: each appointment's reminder is queued once, and a
    send that fails is left in the outbox for admins rather than queued again.
    """
    from practice.appointments.reminders import send_reminders
    from practice.core.database import now_utc
    from practice.core.mail import mail_configured

    if not mail_configured():
        raise click.UsageError("Mail is not set up: set MAIL_SERVER (and MAIL_PORT, "
                               "MAIL_USERNAME, MAIL_PASSWORD, MAIL_SENDER).")
    with unit_of_work():
        queued, not_opted_in = send_reminders(now_utc())
    if not quiet:
        click.echo(f"{queued} reminders sent; {not_opted_in} clients with an appointment "
                   "tomorrow have not agreed to reminders.")


@click.command("send-mail")
@click.option("--quiet", is_flag=True,
              help="Print nothing when every message went out (for cron, which mails any output).")
def send_mail_command(quiet: bool):
    """Send queued mail and try failed messages again; print how many were sent and failed.

    Safe to run from cron as often as you like: a message is sent once, and one that keeps
    failing is left for an admin (Settings -> Outgoing mail) after its last attempt.
    """
    from practice.core.mail import mail_configured, retry_failed

    if not mail_configured():
        raise click.UsageError("Mail is not set up: set MAIL_SERVER (and MAIL_PORT, "
                               "MAIL_USERNAME, MAIL_PASSWORD, MAIL_SENDER).")
    with unit_of_work():
        sent, failed = retry_failed()
    if failed or not quiet:
        click.echo(f"Sent {sent}, failed {failed}.")
    if failed:
        sys.exit(1)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path):
    """Copy the whole database into a new file PATH, readable by you only; audited.

    SQLite through its online backup API (the app may keep running); PostgreSQL through
    pg_dump. An existing file is never overwritten: put the date in the name.
    """
    from practice.backup.operations import create_backup

    try:
        with unit_of_work():
            made = create_backup(path)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up the {made.format} database to {made.path} ({made.size} bytes, "
               f"sha256 {made.sha256}).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace a database that already holds records (back it up first).")
def restore_command(path: Path, force: bool):
    """Replace the whole database with the backup at PATH, then verify the audit trail.

    Stop the app first. Refuses a database that holds records unless --force is given;
    the restore is audited in the restored trail. Sessions that were open when the backup
    was made are ended: everyone signs in again.
    """
    from practice.backup.operations import restore_backup

    try:
        with unit_of_work():
            restored = restore_backup(path, force=force)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored {path}.")
    if restored.sessions_ended:
        ended = restored.sessions_ended
        click.echo(f"{ended} signed-in session{'' if ended == 1 else 's'} ended: everyone signs "
                   "in again.")
    _report_restored_trail()
    if restored.schema_behind:
        click.echo("The backup was made by another version of the app: run "
                   "`flask --app wsgi db upgrade` before starting it.")


def _report_restored_trail() -> None:
    from practice.core.audit import verify_chain

    report = verify_chain()
    if not report.intact:
        click.echo(f"The audit trail is BROKEN at event {report.problem.event_id}: "
                   f"{report.problem.reason}.", err=True)
        sys.exit(1)
    events = f"{report.event_count} event{'' if report.event_count == 1 else 's'}"
    click.echo(f"The audit trail is intact: {events}, head "
               f"{report.last_event_id}:{report.last_hash}.")


@click.group("audit")
def audit_group():
    """The tamper-evident audit trail."""


@audit_group.command("verify")
@click.option("--anchor", default=None, metavar="ID:HASH",
              help="A head printed by an earlier run: checks the trail still passes through it "
                   "(detects a trail rewritten wholesale).")
def audit_verify_command(anchor: str | None):
    """Check every link of the hash chain and its head; exit 1 at the first broken link."""
    from practice.core.audit import verify_chain

    parsed = None
    if anchor:
        event_id, _, anchor_hash = anchor.partition(":")
        if not event_id.isdigit() or len(anchor_hash) != 64:
            raise click.UsageError("--anchor takes ID:HASH, as printed by an earlier verify.")
        parsed = (int(event_id), anchor_hash.lower())
    report = verify_chain(anchor=parsed)
    if report.intact:
        click.echo(f"The audit trail is intact: {report.event_count} events.")
        if report.last_event_id:
            click.echo(f"Head: {report.last_event_id}:{report.last_hash}")
            click.echo("Keep the head somewhere else (a backup log) to check later with --anchor.")
        return
    problem = report.problem
    where = f"event {problem.event_id}" if problem.event_id else "the trail"
    click.echo(f"BROKEN at {where}: {problem.reason}.", err=True)
    click.echo(f"{report.event_count} events checked before it.", err=True)
    sys.exit(1)


@click.group("attention")
def attention_group():
    """The attention list on practitioners' Today pages."""


@attention_group.command("refresh")
@click.option("--quiet", is_flag=True, help="Print nothing (for cron, which mails any output).")
def attention_refresh_command(quiet: bool):
    """Work out every client's attention items again: a saved change does it for its client,
    and this catches what time alone changes beyond two weeks ahead (run it nightly)."""
    from practice.attention.operations import refresh_everyone

    with unit_of_work():
        count = refresh_everyone()
    if not quiet:
        click.echo(f"Worked out the attention items of {count} client{'' if count == 1 else 's'}.")


def register(app: Flask) -> None:
    for command in (create_user_command, seed_demo_command, seed_large_command, demo_logins_command,
                    reset_two_factor_command, export_command, import_command, send_mail_command,
                    send_reminders_command,
                    audit_group, backup_command, restore_command, attention_group):
        app.cli.add_command(command)
