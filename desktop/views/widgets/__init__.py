"""Widgets every workflow shares: the step container, the note step, banner, outcome mark, field row."""
