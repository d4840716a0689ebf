"""The POC request workflow: a thin page, one module per step, the timeline and the escalation panel."""
