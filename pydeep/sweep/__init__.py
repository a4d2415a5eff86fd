"""Seed and hyperparameter sweeps of the tutorials on Dask distributed.

A sweep runs one tutorial for every combination of option values (the grid)
and every seed, each run an independent task on a Dask cluster: an embedded
``LocalCluster`` by default, or an existing cluster (``dask-scheduler`` and
``dask-worker --nthreads 1`` started by hand, or dask's ``SSHCluster``). Every
finished run is stored at once and atomically, so a sweep that is run again
skips what is done; runs that raise are listed in ``failures.json``; at the
end ``summary.md``/``summary.json`` hold per setting the mean, standard
deviation, min, max and n of every number the tutorial reports, and
``plots/`` one plot per number. Needs ``pip install 'pydeep-energy[sweep]'``.

Examples
--------
>>> from pydeep import sweep
>>> report = sweep.run("rbm_mnist_small", {"update_offsets": [0.0, 0.01]}, seeds=[1, 2],
...                    out="sweeps/centering", quick=True, workers=2)
>>> report["summary"]["settings"]["update_offsets=0.01"]["numbers"]["ll_test"]["mean"]

The same from the command line::

    pydeep sweep rbm_mnist_small --quick --seeds 1,2 --set update_offsets=0.0,0.01 --out sweeps/centering
"""
from .grid import Run, check_grid, check_seeds, expand, parse_assignment, parse_seeds, setting_label
from .runner import run

__all__ = ["run", "Run", "check_grid", "check_seeds", "expand", "parse_assignment", "parse_seeds",
           "setting_label"]
