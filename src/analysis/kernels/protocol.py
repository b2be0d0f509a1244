"""What the runner and the template agree on: the size of a message, the start-up environment a fork must
share, the kernel command a template can reproduce, whether a process still runs, and the gate that stops kernel
launches when their run ends.

Both sides import this module, so it imports nothing beyond the standard library.
"""

from __future__ import annotations

import json
import os
import socket
import threading

# Environment variables read while the interpreter or the warm modules start: a request whose environment gives
# any of these another value than the template started with cannot be honoured by a fork.
STARTUP_PREFIXES = ("PYTHON", "LC_", "LANG", "MPL", "XDG_", "OMP_", "OPENBLAS_", "MKL_", "ANALYSIS_", "JUPYTER",
                    "IPYTHON")
STARTUP_NAMES = ("HOME",)
# What ipykernel sets when the environment names no matplotlib backend; the template sets it the same way before
# matplotlib is imported, so matplotlib starts with the backend a fresh kernel would have.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
LAUNCHER_MODULE = "ipykernel_launcher"
MAX_MESSAGE = 1 << 20
# The template's command-line flag: import only, without a kernel's first steps (see template.WARM_CALLS).
NO_FIRST_STEPS = "--no-first-steps"


def startup_environment(env: dict) -> dict:
    """The part of ``env`` that must match the template's own for a fork to equal a fresh start."""
    picked = {k: v for k, v in env.items() if k.startswith(STARTUP_PREFIXES) or k in STARTUP_NAMES}
    picked.setdefault("MPLBACKEND", INLINE_BACKEND)
    return picked


def kernel_arguments(argv: list[str], executable: str) -> list[str] | None:
    """The kernel app's arguments when ``argv`` is ``[this interpreter, -m, ipykernel_launcher, ...]``, else None."""
    if len(argv) < 3 or argv[1:3] != ["-m", LAUNCHER_MODULE]:
        return None
    try:
        same = os.path.samefile(argv[0], executable)
    except OSError:
        same = False
    return list(argv[3:]) if same else None


def send(sock: socket.socket, message: dict) -> None:
    try:
        sock.send(json.dumps(message).encode("utf-8"), socket.MSG_NOSIGNAL)
    except OSError:
        pass  # the other side is gone; what it would have read no longer matters



def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie counts as ended); a process of another user counts as alive."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a kernel whose template died is reparented and reaped by another process; until then it is a zombie
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return True


class LaunchGate:
    """Open until its owner closes it; a closed gate refuses every kernel launch of the provisioners given it.

    Given through traitlets configuration, which copies values: a copy is the gate itself.
    """

    def __init__(self):
        self._closed = threading.Event()

    def close(self) -> None:
        self._closed.set()

    @property
    def open(self) -> bool:
        return not self._closed.is_set()

    def __deepcopy__(self, memo):
        return self
