"""Override coaching: a thin page and one module per step."""
