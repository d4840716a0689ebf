"""The courtesy-credit workflow: a thin page and one module per step (SOP C1-C14)."""
