"""What an evaluator returns (the value the data give, how, from which files) and the source lines they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .. import summits


@dataclass(frozen=True)
class Evaluation:
    """What the data say about one claim."""

    computed: float | int | str
    method: str
    sources: str
    alternatives: str = ""
    # where the article and the data part ways, what the tables show about why (a similar name, another council)
    explanation: str = ""


Evaluator = Callable[[pd.Series, str], Evaluation]


TIMELINE_SOURCES = "data/sco-timeline/sco_membership_events.csv + data/curated/membership_events_amendments.csv"


SUMMIT_SOURCES = "data/sco-timeline/sco_summits.csv (+ data/curated/summits_amendments.csv)"


def summit_named(claim: pd.Series) -> pd.Series:
    """The summit a claim's subject names, e.g. "HSC 18"."""
    series, number = str(claim["subject"]).split()
    return summits.summit(int(number), series)
