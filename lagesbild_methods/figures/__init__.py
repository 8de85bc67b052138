"""Figures in the house style. Figure functions draw; they never compute statistics."""
