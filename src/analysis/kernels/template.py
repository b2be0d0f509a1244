"""The warm template: one process that imports a kernel's heavy modules once and forks a fresh kernel per request.

``python -m analysis.kernels.template FD`` is started by :class:`analysis.kernels.client.Template` with ``FD`` one
end of a ``SOCK_SEQPACKET`` socket pair. The process

1. imports :data:`WARM_MODULES` (with :data:`CHART_MODULES`) and calls :data:`WARM_CALLS` (one that fails is
   skipped and reported; without first steps, neither charts nor calls), sets
   nothing that a fresh kernel would not have, and answers ``{"ready": ...}``;
2. waits on that socket for requests ``{"argv": [...], "env": {...}, "cwd": "..."}``, each carrying one end of a
   new socket pair for that kernel, and answers ``{"pid": N}`` or ``{"error": "..."}`` on it;
3. forks only while it runs a single thread (fork copies no other thread, whatever it held), and writes the
   kernel's exit status (``{"exit": code}``, as :attr:`subprocess.Popen.returncode`) on the kernel's socket;
4. kills a kernel whose socket the other side closed while it still runs, and kills every kernel and exits when
   the control socket closes (the runner ended or died). Each kernel also dies with the template
   (``PR_SET_PDEATHSIG``), so a killed template leaves no kernel behind.

The forked child becomes what ``python -m ipykernel_launcher ARGS`` would have been: its own session (interrupts
reach only it), the requested environment and working folder, ``sys.argv`` and ``sys.path`` as the launcher sets
them, fresh random state, then :class:`ipykernel.kernelapp.IPKernelApp` with the connection file of the request.
A request the child could not honour exactly (another interpreter, different start-up settings in the
environment) is declined, and the caller launches the kernel the ordinary way.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import sys
import threading
import time
import traceback

from .kernel_child import become_kernel
from .protocol import INLINE_BACKEND, MAX_MESSAGE, NO_FIRST_STEPS, kernel_arguments, send, startup_environment

# The modules a kernel of this project imports before its first cell does any work. Names that are missing are
# skipped, so the list may name modules of past and future layouts of the package.
WARM_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
    "IPython.core.interactiveshell",
    "IPython.core.debugger",
    "sqlite3",
    "numpy",
    "pandas",
    "babel.dates",
    "babel.numbers",
    "yaml",
    "pandera",
    "analysis",
    # The notebook-side modules, under the names of the package's layouts (missing ones are skipped).
    "analysis.nb.context",
    "analysis.nb.story",
    "analysis.nb.tables",
    "analysis.nb.blocks",
    "analysis.nb.markup",
    "analysis.nb.explain",
    "analysis.nb.verdicts",
    "analysis.nb.appendix",
    "analysis.notebook",
    "analysis.story",
    "analysis.tables",
)
# Charting, a third of the imports. With the first steps (which draw a chart) the template imports it too. Without
# them, in a run of no more notebooks than jobs (often one edited notebook), each kernel forks as soon as the rest
# is imported and a chapter that draws imports it itself: a chapter that draws nothing (the appendix) starts sooner,
# and one that draws waits no longer than it would have waited for the template.
CHART_MODULES = (
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.figure",
    "seaborn",
    "analysis.nb.figures",
    "analysis.plots",
)
# Then these functions ("module:function", called without arguments) take a kernel's first steps that importing
# does not (a first facts check, date, translation and chart; see analysis.nb.warmup). One that fails is skipped
# and reported, as a module that fails to import.
WARM_CALLS = ("analysis.nb.warmup:warm_kernel",)



class _Server:
    def __init__(self, control: socket.socket):
        self.control = control
        self.kernels: dict[int, tuple[socket.socket, int | None]] = {}  # pid -> (socket, pidfd)
        self.poller = __import__("select").poll()
        self.by_fd: dict[int, tuple[str, int]] = {}
        self.base_path = list(sys.path[1:])  # sys.path[0] is this module's start folder, as for the launcher
        self.original_env = dict(os.environ)
        self.startup = startup_environment(self.original_env)
        self.imported: list[str] = []
        self.failed: dict[str, str] = {}

    # - start -----------------------------------------------------------------------------------------------------
    def warm(self, first_steps: bool = True) -> None:
        os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
        # What modules print while they import goes nowhere, as in a kernel (whose output is not yet a cell's).
        saved = [os.dup(1), os.dup(2)]
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
        try:
            for name in WARM_MODULES + (CHART_MODULES if first_steps else ()):
                try:
                    __import__(name)
                except Exception as exc:  # noqa: BLE001 - any failure only means this module is not preloaded
                    self.failed[name] = f"{type(exc).__name__}: {exc}"
                else:
                    self.imported.append(name)
            for name in WARM_CALLS if first_steps else ():
                module, _, function = name.partition(":")
                try:
                    getattr(__import__(module, fromlist=[function]), function)()
                except Exception as exc:  # noqa: BLE001 - a kernel then takes these steps itself
                    self.failed[name] = f"{type(exc).__name__}: {exc}"
                else:
                    self.imported.append(name)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            for fd, copy in ((1, saved[0]), (2, saved[1])):
                os.dup2(copy, fd)
                os.close(copy)
        # The kernel sets MPLBACKEND itself; the child's environment is the request's, as for a fresh start.
        if self.startup["MPLBACKEND"] == INLINE_BACKEND and "MPLBACKEND" not in self.original_env:
            os.environ.pop("MPLBACKEND", None)
        # Objects created by the imports are never collected: freezing them keeps a kernel's garbage collector
        # from touching (and so copying) the template's memory pages.
        gc.collect()
        gc.freeze()

    # - loop ------------------------------------------------------------------------------------------------------
    def serve(self) -> None:
        import select

        send(self.control, {"ready": True, "pid": os.getpid(), "imported": self.imported, "failed": self.failed,
                             "threads": threading.active_count()})
        self._watch(self.control.fileno(), "control", 0)
        pidfds = hasattr(os, "pidfd_open")
        while True:
            events = self.poller.poll(None if pidfds else 200)
            for fd, mask in events:
                kind, pid = self.by_fd.get(fd, ("", 0))
                if kind == "control":
                    if not self._request():
                        return
                elif kind == "socket" and mask & (select.POLLHUP | select.POLLIN | select.POLLERR):
                    self._abandoned(pid)
            self._reap()

    def _watch(self, fd: int, kind: str, pid: int) -> None:
        import select

        self.by_fd[fd] = (kind, pid)
        self.poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)

    def _unwatch(self, fd: int | None) -> None:
        if fd is not None and fd in self.by_fd:
            self.poller.unregister(fd)
            del self.by_fd[fd]

    def _request(self) -> bool:
        try:
            data, fds, _flags, _addr = socket.recv_fds(self.control, MAX_MESSAGE, 1)
        except OSError:
            data, fds = b"", []
        if not data:
            return False
        if not fds:
            return True
        ksock = socket.socket(fileno=fds[0])
        try:
            request = json.loads(data)
            problem = self._check(request)
        except (ValueError, TypeError, KeyError) as exc:
            problem = f"unreadable request: {exc}"
        if problem:
            send(ksock, {"error": problem})
            ksock.close()
            return True
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the kernel
            code = 1
            try:
                inherited = [self.control, *(s for s, _ in self.kernels.values()), ksock]
                code = become_kernel(request, self.base_path, inherited,
                                     [fd for _, fd in self.kernels.values() if fd is not None])
            except BaseException:  # noqa: BLE001 - the child must never return into the template's loop
                traceback.print_exc()
            finally:
                os._exit(code)
        pidfd = None
        if hasattr(os, "pidfd_open"):
            try:
                pidfd = os.pidfd_open(pid)
            except OSError:
                pidfd = None
        self.kernels[pid] = (ksock, pidfd)
        send(ksock, {"pid": pid})
        self._watch(ksock.fileno(), "socket", pid)
        if pidfd is not None:
            self._watch(pidfd, "pidfd", pid)
        return True

    def _check(self, request: dict) -> str:
        if kernel_arguments(request["argv"], sys.executable) is None:
            return f"not a kernel of this interpreter: {request['argv'][:3]}"
        wanted = startup_environment(request["env"])
        if wanted != self.startup:
            names = sorted(k for k in set(wanted) | set(self.startup) if wanted.get(k) != self.startup.get(k))
            return f"start-up settings differ: {', '.join(names)}"
        if threading.active_count() != 1:
            return f"the template runs {threading.active_count()} threads"
        if not os.path.isdir(request["cwd"]):
            return f"working folder not found: {request['cwd']}"
        return ""

    def _abandoned(self, pid: int) -> None:
        """The runner closed a kernel's socket: it no longer waits for that kernel, so it must not outlive it."""
        entry = self.kernels.get(pid)
        if entry is None:
            return
        ksock, _ = entry
        self._unwatch(ksock.fileno())
        _kill(pid)

    def _reap(self) -> None:
        while self.kernels:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            entry = self.kernels.pop(pid, None)
            if entry is None:
                continue
            ksock, pidfd = entry
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            send(ksock, {"exit": code})
            self._unwatch(ksock.fileno())
            self._unwatch(pidfd)
            ksock.close()
            if pidfd is not None:
                os.close(pidfd)

    def shutdown(self) -> None:
        for pid in list(self.kernels):
            _kill(pid)
        deadline = time.monotonic() + 5
        while self.kernels and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.01)


def _kill(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
            return
        except (ProcessLookupError, PermissionError):
            continue


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    control = socket.socket(fileno=int(argv[0]))
    # Ctrl-C in a terminal reaches the whole foreground group; the runner decides what ends, and ends this
    # process (and so its kernels) itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    server = _Server(control)
    server.warm(first_steps=NO_FIRST_STEPS not in argv[1:])
    try:
        server.serve()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
