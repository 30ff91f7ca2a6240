"""Demo data for casework (filled in by the casework work)."""


def load_demo_casework() -> None:
    return None
