"""Demo client details and intakes: a first intake about 110 days ago and re-assessments since.

Most clients improve; Graham gets worse over the winter; Margaret's latest intake is still a
draft. Notes are written the way a practitioner writes them. Deterministic: no randomness.
"""
from practice.core.extensions import db
from practice.intakes.models import ConditionType, Intake, IntakeAddendum
from practice.intakes.systems import normalize_review

TYPE_1 = "Type 1 - Immune hypersensitivity"
NOT_TYPED = "Not typed"

#: Record details the accounts seeder leaves empty, by the client's given name.
DETAILS = {
    "Hannah": {"address": "14 Mill Lane\nHeadingley\nLeeds LS6 3AB",
               "notes": "Prefers morning appointments; finds the stairs hard on bad days."},
    "Graham": {"address": "3 Chapel Row\nOtley LS21 1HE",
               "notes": "Retired joiner. Comes with his wife Susan, who drives."},
    "Priya": {"address": "Flat 2, 40 Cardigan Road\nLeeds LS6 1LF",
              "notes": "Her midwife knows she is coming here."},
    "Rosa": {"address": "27 Elm Grove\nDidsbury\nManchester M20 6PL",
             "notes": "Works part-time as a school administrator; sessions after 3 pm."},
    "Sam": {"address": "9 Canal Wharf\nManchester M1 5DR",
            "notes": "Referred by their physiotherapist after the shoulder repair."},
    "Margaret": {"address": "The Laurels, 2 Station Road\nBramhall SK7 1AA",
                 "notes": "Hard of hearing on the left: sit on her right."},
}

# Severity items in the scoring order: fatigue, waking unrefreshed, cognitive symptoms,
# headaches, lower abdominal pain, depression.
SSS_ITEMS = ("fatigue", "waking_unrefreshed", "cognitive_symptoms", "headaches",
             "lower_abdominal_pain", "depression")

INTAKES = {
    "Hannah": [
        {"days_ago": 110, "type": TYPE_1, "pain": (7, 8), "sss": (3, 3, 2, 1, 0, 0),
         "regions": "neck upper_back lower_back shoulder_girdle_left shoulder_girdle_right "
                    "upper_arm_left upper_arm_right lower_arm_left jaw_left hip_right upper_leg_right",
         "complaint": "Aching, heavy neck and shoulders, worse on the left; exhausted by midday.",
         "history": "Widespread pain for about four years, worse since the lymph node surgery in "
                    "2019. Diagnosed with fibromyalgia by her GP in 2021.",
         "medications": "Amitriptyline 10 mg at night. Compression sleeve, left arm.",
         "goals": "Get through a working day without lying down; lift her grandson.",
         "review": {"lymphatic": (["swollen_nodes", "heaviness", "swelling"],
                                  "Nodes under the left jaw tender. Left arm puffy by evening, "
                                  "sleeve helps."),
                    "sleep": (["night_waking", "pain_waking"], "Wakes 3-4 times, stiff neck."),
                    "cognitive": (["word_finding", "concentration"], "Loses words mid-sentence."),
                    "fatigue": (["post_exertional"], "Two days in bed after a busy weekend.")},
         "notes": "Very guarded through the shoulders. Started diaphragmatic breathing and "
                  "collarbone lymph strokes (right side only for now)."},
        {"days_ago": 60, "pain": (6, 6), "sss": (2, 2, 2, 1, 0, 0),
         "regions": "neck upper_back shoulder_girdle_left shoulder_girdle_right upper_arm_left "
                    "lower_back hip_right jaw_left",
         "complaint": "Neck and shoulders still heavy but easing; tired afternoons.",
         "review": {"lymphatic": (["swollen_nodes", "heaviness"], "Nodes less tender."),
                    "sleep": (["night_waking"], "Down to one or two wakings.")},
         "notes": "Doing the breathing most mornings. Warm shower on the neck helps."},
        {"days_ago": 20, "pain": (4, 4), "sss": (2, 1, 1, 1, 0, 0),
         "regions": "neck upper_back shoulder_girdle_left shoulder_girdle_right lower_back upper_arm_left",
         "complaint": "Neck stiffness in the mornings; manages a full day most days.",
         "review": {"lymphatic": (["heaviness"], "Arm heaviness only after carrying shopping."),
                    "fatigue": (["daytime_rest"], "A short rest after lunch, then fine.")},
         "notes": "Much freer through the upper back. Shaking practice added, five minutes."},
    ],
    "Graham": [
        {"days_ago": 112, "type": TYPE_1, "pain": (5, 6), "sss": (2, 2, 1, 1, 0, 0),
         "regions": "neck shoulder_girdle_right upper_back lower_back hip_left hip_right upper_leg_left",
         "complaint": "Neck and right shoulder ache, lower back stiff in the mornings.",
         "history": "Pain since a fall from a ladder in 2016; spread over the last three years.",
         "medications": "Warfarin (AF). Paracetamol as needed.",
         "goals": "Keep walking the dog twice a day; sleep better.",
         "review": {"sleep": (["falling_asleep"], "Lies awake with racing thoughts."),
                    "endocrine": (["temperature"], "Always cold in the hands and feet."),
                    "digestive": (["bowel_changes"], "Sluggish, worse with codeine last year.")},
         "notes": "Gentle contact only (warfarin). Likes the Ba Duan Jin, standing."},
        {"days_ago": 18, "pain": (7, 8), "sss": (3, 3, 2, 1, 0, 1),
         "regions": "neck shoulder_girdle_right shoulder_girdle_left upper_arm_right upper_back "
                    "lower_back hip_left hip_right upper_leg_left upper_leg_right",
         "complaint": "Worse since the cold spell: neck locked, both shoulders, low mood.",
         "medications": "Warfarin (AF). Paracetamol four times a day. Started sertraline 50 mg.",
         "review": {"sleep": (["falling_asleep", "night_waking", "pain_waking"],
                              "Up most nights since his brother's death."),
                    "cognitive": (["memory"], "Forgetting appointments."),
                    "fatigue": (["post_exertional", "daytime_rest"], "Stopped the second dog walk.")},
         "notes": "A hard two months. Kept the session short and warm; seated forms only. "
                  "Suggested he talks to his GP about the low mood - he has."},
    ],
    "Priya": [
        {"days_ago": 108, "type": TYPE_1, "pain": (6, 7), "sss": (3, 2, 1, 1, 1, 0),
         "regions": "neck upper_back shoulder_girdle_left shoulder_girdle_right upper_arm_left "
                    "upper_arm_right lower_back hip_left",
         "complaint": "Shoulders and neck burning by the end of the day; very tired.",
         "history": "Fibromyalgia diagnosed 2020. Flared in early pregnancy (10 weeks "
                    "pregnant at this intake).",
         "medications": "Stopped pregabalin before conceiving. Folic acid.",
         "goals": "Stay active through the pregnancy without the flares.",
         "review": {"endocrine": (["sleep", "temperature"], "Hot at night, early waking."),
                    "lymphatic": (["swelling"], "Ankles swell by evening."),
                    "digestive": (["food_sensitivity"], "Nausea most mornings.")},
         "notes": "No bouncing, no abdominal work. Breathing and seated shoulder rolls."},
        {"days_ago": 22, "pain": (4, 4), "sss": (2, 1, 1, 1, 0, 0),
         "regions": "neck shoulder_girdle_left shoulder_girdle_right upper_back lower_back",
         "complaint": "Lower back aches; neck and shoulders much calmer.",
         "review": {"lymphatic": (["swelling"], "Ankles still puffy; feet up helps."),
                    "sleep": (["night_waking"], "Up to the loo, back to sleep quickly.")},
         "notes": "Doing the shoulder rolls at work. Warm compress on the neck at night."},
    ],
    "Rosa": [
        {"days_ago": 115, "type": TYPE_1, "pain": (8, 9), "sss": (3, 3, 2, 1, 1, 0),
         "regions": "neck upper_back lower_back shoulder_girdle_left shoulder_girdle_right "
                    "upper_arm_left upper_arm_right lower_arm_right jaw_left jaw_right "
                    "hip_left upper_leg_left upper_leg_right",
         "complaint": "Neck and shoulders feel like a vice; jaw clenching; tired all day.",
         "history": "Symptoms for about six years after glandular fever. Fibromyalgia "
                    "diagnosis 2022.",
         "medications": "Duloxetine 30 mg. Ibuprofen gel.",
         "goals": "Fewer headaches; energy for her evening choir.",
         "review": {"lymphatic": (["swollen_nodes", "heaviness"],
                                  "Nodes in the neck up and down with each cold."),
                    "endocrine": (["menstrual", "glucose"], "Worse the week before her period; "
                                  "shaky if she skips lunch."),
                    "cognitive": (["concentration", "memory"], "Lists everywhere.")},
         "notes": "Very tight scalenes and upper trapezius. Started the lymph self-massage."},
        {"days_ago": 19, "pain": (5, 5), "sss": (2, 2, 1, 1, 1, 0),
         "regions": "neck upper_back shoulder_girdle_left shoulder_girdle_right jaw_left "
                    "lower_back upper_arm_left hip_left upper_leg_left",
         "complaint": "Neck tension in the evenings; headaches down to one a week.",
         "medications": "Duloxetine 60 mg. Ibuprofen gel as needed.",
         "review": {"lymphatic": (["heaviness"], "Arms heavy only after long days at the desk."),
                    "endocrine": (["menstrual"], "Pre-period flare still there but shorter.")},
         "notes": "Back at choir. Breathing before bed most nights."},
    ],
    "Sam": [
        {"days_ago": 105, "type": NOT_TYPED, "pain": (6, 7), "sss": (2, 3, 2, 0, 0, 1),
         "regions": "neck shoulder_girdle_right upper_arm_right upper_back lower_back hip_right",
         "complaint": "Right shoulder and neck pain after the repair; sleep poor.",
         "history": "Rotator cuff repair (right) eight weeks ago; widespread aches for two "
                    "years before that.",
         "medications": "Naproxen 500 mg twice daily. Omeprazole.",
         "goals": "Sleep on their right side again; back to cycling.",
         "review": {"sleep": (["falling_asleep", "pain_waking"], "Sleeps propped up."),
                    "fatigue": (["daytime_rest"], "Naps most afternoons.")},
         "notes": "No overhead movement on the right. Left-side work and breathing only."},
        {"days_ago": 21, "pain": (3, 4), "sss": (1, 2, 1, 0, 0, 1),
         "regions": "neck shoulder_girdle_right upper_back lower_back",
         "complaint": "Shoulder stiff at the end of range; neck much easier.",
         "review": {"sleep": (["night_waking"], "Sleeping flat again.")},
         "notes": "Physio has cleared gentle overhead work; started the Eight Brocades."},
    ],
    "Margaret": [
        {"days_ago": 111, "type": NOT_TYPED, "pain": (7, 6), "sss": (2, 2, 2, 1, 1, 0),
         "regions": "neck upper_back lower_back shoulder_girdle_left hip_left hip_right "
                    "upper_leg_left upper_leg_right lower_leg_left",
         "complaint": "Hips and lower back ache, neck stiff; poor sleep.",
         "history": "Widespread pain since her husband's illness in 2018. Osteoporosis 2021.",
         "medications": "Alendronic acid weekly. Calcium and vitamin D. Co-codamol as needed.",
         "goals": "Walk to the village shop and back without stopping.",
         "review": {"digestive": (["bloating", "bowel_changes"], "Constipated on co-codamol."),
                    "sleep": (["night_waking", "pain_waking"], "Hips wake her at 4 am.")},
         "notes": "No twisting under load. Seated and supported standing work."},
        {"days_ago": 17, "pain": (6, 5), "sss": (2, 2, 1, 1, 1, 0),
         "regions": "neck upper_back lower_back hip_left hip_right upper_leg_left upper_leg_right "
                    "lower_leg_left",
         "complaint": "Hips a little better; walks to the shop with one rest.",
         "review": {"sleep": (["night_waking"], "Waking once, back to sleep.")},
         "notes": "To finish after her GP review next week.", "draft": True},
    ],
}

ADDENDA = {("Rosa", 0): "Correction: her duloxetine dose was already 60 mg at this intake, not "
                        "30 mg. Checked against her repeat prescription at the next visit."}


def _condition_types() -> dict[str, int]:
    return dict(db.session.execute(db.select(ConditionType.name, ConditionType.id)).all())


def _intake(client, data: dict, previous: dict, types: dict[str, int], context) -> Intake:
    """One intake; fields a re-assessment does not restate carry over from ``previous``."""
    merged = {**previous, **data}
    assessed = context.days_ago(merged["days_ago"], hour=10)
    intake = Intake(
        client=client, author=client.practitioner, assessed_on=assessed.date(),
        condition_type_id=types.get(merged["type"]),
        chief_complaint=merged["complaint"], complaint_history=merged.get("history"),
        symptoms_3_months=True, medications=merged.get("medications"), goals=merged.get("goals"),
        notes=data.get("notes"), painful_regions=data["regions"].split(),
        pain_overall=data["pain"][0], pain_neck_shoulders=data["pain"][1],
        systems_review=normalize_review({key: {"findings": findings, "note": note}
                                         for key, (findings, note) in data["review"].items()}),
        created_at=assessed, updated_at=assessed,
        **dict(zip(SSS_ITEMS, data["sss"], strict=True)),
    )
    db.session.add(intake)
    if not data.get("draft"):
        intake.sign(client.practitioner)
        intake.signed_at = context.days_ago(merged["days_ago"], hour=17)
    return intake


def seed_clients(context) -> None:
    """Details and intakes for every demo client; the client list sorts by the latest one."""
    types = _condition_types()
    for client in context.clients:
        for field, value in DETAILS.get(client.given_name, {}).items():
            setattr(client, field, value)
        previous: dict = {}
        for number, data in enumerate(INTAKES.get(client.given_name, [])):
            intake = _intake(client, data, previous, types, context)
            body = ADDENDA.get((client.given_name, number))
            if body:
                db.session.add(IntakeAddendum(intake=intake, author=client.practitioner, body=body,
                                              created_at=context.days_ago(data["days_ago"] - 30)))
            client.last_activity_at = context.days_ago(data["days_ago"], hour=17)
            previous = {**previous, **data}
