"""A kernel forked by the warm template, as the runner sees it: a :class:`subprocess.Popen` look-alike whose exit
status arrives on the kernel's own socket from the template (see :mod:`analysis.kernels.template`).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import threading
import time

from .protocol import MAX_MESSAGE, pid_alive


class ForkedKernel:
    """A kernel forked by the template, followed through its socket; the interface of :class:`subprocess.Popen`."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, sock: socket.socket):
        self.pid = pid
        self.returncode: int | None = None
        self._sock = sock
        self._lock = threading.Lock()

    def poll(self) -> int | None:
        with self._lock:
            if self.returncode is None:
                self._read(0)
            return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            with self._lock:
                if self.returncode is None:
                    self._read(0.1 if left is None else min(0.1, left))
        return self.returncode

    def _read(self, timeout: float) -> None:
        if self._sock is None:
            self._gone()
            return
        ready, _, _ = select.select([self._sock], [], [], timeout)
        if not ready:
            return
        try:
            data = self._sock.recv(MAX_MESSAGE)
        except OSError:
            data = b""
        if data:
            message = json.loads(data)
            if "exit" in message:
                self.returncode = int(message["exit"])
                self._close()
            return
        # The template ended without a word on this kernel; its kernels die with it.
        self._close()
        self._gone()

    def _gone(self) -> None:
        if self.returncode is None and not pid_alive(self.pid):
            self.returncode = -signal.SIGKILL

    def send_signal(self, signum: int) -> None:
        """Signal the kernel's process group (its own session), as jupyter_client does for a local kernel."""
        if self.poll() is not None:
            return
        try:
            os.killpg(self.pid, signum)
        except ProcessLookupError:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def close(self) -> None:
        """Stop following the kernel; the template kills it if it still runs."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def __del__(self):
        self._close()
