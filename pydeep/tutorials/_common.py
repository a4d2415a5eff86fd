"""Helpers shared by the tutorials: datasets with their provenance, figures, numbers.

Every tutorial records the dataset it actually used (``dataset`` entry of its
result dict): the original file, or pydeep's substitute when the original is
not available offline. Choosing that substitute is the tutorials' business:
the loaders of :mod:`pydeep.misc.io` read exactly the file they are given.
"""
import os

import numpy as np

from .._validation import check_positive_int

#: numpy's legacy seeding takes integers in [0, 2**32)
SEED_LIMIT = 2 ** 32


def check_seed(seed, name="seed"):
    """Return ``seed`` as int, requiring an integer in [0, 2**32) (what numpy's global state takes)."""
    seed = check_positive_int(seed, name, allow_zero=True)
    if seed >= SEED_LIMIT:
        raise ValueError(f"{name} must be an integer in [0, 2**32); got {seed}")
    return seed


def seed_global_rng(seed):
    """Seed numpy's global random state with ``seed``, an integer in [0, 2**32); returns it as int.

    Every tutorial calls this first (after checking its options), with 42 by
    default as the spec's scripts do, so a run is reproducible and
    ``pydeep.sweep`` can repeat it over seeds.
    """
    seed = check_seed(seed)
    np.random.seed(seed)
    return seed


def matplotlib_available():
    """True when matplotlib can be imported (figures are skipped otherwise)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def wants_figures(out):
    """True when figures should be drawn: an output folder is given and matplotlib is there."""
    return out is not None and matplotlib_available()


#: printed above every figure of a ``--quick`` run
QUICK_LABEL = "--quick preview: small data, few epochs (untrained), not the tutorial's result"


def save_figures(out, name, quick=False):
    """Save all open figures as ``out/<name>_<what it shows>.png``; return the paths.

    ``quick`` labels every figure as an untrained preview (:data:`QUICK_LABEL`).
    """
    import pydeep.misc.visualization as vis
    return vis.save_figures(out, name, label=QUICK_LABEL if quick else None)


def show_filter_analysis(weights, num_filters=20):
    """The spec's Gabor analysis figures of filters ``weights`` [196, num filters]; returns (opt_frq, opt_ang)."""
    import pydeep.misc.visualization as vis
    opt_frq, opt_ang = vis.filter_frequency_and_angle(weights, num_of_angles=40)
    vis.imshow_filter_tuning_curve(weights[:, 0:num_filters], num_of_ang=40)
    vis.imshow_filter_optimal_gratings(weights[:, 0:num_filters], opt_frq[0:num_filters], opt_ang[0:num_filters])
    vis.imshow_filter_frequency_angle_histogram(opt_frq=opt_frq, opt_ang=opt_ang, max_wavelength=14)
    return opt_frq, opt_ang


def describe_dataset(provenance, name):
    """A one-line description of the data set a loader of :mod:`pydeep.misc.io` read.

    Parameters
    ----------
    provenance : pydeep.misc.io.Provenance
        As returned by the loader with ``return_provenance=True``.
    name : str
        The original data set's name, e.g. 'MNIST'.
    """
    if provenance.substitute:
        return f"{provenance.source or 'SUBSTITUTE for ' + name} ({provenance.path})"
    if provenance.source:
        return f"{name}: {provenance.source} ({provenance.path})"
    return f"{name} ({provenance.path})"


def load_mnist(binary, quick=False, num_train=None, num_test=None):
    """MNIST as the spec loads it, ``io.load_mnist("mnist.pkl.gz", binary)``, or else as prepared by ``pydeep data mnist``.

    Parameters
    ----------
    binary : bool
        Binarize at 0.5.
    quick : bool
        Keep only the first ``num_train`` training, validation and ``num_test``
        test images (defaults 1000 / 200 / 500).

    Returns
    -------
    (list of six arrays as ``io.load_mnist`` returns them, dataset description str)

    Raises
    ------
    FileNotFoundError
        MNIST is neither at ./mnist.pkl.gz nor prepared by ``pydeep data mnist``.
    """
    import pydeep.misc.io as io
    from pydeep.misc.datasets import find_mnist
    path = find_mnist("mnist.pkl.gz")
    sets, provenance = io.load_mnist(path, binary, return_provenance=True)
    if path != "mnist.pkl.gz":
        provenance = provenance._replace(source="IDX files prepared by `pydeep data mnist`")
    dataset = describe_dataset(provenance, "MNIST")
    if quick:
        num_train = 1000 if num_train is None else num_train
        num_test = 500 if num_test is None else num_test
        limits = [num_train, num_train, 200, 200, num_test, num_test]
        sets = [s[:n] for s, n in zip(sets, limits)]
        dataset += f", quick subset ({num_train} train, {min(200, len(sets[2]))} valid, {num_test} test)"
    print("Dataset: " + dataset)
    return sets, dataset


def load_natural_images(quick=False, num_quick=3000):
    """The 70,000 natural image patches of 14x14 pixels, [N, 196] float64.

    Van Hateren's ``NaturalImage.mat`` in the current folder, else the file of
    that name in the data folder. If there is none, the substitute of
    :func:`pydeep.misc.datasets.prepare_natural_image_patches` is prepared in the
    data folder (once) and used; the description says so. ``quick`` keeps the
    first ``num_quick`` patches.

    Returns
    -------
    (numpy array [N, 196], dataset description str)
    """
    import pydeep.misc.io as io
    from pydeep.misc import datasets
    path = "NaturalImage.mat"
    if not os.path.isfile(path):
        path = os.path.join(datasets.data_folder(), datasets.NATURAL_IMAGES_FILE)
        if not os.path.isfile(path):
            print("NaturalImage.mat not found: preparing the substitute natural image patches in "
                  + datasets.data_folder())
            path = datasets.prepare_natural_image_patches()
    data, provenance = io.load_natural_image_patches(path, return_provenance=True)
    dataset = describe_dataset(provenance, "van Hateren natural image patches (NaturalImage.mat)")
    if quick:
        data = data[:num_quick]
        dataset += f", quick subset ({data.shape[0]} patches)"
    print("Dataset: " + dataset)
    return data, dataset


def table_line(cells, width=12):
    """One line of a printed table: the cells right-aligned in columns of ``width`` characters.

    Floats are shown with 6 significant digits; print the header with the same function.
    """
    return "".join(f"{c:>{width}.6g}" if isinstance(c, float) else f"{c!s:>{width}}" for c in cells)


def mean_of(values):
    """``float(numpy.mean(values))``."""
    return float(np.mean(values))


def check_finite_numbers(result):
    """Names of the entries of ``result`` (recursively) that are not finite numbers."""
    bad = []

    def visit(value, name):
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, f"{name}.{key}" if name else str(key))
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                visit(item, f"{name}[{index}]")
        elif isinstance(value, (bool, str)) or value is None:
            return
        elif not np.isfinite(value):
            bad.append(name)

    visit(result, "")
    return bad


def flatten(value, prefix=""):
    """Nested dicts/lists -> {"a.0.b": number}: the paths of all numbers (bools and strings dropped)."""
    flat = {}
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        if not isinstance(value, (bool, str)) and value is not None:
            flat[prefix] = value
        return flat
    for key, item in items:
        flat.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    return flat


def autoencoder_epoch_row(ae, epoch, train_data, test_data):
    """Print and return the AE tutorials' per-epoch line: reconstruction errors and mean hidden activity."""
    row = {"epoch": epoch, "re_train": mean_of(ae.reconstruction_error(train_data)),
           "re_test": mean_of(ae.reconstruction_error(test_data)),
           "sparseness_train": mean_of(ae.encode(train_data)),
           "sparseness_test": mean_of(ae.encode(test_data))}
    print(epoch, ' \t\t', row["re_train"], ' \t', row["re_test"], ' \t', row["sparseness_train"], ' \t',
          row["sparseness_test"])
    return row


def train_autoencoder(ae, train_data, test_data, max_epochs, batch_size, **train_options):
    """The AE tutorials' loop: per epoch a shuffle, the epoch line, then one pass of GDTrainer.train.

    Returns the shuffled training data and the epoch rows (epochs 0 ... max_epochs).
    """
    import pydeep.ae.trainer as ae_trainer
    trainer = ae_trainer.GDTrainer(ae)
    epochs_log = []
    print('Training')
    print('Epoch\tRE train\t\tRE test\t\t\tSparsness train\t\tSparsness test ')
    for epoch in range(0, max_epochs + 1):
        train_data = np.random.permutation(train_data)
        epochs_log.append(autoencoder_epoch_row(ae, epoch, train_data, test_data))
        if epoch == max_epochs:  # the spec trains once more after the last print; its numbers are never shown
            break
        for b in range(0, train_data.shape[0], batch_size):
            trainer.train(data=train_data[b:(b + batch_size), :], num_epochs=1, **train_options)
    return train_data, epochs_log


def rbm_log_likelihoods(rbm, logz, train_data, test_data):
    """Mean log-likelihood of the training and test data for the log partition function ``logz``."""
    from pydeep.rbm import estimator
    return (mean_of(estimator.log_likelihood_v(rbm, logz, train_data)),
            mean_of(estimator.log_likelihood_v(rbm, logz, test_data)))


def report_partition(label, key, rbm, logz, train_data, test_data, result):
    """Print the spec's '<label> Partition: Z (LL train: .., LL test: ..)' line; record it under ``key``."""
    ll_train, ll_test = rbm_log_likelihoods(rbm, logz, train_data, test_data)
    print("{} Partition: {} (LL train: {}, LL test: {})".format(label, logz, ll_train, ll_test))
    result.update({key + "logZ": float(logz), key + "ll_train": ll_train, key + "ll_test": ll_test})


def report_annealing(rbm, betas, train_data, test_data, result, raise_points):
    """AIS, reverse AIS from the training data and RAISE on test points, with the gaps that expose a bad estimate.

    Prints the spec's 'AIS Partition' and 'reverse AIS Partition' lines (reverse AIS now
    starts from the training data, so it is an estimate of its own instead of agreeing
    with AIS by construction), their gap, and the mean RAISE log-likelihood of the first
    ``raise_points`` test images beside the AIS-based one of the same images (a second
    estimate that needs no log Z). Records
    ``ais_*``, ``rais_*`` (with effective sample sizes), ``bracket_nats``, ``annealing_time_s``
    (AIS + reverse AIS, without the log-likelihood evaluations), ``raise_ll_test``,
    ``ais_ll_test_subset`` and ``raise_gap_nats``.
    """
    import time

    import pydeep.rbm.estimator as estimator

    start = time.perf_counter()
    ais = estimator.annealed_importance_sampling(rbm, betas=betas)
    annealing_seconds = time.perf_counter() - start
    report_partition("AIS", "ais_", rbm, ais[0], train_data, test_data, result)
    start = time.perf_counter()
    rais = estimator.reverse_annealed_importance_sampling(rbm, betas=betas, data=train_data)
    annealing_seconds += time.perf_counter() - start
    report_partition("reverse AIS", "rais_", rbm, rais[0], train_data, test_data, result)
    bracket = rais[0] - ais[0]
    print("Reverse AIS (from data) - AIS: {:.4f} nats (effective sample sizes {:.1f} / {:.1f} of {})".format(
        bracket, ais.effective_sample_size, rais.effective_sample_size, ais.log_weights.size))
    print("AIS + reverse AIS time: {:.1f} s".format(annealing_seconds))
    subset = test_data[:raise_points]
    raised = mean_of(estimator.reverse_annealed_log_likelihood_v(rbm, subset, num_chains=1, betas=betas))
    ais_subset = mean_of(estimator.log_likelihood_v(rbm, ais[0], subset))
    print("RAISE LL test ({} images): {} (AIS-based LL of the same images: {}, gap {:.4f} nats)".format(
        subset.shape[0], raised, ais_subset, ais_subset - raised))
    result.update({"ais_ess": ais.effective_sample_size, "rais_ess": rais.effective_sample_size,
                   "bracket_nats": float(bracket), "annealing_time_s": annealing_seconds, "raise_ll_test": raised, "ais_ll_test_subset": ais_subset,
                   "raise_gap_nats": float(ais_subset - raised), "raise_points": int(subset.shape[0])})


def show_rbm_figures(rbm, train_data, v1, v2, h1, h2, out, prefix, quick=False):
    """The MNIST RBM tutorials' figures (reordered filters, samples), saved as PNG into ``out``."""
    if not wants_figures(out):
        return
    import pydeep.misc.visualization as vis
    reordered_rbm = vis.reorder_filter_by_hidden_activation(rbm, train_data)
    vis.imshow_standard_rbm_parameters(reordered_rbm, v1, v2, h1, h2)
    samples = vis.generate_samples(rbm, train_data[0:30], 30, 1, v1, v2, False, None)
    vis.imshow_matrix(samples, 'Samples')
    save_figures(out, prefix, quick)
