"""The practice-wide starter library (inserted by a data migration; tests load it too).

Pure data: each item is written for the client who will read it at home, in numbered
steps and plain words. ``exercise_columns(item)`` gives the ``exercises`` row and
``item["focus_systems"]`` the ``exercise_focus_systems`` rows, so the migration and the
test loader insert exactly the same thing.
"""
from practice.core.extensions import db
from practice.precautions import kinds

STARTER_EXERCISES = [
    {
        "name": "Belly breathing (diaphragmatic breathing)",
        "summary": "Slow breaths low into the belly. Many people find it calming, and "
                   "lymph-care practice starts with the breath.",
        "focus_systems": ["lymphatic", "nervous_sleep"],
        "steps": [
            "Sit comfortably or lie on your back with your knees bent.",
            "Put one hand on your chest and the other on your belly, just below the ribs.",
            "Breathe in slowly through your nose for about 4 counts. Let your belly rise "
            "under your hand; the hand on your chest stays nearly still.",
            "Breathe out gently through your mouth or nose for about 6 counts. Let your "
            "belly fall.",
            "Keep going at an easy pace. If your mind wanders, bring it back to the hand on "
            "your belly.",
        ],
        "precautions": "Breathe gently and never force the breath or hold it. Stop and breathe "
                       "normally if you feel dizzy, light-headed or tingly.",
        "default_amount": 5, "default_unit": "minutes", "default_times": 2,
        "default_period": "day",
    },
    {
        "name": "Shoulder rolls and raises",
        "summary": "Slow, easy movement for a stiff neck and shoulders.",
        "focus_systems": ["musculoskeletal", "lymphatic"],
        "steps": [
            "Sit or stand tall with your arms loose by your sides.",
            "Roll both shoulders slowly up, back and down in a circle, 5 times.",
            "Roll them the other way, forwards, 5 times.",
            "Breathe in and lift both shoulders up towards your ears. Hold for a moment.",
            "Breathe out and let them drop down softly.",
            "Keep every movement slow and inside a range that feels comfortable.",
        ],
        "precautions": "Move only as far as is comfortable. After recent shoulder surgery or "
                       "injury, do only what your practitioner or surgeon has cleared. Stop "
                       "with dizziness, sharp pain, numbness or pins and needles down the arm.",
        "default_amount": 10, "default_unit": "repetitions", "default_times": 2,
        "default_period": "day",
    },
    {
        "name": "Neck and collarbone lymph self-massage",
        "summary": "Very light strokes down the neck towards the collarbone, the direction "
                   "lymph flows back to the veins at the base of the neck.",
        "focus_systems": ["lymphatic"],
        "steps": [
            "Sit comfortably. Wash and warm your hands.",
            "Rest your fingertips in the hollows just above your collarbones. Make 10 slow, "
            "soft circles, stretching the skin only a little.",
            "Place your flat fingers below your ears. Stroke slowly down the side of your "
            "neck to the collarbone, 10 times.",
            "Place your hands on the back of your neck. Stroke gently forward and down "
            "towards the collarbone, 10 times.",
            "Finish with 3 slow belly breaths.",
        ],
        "precautions": "Use the lightest touch: move the skin, do not press into the muscle. "
                       "Do not press on the pulse at the front of the neck. Skip any area that "
                       "is red, hot, swollen or infected, and do not do it during a fever, "
                       "with a blood clot, or with heart or kidney problems unless your doctor "
                       "agrees. Stop if you feel dizzy or have sharp pain. See your doctor "
                       "before going on if a lump or node is hard, does not move, is growing "
                       "or has lasted more than two weeks, or comes with fever, night sweats "
                       "or weight loss you cannot explain.",
        "default_amount": 5, "default_unit": "minutes", "default_times": 1,
        "default_period": "day",
    },
    {
        "name": "Whole-body shaking (bouncing from the knees)",
        "summary": "A gentle rhythmic bounce through the whole body: a traditional qigong "
                   "warm-up that many people find loosening.",
        "focus_systems": ["lymphatic", "circulatory"],
        "steps": [
            "Stand with your feet hip-width apart and your knees soft. Hold the back of a "
            "chair if you like.",
            "Let your arms hang loose.",
            "Bend and straighten your knees in a small, easy bounce. Your heels can stay on "
            "the floor.",
            "Let the bounce travel up: your hips, belly, shoulders and arms shake loosely.",
            "Breathe normally. After a minute or two, let the bounce get smaller and stop.",
            "Stand still for a few breaths and notice how your body feels.",
        ],
        "precautions": "Not during pregnancy. Keep your heels down if you have osteoporosis or "
                       "sore knees or feet. Hold on to a chair if your balance is unsteady. Stop "
                       "if you feel dizzy or have sharp pain.",
        "default_amount": 3, "default_unit": "minutes", "default_times": 1,
        "default_period": "day",
    },
    {
        "name": "Eight Brocades (Ba Duan Jin)",
        "summary": "The eight classic standing qigong movements, done slowly with the breath.",
        "focus_systems": ["musculoskeletal", "circulatory", "endocrine", "nervous_sleep"],
        "steps": [
            "Holding up the sky: lace your fingers, turn the palms up and lift your arms "
            "overhead as you breathe in; lower them as you breathe out.",
            "Drawing the bow: step wide, and draw one hand back as if pulling a bowstring "
            "while the other points away. Change sides.",
            "Separating heaven and earth: push one hand up and the other down, then change.",
            "Looking back: turn your head slowly to look over one shoulder, then the other.",
            "Swaying the head and tail: in a wide stance with bent knees, lean gently to one "
            "side and then the other.",
            "Touching the toes: slide your hands down the backs of your legs as far as is "
            "comfortable, then come up slowly.",
            "Punching with an angry gaze: in a wide stance, punch slowly forward with one "
            "fist, then the other.",
            "Bouncing on the toes: rise up onto your toes, then lower your heels gently.",
            "Do each movement 4 to 8 times, as your practitioner showed you. On a tired day, "
            "do them sitting down.",
        ],
        "precautions": "Move only in a range that feels comfortable. No arms overhead after "
                       "recent shoulder surgery unless cleared. With osteoporosis, avoid deep "
                       "forward bends and twisting. In pregnancy, skip the forward bend and the "
                       "heel drops. Stop with dizziness or sharp pain.",
        "default_amount": 15, "default_unit": "minutes", "default_times": 1,
        "default_period": "day",
    },
    {
        "name": "Kidney-area rubbing",
        "summary": "Warming the lower back with your palms. Qigong links this area with the "
                   "kidneys: a traditional idea, not a treatment for the kidneys.",
        "focus_systems": ["endocrine", "circulatory"],
        "steps": [
            "Rub your palms together briskly until they feel warm.",
            "Place them on your lower back, either side of the spine, just below the ribs.",
            "Rub up and down with gentle, even strokes for about a minute.",
            "Rest your warm hands there for a few breaths.",
            "Repeat once more.",
        ],
        "precautions": "Use gentle pressure. Do not rub over broken skin or a rash, and not "
                       "if your lower back or kidneys are sore from an infection or injury. "
                       "Stop with dizziness or sharp pain.",
        "default_amount": 2, "default_unit": "minutes", "default_times": 1,
        "default_period": "day",
    },
    {
        "name": "Patting along the limbs towards the trunk",
        "summary": "Light patting or tapping from the hands and feet towards the body, the "
                   "way lymph flows.",
        "focus_systems": ["lymphatic", "circulatory"],
        "steps": [
            "Sit or stand comfortably. Relax your hand and wrist.",
            "Pat lightly with a loose, cupped hand from the back of your other hand up the "
            "arm to the shoulder. Do this 3 times along the outside and 3 times along the "
            "inside of the arm.",
            "Change sides and do the other arm.",
            "Pat from the ankles up the legs to the hips, 3 times on each side.",
            "Always work towards the trunk, never away from it.",
            "Finish by placing your hands on your collarbones for 3 slow breaths.",
        ],
        "precautions": "Pat lightly; it should never hurt. On a limb with lymphoedema use "
                       "only the very light strokes your practitioner showed you. If you bruise "
                       "easily (for example on blood thinners), stroke instead of patting. Skip "
                       "varicose veins, bruises and sore or swollen spots. Stop with dizziness "
                       "or sharp pain. A calf that is hot, swollen and painful needs urgent "
                       "medical help the same day: do not pat or rub it.",
        "default_amount": 3, "default_unit": "minutes", "default_times": 1,
        "default_period": "day",
    },
    {
        "name": "Warmth on the back of the neck and shoulders",
        "summary": "A warm compress or a warm shower on the back of the neck and shoulders. "
                   "Many people find warmth eases tight muscles.",
        "focus_systems": ["lymphatic", "musculoskeletal", "nervous_sleep"],
        "steps": [
            "Use a warm (not hot) wheat bag, hot-water bottle wrapped in a towel, or a warm "
            "damp towel. Or let a warm shower run on the back of your neck.",
            "Check the warmth on the inside of your wrist first.",
            "Sit or lie comfortably with the warmth across the back of your neck and the top "
            "of your shoulders.",
            "Breathe slowly and let your shoulders drop.",
            "Remove it after about 10 minutes, or sooner if it feels too warm.",
        ],
        "precautions": "Warm, never hot: check the skin every few minutes. Do not fall asleep "
                       "with a heat pack. Do not use heat on numb skin, broken skin, a fresh "
                       "injury (first two days) or a swollen, red area. Take extra care with "
                       "diabetes or poor circulation. Stop if you feel faint or dizzy.",
        "default_amount": 10, "default_unit": "minutes", "default_times": 1,
        "default_period": "day",
    },
    {
        "name": "Gentle walking",
        "summary": "An easy walk at a pace you can talk at, a little most days.",
        "focus_systems": ["circulatory", "lymphatic", "nervous_sleep"],
        "steps": [
            "Choose a flat, easy route, indoors or out.",
            "Walk at a pace where you could still hold a conversation.",
            "Let your arms swing loosely and breathe into your belly.",
            "On a low-energy day, walk for less time rather than skipping it.",
            "Finish before you feel tired: you should feel better afterwards, not worse.",
        ],
        "precautions": "Pace yourself: do less on bad days so you avoid a crash the next day. "
                       "Stop and rest if you feel dizzy, short of breath, or have chest pain or "
                       "sharp pain. Call emergency services (999 or 112) if chest pain does not "
                       "settle with rest or you suddenly cannot get your breath; get urgent "
                       "help the same day for a calf that is hot, swollen and painful.",
        "default_amount": 15, "default_unit": "minutes", "default_times": 1,
        "default_period": "day",
    },
]


#: The precautions each starter item conflicts with, by name (sources in docs/precautions.md).
STARTER_CONFLICTS = {
    "Belly breathing (diaphragmatic breathing)": (),
    "Shoulder rolls and raises": kinds.SHOULDER_MOVEMENT,
    "Neck and collarbone lymph self-massage": kinds.LYMPH_DRAINAGE,
    "Whole-body shaking (bouncing from the knees)": kinds.BOUNCING,
    "Eight Brocades (Ba Duan Jin)": kinds.STANDING_FORMS,
    "Kidney-area rubbing": kinds.RUBBING,
    "Patting along the limbs towards the trunk": kinds.PATTING,
    "Warmth on the back of the neck and shoulders": kinds.HEAT,
    "Gentle walking": kinds.EXERTION,
}


def starter_conflicts(name: str) -> list[str]:
    """The stored tags of the starter item called ``name``."""
    return [kind.value for kind in kinds.parse_kinds(STARTER_CONFLICTS.get(name, ()))]


def instructions_text(steps: list[str]) -> str:
    """Steps stored one per line; the pages number them."""
    return "\n".join(steps)


def exercise_columns(item: dict) -> dict:
    """The ``exercises`` row for one starter item (practice-wide: no owner)."""
    return {
        "owner_id": None,
        "name": item["name"],
        "summary": item["summary"],
        "instructions": instructions_text(item["steps"]),
        "precautions": item["precautions"],
        "default_amount": item["default_amount"],
        "default_unit": item["default_unit"],
        "default_times": item["default_times"],
        "default_period": item["default_period"],
    }


def load_starter_exercises() -> None:
    """Insert the starter library through the models (tests and empty dev databases)."""
    from practice.core.focus import parse_focus_list
    from practice.exercises.models import DosePeriod, DoseUnit, Exercise

    for item in STARTER_EXERCISES:
        columns = exercise_columns(item)
        columns["default_unit"] = DoseUnit(columns["default_unit"])
        columns["default_period"] = DosePeriod(columns["default_period"])
        exercise = Exercise(**columns)
        exercise.focus_systems = parse_focus_list(item["focus_systems"])
        exercise.conflicts_with = starter_conflicts(item["name"])
        db.session.add(exercise)
