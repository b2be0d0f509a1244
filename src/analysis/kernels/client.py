"""The runner's side of the warm template: starting it, asking it for kernels, following each kernel it forked.

A :class:`Template` is started as a fresh interpreter (never forked from the runner, which runs threads) and
imports the kernel's modules once; :meth:`Template.fork_kernel` returns a :class:`~.forked.ForkedKernel`, which
behaves like the :class:`subprocess.Popen` of an ordinary kernel launch (``pid``, ``poll``, ``wait``,
``send_signal``, ``kill``, ``terminate``). Any reason the template cannot give a kernel raises
:class:`KernelForkError`, and the caller launches the kernel the ordinary way.

:func:`start_template` (or :func:`warm_template`) starts the template of a run; :func:`template_for` finds a
running template whose start-up environment fits a kernel's (starting one on first use when none does).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import socket
import subprocess
import sys
import threading

from ..errors import KernelForkError
from .forked import ForkedKernel
from .protocol import MAX_MESSAGE, NO_FIRST_STEPS, startup_environment

# Seconds a kernel launch waits for the template to finish its imports before it starts the kernel the ordinary way.
READY_TIMEOUT = 120.0
# The opt-out: set to 0 (or "no", "false", "off") and every kernel is launched the ordinary way.
ENV_SWITCH = "ANALYSIS_FORK_KERNELS"


def fork_supported() -> bool:
    """Whether this platform can fork kernels from a template (Linux: fork, SOCK_SEQPACKET, PR_SET_PDEATHSIG)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and hasattr(socket, "send_fds")


def fork_enabled() -> bool:
    """Forking is supported here and not switched off by ``ANALYSIS_FORK_KERNELS=0``."""
    switch = os.environ.get(ENV_SWITCH, "1").strip().lower()
    return fork_supported() and switch not in ("0", "no", "false", "off")


class TemplateClosedError(KernelForkError):
    """The template was closed by its owner (the run is ending): no kernel is to be started, forked or not."""


class Template:
    """One warm template process; thread-safe. Use :meth:`close` (or ``with``) to end it and its kernels."""

    def __init__(self, env: dict | None = None, cwd: str | None = None, first_steps: bool = True):
        self.env = dict(os.environ if env is None else env)
        self.startup = startup_environment(self.env)
        self.imported: list[str] = []
        self.failed: dict[str, str] = {}
        self.threads: int | None = None
        self._lock = threading.Lock()
        self._ready = False
        self._broken = ""
        self._closed = False
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._control = ours
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "analysis.kernels.template", str(theirs.fileno()),
                 *([] if first_steps else [NO_FIRST_STEPS])],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=self.env, cwd=cwd,
            )
        finally:
            theirs.close()

    @property
    def pid(self) -> int:
        return self.process.pid

    def fits(self, env: dict) -> bool:
        return not self._broken and self.process.poll() is None and startup_environment(env) == self.startup

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        """Wait until the template has imported its modules; raise :class:`KernelForkError` if it cannot serve."""
        with self._lock:
            self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        if self._closed:
            raise TemplateClosedError("the kernel template was closed")
        if self._ready:
            return
        if self._broken:
            raise KernelForkError(self._broken)
        try:
            ready, _, _ = select.select([self._control], [], [], timeout)
            data = self._control.recv(MAX_MESSAGE) if ready and not self._closed else b""
        except (OSError, ValueError):  # the socket was closed under this wait
            ready, data = [self._control], b""
        if self._closed:  # closed while this kernel waited for it
            raise TemplateClosedError("the kernel template was closed")
        if not ready:  # a slow start (a busy machine): this kernel starts the ordinary way, later ones may fork
            raise KernelForkError(f"the kernel template was not ready within {timeout:.0f} s")
        if not data:
            self._broken = "the kernel template did not start"
            raise KernelForkError(self._broken)
        message = json.loads(data)
        self.imported, self.failed = message.get("imported", []), message.get("failed", {})
        self.threads = message.get("threads")
        self._ready = True

    def fork_kernel(self, argv: list[str], env: dict, cwd: str) -> ForkedKernel:
        """A fresh kernel running ``argv`` (``python -m ipykernel_launcher ...``) in ``cwd`` with ``env``."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            request = json.dumps({"argv": list(argv), "env": dict(env), "cwd": str(cwd)}).encode("utf-8")
            with self._lock:
                self._wait_ready(READY_TIMEOUT)
                try:
                    socket.send_fds(self._control, [request], [theirs.fileno()])
                except OSError as exc:
                    if self._closed:
                        raise TemplateClosedError("the kernel template was closed") from exc
                    self._broken = f"the kernel template is gone: {exc}"
                    raise KernelForkError(self._broken) from exc
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        ready, _, _ = select.select([ours], [], [], READY_TIMEOUT)
        data = ours.recv(MAX_MESSAGE) if ready else b""
        message = json.loads(data) if data else {"error": "the kernel template did not answer"}
        if "pid" not in message:
            ours.close()
            if self._closed:
                raise TemplateClosedError("the kernel template was closed")
            raise KernelForkError(message.get("error", "no kernel"))
        return ForkedKernel(int(message["pid"]), ours)

    def close(self, timeout: float = 5.0) -> None:
        """End the template; it kills the kernels it forked that still run. A kernel launch waiting for it, or
        asking after this, raises :class:`TemplateClosedError` (it must not fall back to an ordinary launch).
        """
        self._closed = True
        with contextlib.suppress(OSError):
            self._control.shutdown(socket.SHUT_RDWR)
        self._control.close()
        if not self._ready:  # still importing, no kernel yet: nothing to wait for
            self.process.kill()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        _forget(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# - the templates of this process ---------------------------------------------------------------------------------

_TEMPLATES: list[Template] = []
_REGISTRY = threading.Lock()


def template_for(env: dict, start: bool = True) -> Template | None:
    """A running template whose start-up environment fits ``env``; started now when none does and ``start``."""
    with _REGISTRY:
        for template in _TEMPLATES:
            if template.fits(env):
                return template
        if not start:
            return None
        template = Template(env)
        _TEMPLATES.append(template)
        return template


def _forget(template: Template) -> None:
    with _REGISTRY:
        if template in _TEMPLATES:
            _TEMPLATES.remove(template)


def start_template(enabled: bool = True, env: dict | None = None, first_steps: bool = True) -> Template | None:
    """Start a template now for the kernels to come (their environment: ``env``, else this process's); None when
    forking is off or unsupported. Its imports overlap whatever the caller does before the first kernel starts;
    end it with :meth:`Template.close`. ``first_steps``: import the charting modules and take a kernel's first
    steps (``CHART_MODULES``, ``WARM_CALLS``) before forking.
    """
    if not (enabled and fork_enabled()):
        return None
    template = Template(dict(os.environ if env is None else env), first_steps=first_steps)
    with _REGISTRY:
        _TEMPLATES.insert(0, template)
    return template


@contextlib.contextmanager
def warm_template(enabled: bool = True, first_steps: bool = True):
    """:func:`start_template` for the block; the template ends with it."""
    template = start_template(enabled, first_steps=first_steps)
    try:
        yield template
    finally:
        if template is not None:
            template.close()


def close_all() -> None:
    """End every template this process started (also run when the process exits)."""
    with _REGISTRY:
        templates = list(_TEMPLATES)
    for template in templates:
        template.close()


atexit.register(close_all)
