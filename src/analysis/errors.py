"""Named errors, each with a message that says what went wrong, where, and what was expected."""


class AnalysisError(Exception):
    """Base class: the command line prints the message on one line and exits non-zero."""

    exit_code = 2


class FactsFileError(AnalysisError):
    """A facts file cannot be read at all (missing, not UTF-8, not CSV, empty)."""


class FactsValidationError(AnalysisError):
    """A facts file was read but breaks a rule of the schema."""

    def __init__(self, path, problems):
        self.path = str(path)
        self.problems = list(problems)
        # Every problem at once, so one round of corrections fixes the file.
        super().__init__(f"{self.path}: " + "; ".join(self.problems))


class ParameterError(AnalysisError):
    """A run parameter is unknown, of the wrong type or outside its allowed values."""


class ExtractError(AnalysisError):
    """A text given to the number extractor cannot be read."""


class ReportExportError(AnalysisError):
    """The report cannot be exported: unusable report metadata or a failed typesetting."""


class ReportError(AnalysisError):
    """The report cannot be built: no notebooks, an unreadable notebook, or an unwritable folder."""


class ParameterProblems(ParameterError):
    """Every problem found while checking the parameter sets, one message each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ParamsFileError(AnalysisError):
    """A parameter file cannot be read: missing, not YAML, or not a mapping."""


class NotebookFailed(AnalysisError):
    """A notebook raised an exception while it ran; the report of its parameter set was not replaced."""

    exit_code = 3


class FigureFormatError(AnalysisError):
    """A chart was asked for in a file format the project does not write."""


class MissingMetricError(AnalysisError):
    """A chart, table or paragraph needs a figure the facts table does not have."""

    def __init__(self, metrics, year=None):
        self.metrics = tuple(metrics)
        self.year = year
        super().__init__(f"the facts have no value for {', '.join(self.metrics)}" + (f" in {year}" if year else ""))


class SourceRecordError(AnalysisError):
    """A ``source_id`` is malformed, or its provenance record is missing or unreadable."""


class PeriodError(AnalysisError):
    """A reporting period is not written as 2025, 2025-H1, 2025-Q3, 2025-01 or 2025-01/2025-09."""


class CacheError(AnalysisError):
    """A cache entry cannot be stored or changed after it was verified; the entry is rebuilt by the next run."""


class RunSetupError(AnalysisError):
    """The run cannot start: a folder it writes to is unusable, or SOURCE_DATE_EPOCH is malformed."""


class OutputError(AnalysisError):
    """A command cannot write its output file (``-o``)."""


class MetadataError(AnalysisError):
    """The metadata beside a facts file is missing, unreadable, or lacks a label the facts need."""


class KernelForkError(AnalysisError):
    """The warm template cannot give a kernel (not supported here, switched off, gone, or a launch it cannot
    reproduce); the kernel is then launched the ordinary way."""
