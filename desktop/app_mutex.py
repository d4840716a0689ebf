"""A named Windows mutex held while the app runs, so its installer sees a running copy.

Why: replacing files under a running exe fails half-way on Windows.  The installer and
the uninstaller (``AppMutex`` in build/installer.iss) check these names and ask the agent
to close the app first.  Both the session-local and the ``Global\\`` name are created, so
a copy running in another session (fast user switching, remote desktop) is seen too.
Other systems have no such check: the function does nothing there.
"""

from __future__ import annotations

import sys

MUTEX_NAME = "InterlockAssist.Running"
MUTEX_NAMES = (MUTEX_NAME, f"Global\\{MUTEX_NAME}")

_held: list[int] = []


def hold_app_mutex() -> list[int]:
    """Create the mutexes (once) and keep their handles until the process ends.

    Returns the handles held (empty off Windows, or where creation was refused, e.g. the
    ``Global\\`` name without the right): the check is a courtesy, never a reason to fail.
    """
    if sys.platform == "win32" and not _held:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.CreateMutexW.restype = ctypes.c_void_p
        kernel32.CreateMutexW.argtypes = (ctypes.c_void_p, ctypes.c_int, ctypes.c_wchar_p)
        for name in MUTEX_NAMES:
            handle = kernel32.CreateMutexW(None, False, name)
            if handle:
                _held.append(handle)
    return list(_held)
