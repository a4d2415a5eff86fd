"""Progress display for long loops: a tqdm bar when tqdm is installed, printed percentages otherwise.

Examples
--------
>>> for step in progress(range(1000), 1000, "AIS"):
...     pass
"""


def progress(iterable, total, description, enabled=True):
    """Wrap ``iterable`` (of ``total`` items) in a progress display labelled ``description``.

    Parameters
    ----------
    iterable : iterable
    total : int
        Number of items (for the percentage).
    description : str
    enabled : bool
        False returns ``iterable`` unchanged.
    """
    if not enabled:
        return iterable
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is an optional dependency
        return _printed(iterable, total, description)
    return tqdm(iterable, total=total, desc=description)


def _printed(iterable, total, description):
    print(f"{description}:")
    step = max(total // 10, 1)
    for i, item in enumerate(iterable, 1):
        yield item
        if i % step == 0 or i == total:
            print(f"{100.0 * i / total:6.2f} %")
