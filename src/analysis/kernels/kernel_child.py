"""The forked child of the template becoming a kernel, as ``python -m ipykernel_launcher ARGS`` would start.

Its own session (interrupts reach only it), death with the template, the requested environment and working folder,
``sys.argv`` and ``sys.path`` as the launcher sets them, fresh random state and the import-time settings of a
kernel, then :class:`ipykernel.kernelapp.IPKernelApp` with the connection file of the request.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
import traceback

from .protocol import kernel_arguments

PR_SET_PDEATHSIG = 1


def _set_parent_death_signal() -> None:
    """Have the kernel killed when the template ends, however it ends (Linux)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def become_kernel(request: dict, base_path: list[str], inherited: list[socket.socket], inherited_fds: list[int]) -> int:
    """Turn this freshly forked child into the kernel ``request`` asks for; return its exit code.

    ``inherited`` are the template's sockets and ``inherited_fds`` its pid file descriptors, which the kernel
    must not keep open; ``base_path`` is ``sys.path`` as the launcher would set it.
    """
    template = os.getppid()
    os.setsid()
    _set_parent_death_signal()
    if os.getppid() != template:  # the template ended between fork and prctl
        return 1
    for sock in inherited:
        sock.close()
    for fd in inherited_fds:
        os.close(fd)
    for signum in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)

    env = dict(request["env"])
    env["JPY_PARENT_PID"] = str(template)  # the kernel's parent poller watches the template
    os.environ.clear()
    os.environ.update(env)
    if hasattr(time, "tzset"):
        time.tzset()
    os.chdir(request["cwd"])
    sys.path[:] = base_path
    args = kernel_arguments(request["argv"], sys.executable)
    import ipykernel_launcher

    sys.argv = [ipykernel_launcher.__file__, *args]
    _fresh_random_state()
    _kernel_import_settings()

    code = 0
    try:
        from ipykernel import kernelapp

        # These two settings default to environment values read when ipykernel was imported (in the
        # template); a fresh kernel reads its own environment.
        kernelapp.launch_new_instance(argv=args, parent_handle=int(env.get("JPY_PARENT_PID") or 0),
                                      interrupt=int(env.get("JPY_INTERRUPT_EVENT") or 0))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - report as an interpreter would, then end with its code
        traceback.print_exc()
        code = 1
    finally:
        import atexit

        _let_control_thread_finish()
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
    return code


def _let_control_thread_finish(timeout: float = 2.0) -> None:
    """Let the kernel's control thread finish answering the shutdown request before the exit functions run.

    The answer ends by flushing output through the IOPub thread, and the exit functions stop that thread first.
    Run too early, they left the control thread waiting for a flush that never came, and the kernel alive until
    its manager sent SIGTERM seconds later (a kernel started the ordinary way has the same race, but reaches its
    exit functions later). The shutdown request has already asked the control thread to stop; ``timeout``
    bounds the wait when the kernel ends for another reason.
    """
    from ipykernel.kernelapp import IPKernelApp

    if IPKernelApp.initialized():
        control = getattr(IPKernelApp.instance(), "control_thread", None)
        if control is not None and control.is_alive():
            control.join(timeout)


def _kernel_import_settings() -> None:
    """Settings a module chose at import from where it was imported: here, a template, not a kernel.

    pandas sets ``display.max_columns`` to 0 (fit the terminal) when imported outside a kernel and to 20
    inside one; a kernel's tables must print as a freshly started kernel prints them.
    """
    pandas = sys.modules.get("pandas")
    if pandas is None:
        return
    try:
        from pandas._config import config as options

        key = "display.max_columns"
        registered = options._registered_options[key]
        options._registered_options[key] = registered._replace(defval=20)
        pandas.set_option(key, 20)
    except (ImportError, KeyError, AttributeError):
        pass

def _fresh_random_state() -> None:
    """A fresh interpreter seeds its generators from the system; a fork would share the template's state."""
    import random

    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()

