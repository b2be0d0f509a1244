"""Kernels forked from a warm template.

``template``: the template process (``python -m analysis.kernels.template``), whose children become kernels in
``kernel_child``; ``protocol``: what the template and the runner agree on; ``client``: starting the template and
following the kernels it forks; ``provisioner``: the jupyter_client kernel provisioner ``analysis-fork``;
``export``: warming the export process.
Nothing is imported here, so the template process starts with only what a kernel itself imports.
"""
