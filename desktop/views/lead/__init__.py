"""Screens for leads: importing the client roster and managing SOP packs."""
