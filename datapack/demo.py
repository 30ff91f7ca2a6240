"""Demo data for the Day 1 data pack (filled in by the data pack work)."""


def load_demo_pack() -> None:
    return None
