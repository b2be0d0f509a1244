"""Ending a run: at its end, or at once on Ctrl-C, with nothing it started left behind.

:class:`RunStopping` is the part of the runner (:mod:`analysis.pipeline.runner`) that stops it; it expects the
runner's ``_stopping`` event, ``_launch_gate``, ``_template``, ``_export_pool`` and ``_pool_lock``.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import time

from ..errors import AnalysisError

# Seconds to wait for running notebooks after an interrupt killed their kernels.
INTERRUPT_GRACE = 15


class RunStopped(AnalysisError):
    """The run is ending (interrupted): what has not started yet is not started."""


class RunStopping:
    """Stopping the run; a part of the runner (see the module)."""

    def _refuse_new_work(self, pool, exports) -> None:
        """From now on no job, kernel or export process starts."""
        self._stopping.set()
        self._launch_gate.close()
        pool.shutdown(wait=False, cancel_futures=True)
        exports.shutdown(wait=False, cancel_futures=True)

    def _stop(self, pool, exports) -> None:
        """End what the run started."""
        self._refuse_new_work(pool, exports)
        with self._pool_lock:
            if self._export_pool is not None:
                self._export_pool.shutdown(wait=False, cancel_futures=True)
        if self._template is not None:
            self._template.close()

    def _interrupt(self, pool, exports, futures) -> None:
        """Stop quickly: drop queued jobs, end our kernels (by pid), wait briefly for the threads to notice.

        A job thread may be about to start a kernel (waiting for the template, or launching one the ordinary
        way): the template is closed first, so a launch waiting for it fails instead of falling back, and kernels
        are killed again while the grace lasts, so one that started meanwhile ends too. Left running, such a
        thread would keep this process from exiting until its notebook ended.
        """
        self._refuse_new_work(pool, exports)
        if self._template is not None:
            self._template.close(timeout=1.0)
        deadline = time.monotonic() + INTERRUPT_GRACE
        while True:
            _kill_kernels()
            running = [f for f in futures if not f.done()]
            if not running or time.monotonic() >= deadline:
                return
            cf.wait(running, timeout=0.5)


def _kill_kernels() -> None:
    """Kill the kernel processes this process started (its direct children), so running notebooks end."""
    try:
        import psutil
    except ImportError:
        return
    for child in psutil.Process(os.getpid()).children(recursive=False):
        try:
            # multiprocessing's resource tracker holds no work and ends with this process; killing it only
            # makes the next process pool warn that it "died unexpectedly".
            if any("resource_tracker" in part for part in child.cmdline()):
                continue
            child.kill()
        except psutil.Error:
            pass
