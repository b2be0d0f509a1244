"""Imported by the fork server of the export processes (see :mod:`.exporting`): importing it is the warm-up.

A fork server is given the names of modules to import before it forks its first process, and nothing else, so the
exporter is imported and a page typeset here, once; every export process of the run is forked from it warm.
"""

from .exporting import warm_export_process

warm_export_process()
