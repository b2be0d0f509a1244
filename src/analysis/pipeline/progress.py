"""Progress of a run: a live display on a terminal, one plain line per event otherwise (CI logs).

Both reporters take the same calls from the runner's threads, so each event is handled under a lock.
"""

from __future__ import annotations

import sys
import threading


class PlainProgress:
    """One line per event, flushed at once, so a CI log shows where a run is."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.lock = threading.Lock()
        self.total = self.done = self.cached = 0

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def start(self, sets: int, total: int, cached: int, jobs: int) -> None:
        with self.lock:
            self.total, self.cached = total, cached
            self._line(f"run: {sets} parameter set(s), {total} notebook(s), {cached} from the cache, "
                       f"{total - cached} to execute with {jobs} job(s)")

    def notebook_started(self, set_name: str, notebook: str) -> None:
        with self.lock:
            self._line(f"  start {set_name}/{notebook}")

    def notebook_done(self, set_name: str, notebook: str, seconds: float | None, cached: bool) -> None:
        with self.lock:
            self.done += 1
            self._line(f"[{self.done}/{self.total}] {set_name}/{notebook} {_how(seconds, cached)}")

    def notebook_failed(self, set_name: str, notebook: str) -> None:
        with self.lock:
            self.done += 1
            self._line(f"[{self.done}/{self.total}] {set_name}/{notebook} FAILED")

    def report_done(self, set_name: str, folder: str, seconds: float, cached: bool) -> None:
        with self.lock:
            how = "export from the cache" if cached else f"exported in {seconds:.1f} s"
            self._line(f"report {set_name}: {how} -> {folder}")

    def stop(self) -> None:
        pass


def _how(seconds: float | None, cached: bool) -> str:
    # A notebook another run executed while this one waited for it is a cache hit without a duration.
    if cached or seconds is None:
        return "from the cache"
    return f"executed in {seconds:.1f} s"


class RichProgress(PlainProgress):
    """A bar of notebooks done out of all, the running notebooks, and the cache hits."""

    def __init__(self, stream=None):
        super().__init__(stream)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(file=self.stream)
        self.progress = Progress(TextColumn("[bold]notebooks"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("{task.fields[status]}"), console=self.console,
                                 transient=False)
        self.task = None
        self.running: list[str] = []

    def _status(self) -> str:
        running = ", ".join(self.running[:3]) + (" ..." if len(self.running) > 3 else "")
        return f"cache hits {self.cached}" + (f" | running {running}" if running else "")

    def _update(self, advance: int = 0) -> None:
        self.progress.update(self.task, advance=advance, status=self._status())

    def start(self, sets: int, total: int, cached: int, jobs: int) -> None:
        with self.lock:
            self.total, self.cached = total, cached
            self.console.print(f"{sets} parameter set(s), {total} notebook(s): {cached} from the cache, "
                               f"{total - cached} to execute with {jobs} job(s)")
            self.task = self.progress.add_task("notebooks", total=total, status="")
            self.progress.start()
            self._update()

    def notebook_started(self, set_name: str, notebook: str) -> None:
        with self.lock:
            self.running.append(f"{set_name}/{notebook}")
            self._update()

    def notebook_done(self, set_name: str, notebook: str, seconds: float | None, cached: bool) -> None:
        with self.lock:
            label = f"{set_name}/{notebook}"
            if label in self.running:
                self.running.remove(label)
            self._update(advance=1)

    def notebook_failed(self, set_name: str, notebook: str) -> None:
        with self.lock:
            label = f"{set_name}/{notebook}"
            if label in self.running:
                self.running.remove(label)
            self.progress.console.print(f"[red]failed[/red] {label}")
            self._update(advance=1)

    def report_done(self, set_name: str, folder: str, seconds: float, cached: bool) -> None:
        with self.lock:
            how = "export from the cache" if cached else f"exported in {seconds:.1f} s"
            self.progress.console.print(f"report {set_name}: {how} -> {folder}")

    def stop(self) -> None:
        with self.lock:
            self.progress.stop()


def make_progress(stream=None) -> PlainProgress:
    """The live display when ``stream`` (stdout by default) is a terminal, plain lines otherwise."""
    stream = stream or sys.stdout
    if stream.isatty():
        return RichProgress(stream)
    return PlainProgress(stream)
