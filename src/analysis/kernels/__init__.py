"""Kernels forked from a warm template.

``template``: the template process (``python -m analysis.kernels.template``); ``client``: starting it and
following the kernels it forks; ``provisioner``: the jupyter_client kernel provisioner ``analysis-fork``.
Nothing is imported here, so the template process starts with only what a kernel itself imports.
"""
