"""The practice-wide starter plan templates (inserted by a data migration).

Plain data so the migration can use it without the models: each template has a name,
description, focus systems (``FocusSystem`` values), goals, the measures a plan from it watches
(``Measure`` values) and ordered steps (technique, body region, minutes, instructions).
Practitioners cannot edit these; they duplicate one to adapt it.
"""
from practice.core.extensions import db
from practice.precautions import kinds

STARTER_TEMPLATES = [
    {
        "name": "Lymph flow - neck and shoulders",
        "description": "Light lymph-care strokes across the back of the neck and shoulders "
                       "toward the collarbone, the direction lymph flows back to the veins. For "
                       "neck and shoulder pain with tender nodes and fatigue: what the "
                       "practitioner's classification calls the immune hypersensitivity type "
                       "(a qigong profile, not a medical diagnosis). Red flags first: a node "
                       "that is hard, fixed, growing or has lasted over two weeks, or comes "
                       "with fever, night sweats or weight loss, is for a doctor to see before "
                       "any work near it.",
        "focus_systems": ["lymphatic", "musculoskeletal"],
        "measures": ["pain", "neck_shoulder_pain", "fatigue"],
        "goals": "Ease neck and shoulder pain and stiffness. Less fullness and tenderness around "
                 "the neck and collarbone. The client keeps up the home practice: belly "
                 "breathing, shoulder rolls and warmth on the back of the neck.",
        "steps": [
            {"technique": "Settling with diaphragmatic breathing", "body_region": "Abdomen and diaphragm",
             "minutes": 5,
             "instructions": "Client lying or seated comfortably. Guide slow belly breathing: the belly "
                             "rises on the in-breath and softens on the out-breath, about six breaths "
                             "a minute. Lymph-care practice starts with the breath, before any "
                             "hands-on work."},
            {"technique": "Warm compress on the back of the neck",
             "body_region": "Back of the neck and tops of the shoulders", "minutes": 5,
             "instructions": "A warm (not hot) compress across the back of the neck and the tops of "
                             "the shoulders, where the lymph crosses on its way to the collarbone. "
                             "Check the skin after a minute; no heat on inflamed or broken skin."},
            {"technique": "Clearing above the collarbone", "body_region": "Hollows above the collarbone",
             "minutes": 3,
             "instructions": "Very light, skin-stretching strokes in the hollows just above the "
                             "collarbone, down and in toward the midline, ten slow strokes each side. "
                             "Lymph-care practice works this area first, before the neck."},
            {"technique": "Lymph drainage strokes toward the collarbone",
             "body_region": "Sides and front of the neck", "minutes": 7,
             "instructions": "Feather-light strokes from below the ears and jaw down the sides of the "
                             "neck toward the collarbone, about one stroke every two seconds. Stretch "
                             "the skin, do not press into the muscle (lymph-care teaching holds that "
                             "firm pressure works against the fine vessels near the skin). Go around "
                             "tender nodes, not over them. Stop and refer to a doctor for a node "
                             "that is hard, fixed, growing or has lasted over two weeks, or with "
                             "fever, night sweats or weight loss."},
            {"technique": "Back of the neck and shoulders toward the collarbone",
             "body_region": "Back of the neck and shoulders", "minutes": 7,
             "instructions": "Light strokes from the base of the skull across the tops of the "
                             "shoulders and forward to the collarbone, following the path the lymph "
                             "takes. Slow and even; ease off wherever the client tenses."},
            {"technique": "Shoulder rolls and raises with the breath", "body_region": "Shoulders",
             "minutes": 5,
             "instructions": "Seated or standing: slow shoulder rolls backward, lifting on the "
                             "in-breath and dropping on the out-breath, eight to ten rolls; then "
                             "raise both shoulders to the ears and let them fall. Stop with sharp "
                             "pain or dizziness."},
            {"technique": "Closing breaths and home practice", "body_region": "Whole body",
             "minutes": 3,
             "instructions": "Back to a few belly breaths. Ask about lightness, warmth or tingling in "
                             "the neck and shoulders. Go over the home practice: belly breathing, "
                             "shoulder rolls, a warm shower on the back of the neck."},
        ],
    },
    {
        "name": "Endocrine balancing",
        "description": "A calm, slow session built on the long out-breath and warming of the "
                       "kidney area, for clients with fatigue, unrefreshing sleep and cycle-related "
                       "changes. 'Endocrine' and 'kidney' here are the practitioner's qigong terms, "
                       "not medical findings: the session does not treat hormones or kidneys.",
        "focus_systems": ["endocrine", "nervous_sleep"],
        "measures": ["fatigue", "sleep"],
        "goals": "Deeper, more refreshing sleep. Steadier energy through the day with a smaller "
                 "afternoon crash. The client uses the long out-breath and kidney rubbing on "
                 "their own in the evening.",
        "steps": [
            {"technique": "Diaphragmatic breathing with a long out-breath", "body_region": "Abdomen",
             "minutes": 5,
             "instructions": "Belly breathing with the out-breath longer than the in-breath: in for "
                             "four, out for six. Many clients find the long out-breath settling "
                             "before the work starts."},
            {"technique": "Kidney-area warming and rubbing", "body_region": "Lower back (kidney area)",
             "minutes": 6,
             "instructions": "Rub the palms together until warm, rest them over the kidney area, "
                             "then slow circles on both sides of the lower back. Gentle, and check "
                             "comfort. Teach the client to do it seated at home."},
            {"technique": "Abdominal circles around the navel", "body_region": "Abdomen", "minutes": 5,
             "instructions": "Slow, light clockwise circles around the navel, following the direction "
                             "of the gut. Leave out in pregnancy or with abdominal pain."},
            {"technique": "Resting hands over the breastbone and throat",
             "body_region": "Chest and throat", "minutes": 5,
             "instructions": "One hand resting lightly over the breastbone, the other just below the "
                             "throat, no pressure, for a few quiet breaths each. Calming and warm, "
                             "never stimulating."},
            {"technique": "Patting along the limbs toward the trunk", "body_region": "Arms and legs",
             "minutes": 5,
             "instructions": "Light, rhythmic patting from the hands up the arms and from the feet up "
                             "the legs, always toward the trunk. Lighter over tender points."},
            {"technique": "Eight Brocades: selected forms", "body_region": "Whole body", "minutes": 8,
             "instructions": "Two or three forms, slowly and with the breath: 'Two hands hold up the "
                             "heavens' and 'Two hands hold the feet' (traditionally named for the "
                             "kidneys; only as far as the forward bend is comfortable; leave it out "
                             "with osteoporosis, dizziness or in pregnancy)."},
            {"technique": "Rest and review", "body_region": "Whole body", "minutes": 3,
             "instructions": "Rest lying or seated with natural breathing. Note energy and calm. "
                             "Agree the evening routine for home: long out-breaths and kidney "
                             "rubbing before bed."},
        ],
    },
    {
        "name": "Sleep and nervous system settling",
        "description": "A quiet, slow session for clients who wake unrefreshed, sleep lightly or "
                       "feel wired and tired; many find it settling.",
        "focus_systems": ["nervous_sleep"],
        "measures": ["sleep", "fatigue", "fog"],
        "goals": "Falling asleep more easily and waking less at night. The client has a short "
                 "bedtime routine they actually use.",
        "steps": [
            {"technique": "Breathing body scan", "body_region": "Whole body", "minutes": 6,
             "instructions": "Lying down. Slow belly breathing while attention moves from the feet "
                             "to the head, letting each area soften on the out-breath."},
            {"technique": "Warm compress on the back of the neck",
             "body_region": "Back of the neck and shoulders", "minutes": 5,
             "instructions": "A warm compress across the back of the neck and shoulders while the "
                             "breathing continues. Check the skin; no heat on inflamed skin."},
            {"technique": "Holding the head and the base of the skull", "body_region": "Head and neck",
             "minutes": 6,
             "instructions": "Hands cradling the back of the head, fingertips resting at the base of "
                             "the skull, no pressure. Stay still and quiet."},
            {"technique": "Patting the legs and holding the feet", "body_region": "Legs and feet",
             "minutes": 5,
             "instructions": "Light patting from the feet up the legs toward the trunk, then a warm, "
                             "still hold of both feet to draw attention down and away from the head."},
            {"technique": "Counting breaths down", "body_region": "Abdomen", "minutes": 4,
             "instructions": "Count ten slow breaths down to one, starting again if the count is "
                             "lost. This is the routine the client takes to bed."},
        ],
    },
    {
        "name": "Circulation and gentle movement",
        "description": "Gentle whole-body movement for clients who feel heavy, cold or stiff and "
                       "can stand for about twenty minutes.",
        "focus_systems": ["circulatory", "lymphatic", "musculoskeletal"],
        "measures": ["pain", "fatigue"],
        "goals": "Warmer hands and feet, less morning stiffness, and a daily movement habit the "
                 "client can keep on a bad day.",
        "steps": [
            {"technique": "Standing breathing", "body_region": "Whole body", "minutes": 3,
             "instructions": "Feet hip-width apart, knees soft. Slow belly breaths with the arms "
                             "floating up on the in-breath and down on the out-breath."},
            {"technique": "Shaking and bouncing from the knees", "body_region": "Whole body",
             "minutes": 5,
             "instructions": "Gentle bouncing from the knees with the arms and shoulders loose, "
                             "letting the whole body shake. Not in pregnancy; sit down with "
                             "dizziness. A seated version works for bad days."},
            {"technique": "Patting along the limbs toward the trunk", "body_region": "Arms and legs",
             "minutes": 5,
             "instructions": "Rhythmic patting from the hands up to the shoulders and from the ankles "
                             "up to the hips, always toward the trunk."},
            {"technique": "Shoulder rolls and raises", "body_region": "Shoulders", "minutes": 4,
             "instructions": "Slow backward rolls and shoulder raises with the breath; smaller "
                             "circles when the neck is sore."},
            {"technique": "Walking in place and rest", "body_region": "Legs", "minutes": 5,
             "instructions": "Easy walking in place, then a rest seated. Agree a gentle daily walk "
                             "the client can manage even on a bad day."},
        ],
    },
]


#: The precautions each starter step conflicts with, by technique (sources in
#: docs/precautions.md); a technique not named conflicts with none.
STEP_CONFLICTS = {
    "Warm compress on the back of the neck": kinds.HEAT,
    "Clearing above the collarbone": kinds.LYMPH_DRAINAGE,
    "Lymph drainage strokes toward the collarbone": kinds.LYMPH_DRAINAGE,
    "Back of the neck and shoulders toward the collarbone": kinds.LYMPH_DRAINAGE,
    "Shoulder rolls and raises with the breath": kinds.SHOULDER_MOVEMENT,
    "Shoulder rolls and raises": kinds.SHOULDER_MOVEMENT,
    "Kidney-area warming and rubbing": kinds.RUBBING,
    "Abdominal circles around the navel": kinds.ABDOMINAL,
    "Patting along the limbs toward the trunk": kinds.PATTING,
    "Patting the legs and holding the feet": kinds.PATTING,
    "Eight Brocades: selected forms": kinds.STANDING_FORMS,
    "Shaking and bouncing from the knees": kinds.BOUNCING,
    "Walking in place and rest": kinds.EXERTION,
}


def step_conflicts(technique: str) -> list[str]:
    """The stored tags of a starter step."""
    return [kind.value for kind in kinds.parse_kinds(STEP_CONFLICTS.get(technique, ()))]


def load_starter_templates() -> None:
    """Insert the starter templates through the models (tests; the migration mirrors this)."""
    from practice.plans.models import PlanStep, PlanTemplate

    for data in STARTER_TEMPLATES:
        template = PlanTemplate(name=data["name"], description=data["description"],
                                focus_systems=data["focus_systems"], goals=data["goals"],
                                measures=data["measures"])
        template.steps = [PlanStep(position=number, conflicts_with=step_conflicts(step["technique"]),
                                   **step)
                          for number, step in enumerate(data["steps"], start=1)]
        db.session.add(template)
