"""A large practice for measuring: years of a busy multi-practitioner practice, in bulk.

Rows are written with SQLAlchemy Core ``INSERT`` executemany in chunks of clients (no ORM
objects, one password hash for every account), with ids chosen here so the rows of a chunk
can point at each other without reading anything back. Every intake and session is signed
(inserts pass the signed-record guards of migration 0008, which refuse only changes). The
seeded rows carry no audit events: they were never viewed nor changed through the app, so
``flask audit verify`` holds on an empty chain. The notes index gets its documents with each
chunk, and the attention items are worked out at the end by the attention list's own batched
refresh.
"""
import enum
import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import JSON, Boolean, Date, Enum, TypeDecorator, func, select, text

from practice.appointments.models import Appointment
from practice.attention.operations import refresh_everyone
from practice.auth.models import Role, User
from practice.auth.passwords import hash_password
from practice.clients.models import Client
from practice.core.data_stamps import stamp_practice
from practice.core.database import UTCDateTime, now_utc
from practice.core.extensions import db
from practice.core.names import search_key
from practice.core.progressbar import progress
from practice.demo import DemoError, demo_accounts
from practice.demo.large_week import DAYS, SLOTS, book_coming_week
from practice.exercises.models import Assignment, Exercise, ExerciseLog
from practice.intakes.models import Intake
from practice.intakes.scoring import WPI_REGIONS
from practice.intakes.systems import normalize_review
from practice.notes_search.documents import Document, Kind
from practice.notes_search.index import write as write_notes
from practice.plans.models import Measure, PlanStatus, SessionPlan
from practice.precautions.kinds import Limb, PrecautionKind, Side
from practice.precautions.models import ClientPrecaution, PrecautionChecklist
from practice.progress.models import CheckIn, CheckInSource
from practice.treatments.models import TreatmentSession

DOMAIN = "large.qi-practice.org"
#: Clients written per round of inserts: a few thousand rows per statement batch.
CHUNK = 250
#: The tables this command fills; each must be empty before it starts.
FILLED = (User, Client, Intake, SessionPlan, TreatmentSession, CheckIn, Assignment, ExerciseLog,
          Appointment, ClientPrecaution, PrecautionChecklist)
#: Every this many clients one has a precaution on their checklist, in turn from these:
#: ``(kind, its fields)``.
PRECAUTION_EVERY = 25
PRECAUTIONS = [
    (PrecautionKind.BLOOD_THINNERS, {"details": "Warfarin (atrial fibrillation): gentle contact "
                                                "only, bruises easily."}),
    (PrecautionKind.OSTEOPOROSIS, {"details": "On alendronic acid since 2021. No twisting under "
                                              "load."}),
    (PrecautionKind.RECENT_SURGERY, {"site": "Right knee (arthroscopy)", "event_days_ago": 150,
                                     "details": "Cleared for gentle range of movement."}),
    (PrecautionKind.LYMPHOEDEMA, {"side": Side.LEFT, "limb": Limb.ARM,
                                  "details": "Compression sleeve by day; light strokes only on "
                                             "the left side."}),
    (PrecautionKind.REDUCED_SENSATION, {"site": "Both feet (diabetic neuropathy)",
                                        "details": "No heat on the feet; check the skin."}),
]
#: The most clients of one practitioner the coming week has room for (``large_week``).
WEEK_SLOTS = len(SLOTS) * DAYS

GIVEN = ["Ada", "Ben", "Chloe", "Dev", "Eun-ji", "Femi", "Greta", "Hugo", "Ines", "Jonas",
         "Kiri", "Lena", "Mateo", "Noor", "Olu", "Pia", "Quinn", "Rafael", "Sione", "Tara"]
FAMILY = ["Abbott", "Baptiste", "Castillo", "Dube", "Eriksen", "Fischer", "Gallo", "Haddad",
          "Ivanova", "Jensen", "Kaur", "Lambert", "Moreau", "Novak", "Okoro", "Petrov",
          "Quispe", "Rossi", "Sato", "Tanaka", "Umar", "Varga", "Walsh", "Yilmaz", "Zhou"]
COMPLAINTS = ["Widespread aching with poor sleep", "Neck and shoulder pain after desk work",
              "Fatigue and morning stiffness", "Low back pain with flare-ups"]
SUBJECTIVE = ["Slept better this week; pain eased after the last session.",
              "A flare after gardening; tired in the afternoons.",
              "Steady week, walking most days.", "Stiff mornings, better by midday."]
ASSESSMENT = ["Gradual improvement; keep the cadence.", "Setback after overdoing it; pace.",
              "Holding steady.", "Less guarding through the shoulders."]
STEPS = [("Settling breath", "whole body", 5), ("Neck release", "neck", 10),
         ("Shoulder opening", "shoulders", 10), ("Back warming", "back", 15)]


@dataclass(frozen=True)
class LargeSize:
    """How big the practice is; the defaults make about 1.5 million rows."""

    practitioners: int = 20
    clients: int = 10_000
    sessions_per_client: int = 20
    checkins_per_client: int = 100
    intakes_per_client: int = 3
    assignments_per_client: int = 4
    logs_per_assignment: int = 6
    #: Every this many clients one has a portal account (the first of each practitioner too).
    portal_every: int = 10
    #: Clients of each practitioner booked in the coming week (at most ``WEEK_SLOTS``).
    booked_per_practitioner: int = WEEK_SLOTS


class BulkWriter:
    """Rows written through the database driver's ``executemany``, values converted once per
    column as SQLAlchemy would store them (its per-row bind processing costs more than the
    writing itself at a million rows). Python-side column defaults are filled in here.

    Conversion goes column by column, and only for the types that need it; times and days
    repeat across clients (every client's check-in of a day has the same time), so each one
    is formatted once."""

    def __init__(self, connection):
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self.placeholder = "?" if connection.dialect.paramstyle == "qmark" else "%s"

    def _converter(self, column):
        """How a value of ``column`` is written, or ``None`` when it is written as it is."""
        kind = column.type
        if isinstance(kind, UTCDateTime):
            return _cached(_sqlite_datetime) if self.sqlite else None
        if isinstance(kind, Date):
            return _cached(date.isoformat) if self.sqlite else None
        if isinstance(kind, Boolean):
            return (lambda value: None if value is None else int(value)) if self.sqlite else None
        if isinstance(kind, JSON) or isinstance(getattr(kind, "impl_instance", None), JSON):
            return lambda value: None if value is None else json.dumps(
                [item.value if isinstance(item, enum.Enum) else item for item in value]
                if isinstance(value, list) else value)
        if isinstance(kind, Enum):
            return lambda value: value.value if isinstance(value, enum.Enum) else value
        if isinstance(kind, TypeDecorator):
            raise TypeError(f"no bulk conversion for {column} ({kind!r})")
        return None

    def insert(self, table, rows: list[dict]) -> None:
        given = list(rows[0])
        defaulted = [column for column in table.columns
                     if column.name not in rows[0] and column.default is not None]
        columns = [table.columns[name] for name in given] + defaulted
        values_by_column = [[row[name] for row in rows] for name in given]
        for column in defaulted:
            default = column.default
            values_by_column.append([default.arg(None) for _row in rows] if not default.is_scalar
                                    else [default.arg] * len(rows))
        for number, column in enumerate(columns):
            convert = self._converter(column)
            if convert is not None:
                values_by_column[number] = list(map(convert, values_by_column[number]))
        names = ", ".join(column.name for column in columns)
        marks = ", ".join([self.placeholder] * len(columns))
        self.connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) VALUES ({marks})",  # noqa: S608
            list(zip(*values_by_column, strict=True)))


def _sqlite_datetime(value: datetime) -> str:
    """As ``UTCDateTime`` stores it on SQLite: UTC, no offset, microseconds."""
    return f"{value.astimezone(UTC):%Y-%m-%d %H:%M:%S}.{value.microsecond:06d}"


def _cached(convert):
    """``convert`` remembering its answers (``None`` stays ``None``)."""
    known = {None: None}

    def cached(value):
        found = known.get(value, known)
        if found is known:
            found = known[value] = convert(value)
        return found
    return cached


class _Ids:
    """Ids handed out here, each table counting from 1 (its table is empty)."""

    def __init__(self):
        self.next = {}

    def take(self, table: str) -> int:
        return self.take_many(table, 1)

    def take_many(self, table: str, count: int) -> int:
        """``count`` ids in a row; returns the first."""
        value = self.next.get(table, 1)
        self.next[table] = value + count
        return value


def seed_large(size: LargeSize, password: str) -> list[tuple[str, str, str, str]]:
    """Fill an empty database with a large practice; return its accounts like ``seed_demo``."""
    if len(password) < 10:
        raise DemoError("The password needs at least 10 characters.")
    for model in FILLED:
        if db.session.scalar(select(func.count()).select_from(model)):
            raise DemoError(f"The {model.__tablename__} table is not empty; seed-large only "
                            "fills an empty database.")
    if size.practitioners < 1 or size.clients < 0:
        raise DemoError("A practice needs at least one practitioner.")
    exercises = db.session.execute(
        select(Exercise.id, Exercise.default_amount, Exercise.default_unit, Exercise.default_times,
               Exercise.default_period).where(Exercise.owner_id.is_(None))
        .order_by(Exercise.id)).all()
    if size.assignments_per_client and not exercises:
        raise DemoError("The starter exercise library is missing; run `flask db upgrade` first.")
    seeder = _Seeder(size, hash_password(password), exercises)
    seeder.accounts()
    with progress(total=size.clients, desc="Seeding large practice", unit="client") as bar:
        for start in range(0, size.clients, CHUNK):
            count = min(CHUNK, size.clients - start)
            seeder.clients(start, count)
            bar.update(count)
    seeder.follow_sequences()
    book_coming_week(seeder.to_book, now_utc())
    refresh_everyone()
    stamp_practice()  # pages keep what they show under the stamps, as after any change
    return demo_accounts()


class _Seeder:
    def __init__(self, size: LargeSize, password_hash: str, exercises):
        self.size = size
        self.password_hash = password_hash
        self.exercises = exercises
        self.ids = _Ids()
        self.rng = random.Random(2017)
        self.now = now_utc().replace(minute=0, second=0, microsecond=0)
        self.today = self.now.date()
        self.practitioner_ids: list[int] = []
        self._moments: dict[int, tuple[datetime, date]] = {}
        #: ``{practitioner id: [(client id, plan id)]}``: the clients booked for the week.
        self.to_book: dict[int, list[tuple[int, int]]] = {}
        self.connection = db.session.connection()
        self.writer = BulkWriter(self.connection)

    def _insert(self, model, rows: list[dict]) -> None:
        if rows:
            self.writer.insert(model.__table__, rows)

    def _user(self, email: str, name: str, role: Role) -> dict:
        return {"id": self.ids.take("users"), "email": email, "display_name": name, "role": role,
                "password_hash": self.password_hash, "password_changed_at": self.now,
                "created_at": self.now - timedelta(days=900)}

    def accounts(self) -> None:
        rows = [self._user(f"admin@{DOMAIN}", "Practice Admin", Role.ADMIN)]
        for number in range(1, self.size.practitioners + 1):
            row = self._user(f"practitioner{number}@{DOMAIN}", f"Practitioner {number}",
                             Role.PRACTITIONER)
            self.practitioner_ids.append(row["id"])
            rows.append(row)
        self._insert(User, rows)

    def _at(self, days_ago: int, hour: int = 10) -> datetime:
        return (self.now - timedelta(days=days_ago)).replace(hour=hour)

    def _has_portal(self, number: int) -> bool:
        return number < self.size.practitioners or number % self.size.portal_every == 0

    def clients(self, start: int, count: int) -> None:
        """Clients ``start`` to ``start + count`` and all their records."""
        users, clients, intakes, plans, sessions, check_ins, assignments, logs = ([] for _ in range(8))
        precautions, checklists = [], []
        documents = []
        for number in range(start, start + count):
            practitioner_id = self.practitioner_ids[number % len(self.practitioner_ids)]
            client_id = self.ids.take("clients")
            given, family = GIVEN[number % len(GIVEN)], FAMILY[(number // len(GIVEN)) % len(FAMILY)]
            family = f"{family}-{number}"
            email = f"client{number}@{DOMAIN}"
            portal_user_id = None
            if self._has_portal(number):
                user = self._user(email, f"{given} {family}", Role.CLIENT)
                users.append(user)
                portal_user_id = user["id"]
            clients.append({
                "id": client_id, "practitioner_id": practitioner_id,
                "portal_user_id": portal_user_id, "given_name": given, "family_name": family,
                "search_name": search_key(given, family, email),
                "date_of_birth": date(1950 + number % 50, 1 + number % 12, 1 + number % 28),
                "email": email, "phone": f"+44 113 496 {number % 10000:04d}",
                "created_at": self._at(800), "updated_at": self._at(800),
                "last_activity_at": self._at(1, hour=9)})
            client_intakes = self._intakes(client_id, practitioner_id, documents)
            intakes += client_intakes
            plan = self._plan(client_id, practitioner_id)
            plans.append(plan)
            to_book = self.to_book.setdefault(practitioner_id, [])
            if len(to_book) < min(self.size.booked_per_practitioner, WEEK_SLOTS):
                to_book.append((client_id, plan["id"]))
            sessions += self._sessions(client_id, practitioner_id, plan, documents)
            check_ins += self._check_ins(client_id, practitioner_id, portal_user_id)
            if number % PRECAUTION_EVERY == 0:
                precautions.append(self._precaution(client_id, practitioner_id, number))
                checklists.append(self._checklist(client_id, practitioner_id,
                                                  client_intakes[-1] if client_intakes else None))
            client_assignments = self._assignments(client_id, practitioner_id)
            assignments += client_assignments
            logs += self._logs(client_assignments)
        self._insert(User, users)
        self._insert(Client, clients)
        for model, rows in ((Intake, intakes), (SessionPlan, plans), (TreatmentSession, sessions),
                            (CheckIn, check_ins), (Assignment, assignments),
                            (ExerciseLog, logs), (ClientPrecaution, precautions),
                            (PrecautionChecklist, checklists)):
            self._insert(model, rows)
        write_notes(self.connection, documents, [])

    def _intakes(self, client_id: int, practitioner_id: int, documents: list) -> list[dict]:
        rows = []
        count = self.size.intakes_per_client
        for number in range(count):
            days_ago = 700 - number * (690 // max(count, 1))
            complaint = COMPLAINTS[(client_id + number) % len(COMPLAINTS)]
            regions = [region.key for region in self.rng.sample(WPI_REGIONS, 5)]
            row = {
                "id": self.ids.take("intakes"), "client_id": client_id,
                "author_id": practitioner_id, "assessed_on": self._at(days_ago).date(),
                "condition_type_name": "Fibromyalgia", "chief_complaint": complaint,
                "symptoms_3_months": True, "painful_regions": regions,
                "pain_overall": self.rng.randint(3, 8), "pain_neck_shoulders": self.rng.randint(2, 8),
                "fatigue": self.rng.randint(0, 3), "waking_unrefreshed": self.rng.randint(0, 3),
                "cognitive_symptoms": self.rng.randint(0, 3), "headaches": self.rng.randint(0, 1),
                "lower_abdominal_pain": self.rng.randint(0, 1), "depression": self.rng.randint(0, 1),
                "systems_review": normalize_review({}),
                "created_at": self._at(days_ago), "updated_at": self._at(days_ago),
                "signed_at": self._at(days_ago, hour=17), "signed_by_id": practitioner_id}
            rows.append(row)
            documents.append(Document(Kind.INTAKE, row["id"], row["id"], client_id,
                                      row["assessed_on"], f"Fibromyalgia\n{complaint}"))
        return rows

    def _precaution(self, client_id: int, practitioner_id: int, number: int) -> dict:
        """One item of the client's checklist, noted at their first intake (before their
        plan and home program)."""
        kind, values = PRECAUTIONS[(number // PRECAUTION_EVERY) % len(PRECAUTIONS)]
        row = {"id": self.ids.take("client_precautions"), "client_id": client_id, "kind": kind,
               "noted_on": self._at(700).date(), "details": None, "site": None,
               "event_on": None, "side": None, "limb": None, "recorded_by_id": practitioner_id,
               "created_at": self._at(700), "updated_at": self._at(700)}
        for name, value in values.items():
            if name == "event_days_ago":
                row["event_on"] = self._at(value).date()
            else:
                row[name] = value
        return row

    def _checklist(self, client_id: int, practitioner_id: int, intake: dict | None) -> dict:
        """Gone through with the client at their latest signed intake."""
        return {"id": self.ids.take("precaution_checklists"), "client_id": client_id,
                "reviewed_at": intake["signed_at"] if intake else None,
                "reviewed_by_id": practitioner_id if intake else None,
                "created_at": self._at(700), "updated_at": self._at(700)}

    def _plan(self, client_id: int, practitioner_id: int) -> dict:
        return {"id": self.ids.take("session_plans"), "client_id": client_id,
                "created_by_id": practitioner_id, "name": "Gentle regulation",
                "measures": [Measure.PAIN, Measure.NECK_SHOULDER_PAIN, Measure.SLEEP],
                "focus_systems": [], "sessions_per_week": 1, "weeks": 12,
                "status": PlanStatus.ACTIVE, "start_date": self._at(60).date(),
                "created_at": self._at(60), "updated_at": self._at(60)}

    def _sessions(self, client_id: int, practitioner_id: int, plan: dict, documents: list
                  ) -> list[dict]:
        rows = []
        count = self.size.sessions_per_client
        spacing = max(1, 720 // max(count, 1))
        for number in range(count):
            days_ago = 3 + (count - 1 - number) * spacing
            started = self._at(days_ago)
            steps = [{"technique": technique, "body_region": region, "minutes": minutes,
                      "performed": True, "note": None} for technique, region, minutes in STEPS]
            before = self.rng.randint(3, 8)
            subjective = SUBJECTIVE[(client_id + number) % len(SUBJECTIVE)]
            assessment = ASSESSMENT[(client_id + number) % len(ASSESSMENT)]
            row = {
                "id": self.ids.take("treatment_sessions"), "client_id": client_id,
                "practitioner_id": practitioner_id,
                "plan_id": plan["id"] if days_ago <= 60 else None,
                "plan_name": plan["name"] if days_ago <= 60 else None,
                "started_at": started, "duration_minutes": 50, "steps": steps,
                "pain_before": before, "pain_after": max(0, before - self.rng.randint(0, 3)),
                "neck_shoulder_pain_before": before, "neck_shoulder_pain_after": max(0, before - 1),
                "subjective": subjective, "assessment": assessment,
                "created_at": started, "updated_at": started,
                "signed_at": started + timedelta(hours=1), "signed_by_id": practitioner_id}
            rows.append(row)
            documents.append(Document(Kind.SESSION, row["id"], row["id"], client_id,
                                      started.date(), f"{subjective}\n{assessment}"))
        return rows

    def _check_ins(self, client_id: int, practitioner_id: int, portal_user_id: int | None
                   ) -> list[dict]:
        """A pain level that wanders a step at a time, the other ratings drawn at random (all
        of a client's draws at once: a million one at a time cost seconds)."""
        source = CheckInSource.CLIENT if portal_user_id else CheckInSource.PRACTITIONER
        recorded_by = portal_user_id or practitioner_id
        count = self.size.checkins_per_client
        steps = self.rng.choices((-1, 0, 0, 1), k=count)
        fatigue = self.rng.choices(range(2, 9), k=count)
        sleep = self.rng.choices(range(2, 9), k=count)
        fog = self.rng.choices(range(1, 8), k=count)
        first_id = self.ids.take_many("check_ins", count)
        rows = []
        level = self.rng.randint(3, 7)
        for number, days_ago in enumerate(range(count, 0, -1)):
            level = min(10, max(0, level + steps[number]))
            moment, day = self._check_in_moment(days_ago)
            rows.append({"id": first_id + number, "client_id": client_id, "checked_on": day,
                         "pain": level, "neck_shoulder_pain": level, "fatigue": fatigue[number],
                         "sleep_problems": sleep[number], "fog": fog[number], "source": source,
                         "recorded_by_id": recorded_by, "created_at": moment,
                         "updated_at": moment})
        return rows

    def _check_in_moment(self, days_ago: int) -> tuple[datetime, date]:
        """The time and day of the check-ins ``days_ago`` (the same for every client)."""
        found = self._moments.get(days_ago)
        if found is None:
            moment = self._at(days_ago, hour=8)
            found = self._moments[days_ago] = (moment, moment.date())
        return found

    def _assignments(self, client_id: int, practitioner_id: int) -> list[dict]:
        rows = []
        for number in range(self.size.assignments_per_client):
            exercise = self.exercises[(client_id + number) % len(self.exercises)]
            rows.append({"id": self.ids.take("assignments"), "client_id": client_id,
                         "exercise_id": exercise.id, "prescribed_by_id": practitioner_id,
                         "amount": exercise.default_amount, "unit": exercise.default_unit,
                         "times": exercise.default_times, "period": exercise.default_period,
                         "starts_on": self._at(60).date(), "created_at": self._at(60),
                         "updated_at": self._at(60)})
        return rows

    def _logs(self, assignments: list[dict]) -> list[dict]:
        rows = []
        for assignment in assignments:
            for days_ago in range(self.size.logs_per_assignment, 0, -1):
                log_id = self.ids.take("exercise_logs")
                moment = self._at(days_ago, hour=18)
                rows.append({"id": log_id, "assignment_id": assignment["id"],
                             "client_id": assignment["client_id"], "logged_on": moment.date(),
                             "slot": 1, "logged_at": moment, "effort": self.rng.randint(3, 7),
                             "form_token": f"seed-large-{log_id}"})
        return rows

    def follow_sequences(self) -> None:
        """On PostgreSQL, move each table's id sequence past the ids chosen here."""
        if self.connection.dialect.name != "postgresql":
            return
        for model in FILLED:
            table = model.__tablename__
            self.connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"))
