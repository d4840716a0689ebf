"""The Notes page: composing, checking and copying an account note."""
