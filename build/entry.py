"""PyInstaller entry point (a script, not the package's __main__, so imports stay absolute)."""

from desktop.app import main

raise SystemExit(main())
