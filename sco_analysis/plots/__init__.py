"""Figures: one module per report, each function taking tidy frames and returning a matplotlib Figure in the
house style (style.py), with a source line."""
