"""A layer of an RBM: unit types side by side.

Most layers hold one unit type; the label RBMs append a fixed-width group of
softmax label units to their data units. :class:`Layer` applies every method of
:class:`pydeep.rbm.units.Units` segment by segment and answers the layer's
capabilities from its unit types.

Examples
--------
>>> layer = Layer(BinaryUnits(), (SoftmaxUnits(), 10))     # 784 pixels + 10 labels
>>> layer.enumerable, layer.num_tail
(True, 10)
"""
import numpy as np


class Layer:
    """A layer made of unit-type segments side by side.

    Parameters
    ----------
    units : pydeep.rbm.units.Units
        The units of the first columns (all columns when ``tail`` is None).
    tail : (Units, int) or None
        A fixed-width segment at the end, e.g. ``(SoftmaxUnits(), num_labels)``.

    Units with a sigma may only form the first segment; ``sigma`` [1, n_first] then
    belongs to them.
    """

    def __init__(self, units, tail=None):
        if tail is not None and tail[0].has_sigma:
            raise ValueError("units with a sigma may only form the first segment of a layer")
        self.units = units
        self.tail = tail

    # ------------------------------------------------------------------ capabilities
    @property
    def unit_types(self):
        """The unit types of the segments, first to last."""
        return (self.units,) if self.tail is None else (self.units, self.tail[0])

    @property
    def has_sigma(self):
        return self.units.has_sigma

    @property
    def continuous(self):
        """True if any segment has real-valued states (no enumeration possible)."""
        return self.units.continuous or (self.tail is not None and self.tail[0].continuous)

    @property
    def enumerable(self):
        """True if the states can be listed: enumerable independent units, then at most one one-hot group."""
        first_ok = self.units.enumerable and not self.units.one_hot
        return first_ok and (self.tail is None or self.tail[0].one_hot)

    @property
    def centered_bias_gradient(self):
        """True if every segment's bias statistic is a centered sum (see ``Units.centered_bias_gradient``)."""
        return all(unit.centered_bias_gradient for unit in self.unit_types)

    @property
    def num_tail(self):
        """Width of the tail segment (the label units), 0 without one."""
        return 0 if self.tail is None else self.tail[1]

    @property
    def description(self):
        """The unit types in words, e.g. 'binary + softmax label'."""
        return " + ".join(unit.name for unit in self.unit_types)

    def __repr__(self):
        tail = "" if self.tail is None else f", ({self.tail[0]!r}, {self.tail[1]})"
        return f"Layer({self.units!r}{tail})"

    # ------------------------------------------------------------------ column segments
    def segments(self, width):
        """List of (unit type, column slice) for a layer of ``width`` columns."""
        if self.tail is None:
            return [(self.units, slice(None))]
        n_tail = self.tail[1]
        return [(self.units, slice(0, width - n_tail)), (self.tail[0], slice(width - n_tail, width))]

    @staticmethod
    def _cols(x, cols):
        return x if (cols == slice(None) or not isinstance(x, np.ndarray) or x.ndim == 0) else x[:, cols]

    def _sum(self, method, first, *rest, sigma=None):
        total = 0.0
        for unit, cols in self.segments(first.shape[1]):
            args = [self._cols(a, cols) for a in (first,) + rest]
            total = total + getattr(unit, method)(*args, sigma)
        return total

    def _map(self, method, x, *extra, sigma=None):
        if self.tail is None:
            return getattr(self.units, method)(x, *extra, sigma)
        return np.concatenate([getattr(unit, method)(x[:, cols], *[self._cols(e, cols) for e in extra], sigma)
                               for unit, cols in self.segments(x.shape[1])], axis=1)

    # ------------------------------------------------------------------ energy terms
    def scale(self, sigma, width):
        """Interaction scale k [1, width] or None when it is 1 everywhere."""
        k = self.units.scale(sigma)
        if k is None or self.tail is None:
            return k
        return np.concatenate([k, np.ones((1, width - k.shape[1]), dtype=k.dtype)], axis=1)

    def quadratic(self, s, sigma):
        """Sum of Q(s): [batch, 1] or 0.0."""
        return self._sum("quadratic", s, sigma=sigma)

    def const(self, bias, offset, sigma):
        """Sum of C(bias): [rows, 1] or 0.0."""
        return self._sum("const", bias, offset, sigma=sigma)

    def log_partition(self, field, offset, sigma):
        """Sum of the log-partition terms: [batch, 1]."""
        return self._sum("log_partition", field, offset, sigma=sigma)

    def log_partition_increment(self, field, delta, offset, sigma, overwrite=False):
        """log_partition(field + delta) - log_partition(field) in float64, unit by unit: [batch, 1]."""
        total = 0.0
        for unit, cols in self.segments(field.shape[1]):
            args = [self._cols(a, cols) for a in (field, delta, offset)]
            total = total + unit.log_partition_increment(*args, sigma, overwrite=overwrite)
        return total

    def annealing_increment(self, field, beta_from, beta_to, offset, sigma):
        """(log_partition(beta_to field) - log_partition(beta_from field) [batch, 1] float64, means at beta_to).

        ``field`` may be overwritten.
        """
        if self.tail is None:
            return self.units.annealing_increment(field, beta_from, beta_to, offset, sigma)
        change, means = 0.0, []
        for unit, cols in self.segments(field.shape[1]):
            part, mean = unit.annealing_increment(field[:, cols], beta_from, beta_to, self._cols(offset, cols), sigma)
            change, means = change + part, means + [mean]
        return change, np.concatenate(means, axis=1)

    def own_energy(self, s, bias, offset, sigma):
        """Q(s) - sum k (s - o) b + C(b) summed over the segments: [batch, 1]."""
        return self._sum("own_energy", s, bias, offset, sigma=sigma)

    # ------------------------------------------------------------------ conditionals
    def mean(self, field, sigma):
        """Conditional means [batch, width]."""
        if self.tail is None:                      # (the hot paths call the one unit type directly)
            return self.units.mean(field, sigma)
        return self._map("mean", field, sigma=sigma)

    def mean_inplace(self, field, sigma):
        """Conditional means, possibly written over ``field`` (fast sigmoid; sampling and training paths)."""
        if self.tail is None:
            return self.units.mean_inplace(field, sigma)
        return self._map("mean_inplace", field, sigma=sigma)

    def sample(self, mean, sigma, rng):
        """Samples [batch, width] from the conditionals with the given means."""
        if self.tail is None:
            return self.units.sample(mean, sigma, rng)
        return np.concatenate([unit.sample(mean[:, cols], sigma, rng) for unit, cols in self.segments(mean.shape[1])],
                              axis=1)

    # ------------------------------------------------------------------ learning and initialisation
    def bias_gradient(self, s, bias, offset, sigma):
        """d(-E)/d bias summed over the batch: [1, width]."""
        return self._map("bias_gradient", s, bias, offset, sigma=sigma)

    def _per_segment(self, method, row):
        if self.tail is None:
            return getattr(self.units, method)(row)
        return np.concatenate([getattr(unit, method)(row[:, cols]) for unit, cols in self.segments(row.shape[1])],
                              axis=1)

    def fitted_bias(self, mean):
        """Maximum-likelihood bias of independent units with the given mean [1, width]."""
        return self._per_segment("fitted_bias", mean)

    def initial_bias(self, mean):
        """The 'AUTO' initial bias for data with this mean [1, width]."""
        return self._per_segment("initial_bias", mean)

    def inverse_sigmoid_bias(self, offsets):
        """The 'INVERSE_SIGMOID' initial bias for these offsets [1, width]."""
        return self._per_segment("inverse_sigmoid_bias", offsets)

    # ------------------------------------------------------------------ domain
    def check_states(self, s, name):
        """Return ``s``, or raise ValueError naming ``name`` if a row is not a valid state of this layer."""
        for unit, cols in self.segments(s.shape[1]):
            unit.check_states(self._cols(s, cols), name)
        return s

    def check_means(self, m, name):
        """Return ``m``, or raise ValueError naming ``name`` if a row is not a valid conditional mean."""
        for unit, cols in self.segments(m.shape[1]):
            unit.check_means(self._cols(m, cols), name)
        return m
