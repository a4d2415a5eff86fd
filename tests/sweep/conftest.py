"""A 2-worker Dask LocalCluster, started once with pydeep.sweep's own settings, reading the fake MNIST."""
import contextlib

import pytest


@pytest.fixture(scope="package")
def sweep_client(fake_mnist_folder):
    """A distributed.Client of a 2-process LocalCluster whose workers see PYDEEP_DATA = the fake MNIST.

    Package scope: the worker processes end with the last test of tests/sweep.
    """
    pytest.importorskip("distributed")
    import dask
    from pydeep.sweep.cluster import open_client
    with contextlib.ExitStack() as stack:
        with dask.config.set({"distributed.nanny.environ": {"PYDEEP_DATA": fake_mnist_folder}}):
            client = stack.enter_context(open_client(None, workers=2, retries=3))   # nannies read it now
        yield client
