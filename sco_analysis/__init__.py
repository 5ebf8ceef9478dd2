"""sco-analysis: the SCO timeline, trade and macro weight rebuilt from primary data, and the 2018 claims checked."""

__version__ = "0.1.0"
