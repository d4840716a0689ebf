"""The Chat page: drafting an escalation to leads and its note."""
