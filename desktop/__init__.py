"""Interlock Assist: call-side assistant for ignition-interlock contact-center agents."""

__version__ = "0.1.0"
