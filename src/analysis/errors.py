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
        shown = "; ".join(self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"{self.path}: {shown}{more}")


class ParameterError(AnalysisError):
    """A run parameter is unknown, of the wrong type or outside its allowed values."""


class ExtractError(AnalysisError):
    """A text given to the number extractor cannot be read."""


class KernelForkError(AnalysisError):
    """The warm template cannot give a kernel (not supported here, switched off, gone, or a launch it cannot
    reproduce); the kernel is then launched the ordinary way."""
