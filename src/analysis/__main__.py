import gc
import sys

from .cli import main

code = main()
# Nothing is left to free that the system does not reclaim at exit: skipping the interpreter's last collections
# over everything imported (pandas, pandera, nbformat) ends a run most of a second sooner. Open files are
# closed and the standard streams flushed as always.
gc.freeze()
sys.exit(code)
