"""Reference data the migrations create, loaded for tests that build the schema directly."""


def load_reference_data() -> None:
    """Each feature with migration-created reference data adds its loader here."""
    from practice.intakes.starter import load_starter_condition_types

    load_starter_condition_types()
    from practice.plans.starter import load_starter_templates

    load_starter_templates()
    from practice.exercises.starter import load_starter_exercises

    load_starter_exercises()
    from practice.core.audit import start_chain_head

    start_chain_head()
    from practice.core.settings import start_practice_identity

    start_practice_identity()
