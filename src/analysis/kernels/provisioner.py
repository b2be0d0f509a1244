"""A kernel provisioner that forks kernels from a warm template, and launches them the ordinary way otherwise.

Registered under the ``jupyter_client.kernel_provisioners`` entry point as ``analysis-fork``: a kernel spec whose
metadata says ``{"kernel_provisioner": {"provisioner_name": "analysis-fork"}}`` uses it, and so does a kernel
manager of class :class:`WarmKernelManager` for any kernel spec (the runner passes that class to papermill).

:class:`ForkProvisioner` is jupyter_client's :class:`LocalProvisioner` with one change: :meth:`launch_kernel`
first asks the template for a kernel; on any failure (no ``fork``, switched off, a command or environment the
template cannot reproduce, a template that died) it logs why and launches the kernel as ``LocalProvisioner``
does. Polling, signals, waiting and clean-up work the same on a forked kernel (see
:class:`analysis.kernels.forked.ForkedKernel`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import pathlib
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Any as AnyTrait
from traitlets import Bool

from ..errors import AnalysisError, KernelForkError
from .client import TemplateClosedError, fork_enabled, template_for
from .forked import ForkedKernel

PROVISIONER_NAME = "analysis-fork"
# Launch options the template can honour; any other (own stdin/stdout/stderr, an independent kernel) falls back.
_FORKABLE_OPTIONS = {"env", "cwd", "kernel_id", "extra_arguments"}

log = logging.getLogger(__name__)


class KernelLaunchRefusedError(AnalysisError):
    """The owner of the kernels is ending (an interrupted run): no kernel is started, forked or not."""


class ForkProvisioner(LocalProvisioner):
    """``LocalProvisioner`` whose kernels are forked from a warm template when possible."""

    fork = Bool(True, help="Fork kernels from a warm template; False launches every kernel the ordinary way.").tag(
        config=True)
    start_template = Bool(
        True, help="Start a template on first use when none fits the kernel's environment (else fall back)."
    ).tag(config=True)

    launch_gate = AnyTrait(None, allow_none=True, help="A LaunchGate: once closed, launches are refused.").tag(
        config=True)

    forked = False

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        if self.launch_gate is not None and not self.launch_gate.open:
            raise KernelLaunchRefusedError("no kernel is started: its run is ending")
        if self.fork and fork_enabled():
            try:
                # Off the event loop: the first kernel may wait for the template to finish its imports.
                kernel = await asyncio.get_running_loop().run_in_executor(None, self._fork, cmd, kwargs)
            except TemplateClosedError:
                raise  # the run is ending: a kernel started now would outlive it
            except KernelForkError as exc:
                log.info("kernel launched the ordinary way: %s", exc)
            else:
                self.process, self.pid, self.pgid, self.forked = kernel, kernel.pid, kernel.pid, True
                self.cwd = kwargs.get("cwd", pathlib.Path.cwd())
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)

    def _fork(self, cmd: list[str], kwargs: dict) -> ForkedKernel:
        other = sorted(k for k, v in kwargs.items() if k not in _FORKABLE_OPTIONS and v not in (None, False))
        if other:
            raise KernelForkError(f"launch options the template cannot apply: {', '.join(other)}")
        env = dict(os.environ if kwargs.get("env") is None else kwargs["env"])
        env.setdefault("JPY_PARENT_PID", str(os.getpid()))
        cwd = os.fspath(kwargs.get("cwd") or os.getcwd())
        template = template_for(env, start=self.start_template)
        if template is None:
            raise KernelForkError("no kernel template for this environment")
        return template.fork_kernel([os.path.expanduser(s) for s in cmd], env, cwd)

    async def send_signal(self, signum: int) -> None:
        if isinstance(self.process, ForkedKernel):
            # Never signal a group by a number the system may have given to another process since.
            self.process.send_signal(signum)
            return
        await super().send_signal(signum)

    async def cleanup(self, restart: bool = False) -> None:
        if isinstance(self.process, ForkedKernel):
            self.process.close()
        await super().cleanup(restart=restart)


class WarmKernelManager(AsyncKernelManager):
    """An async kernel manager whose kernels use :class:`ForkProvisioner`, whatever their kernel spec names."""

    @property
    def kernel_spec(self):
        spec = super().kernel_spec
        if spec is not None and "kernel_provisioner" not in spec.metadata:
            spec.metadata = {**spec.metadata, "kernel_provisioner": {"provisioner_name": PROVISIONER_NAME}}
        return spec


def papermill_options(fork: bool = True) -> dict:
    """Keyword arguments for :func:`papermill.execute_notebook` that fork its kernel (none when ``fork`` is off)."""
    return {"kernel_manager_class": WarmKernelManager} if fork else {}
