"""PyInstaller entry point (a script, not the package's __main__, so imports stay absolute).

``--check-team [URL]`` (build/team_check.py) tests the bundle's team-mode driver and
keyring backend, and connects to the server at URL if given, instead of starting the app.
"""

import sys

if sys.argv[1:2] == ["--check-team"]:
    from team_check import main as check_team

    raise SystemExit(check_team(sys.argv[2:]))

from desktop.app import main

raise SystemExit(main())
