"""Stacked auto-encoders: a chain of trained :class:`pydeep.ae.model.AutoEncoder` layers.

Examples
--------
>>> sae = SAE([ae1, ae2])          # ae1.output_dim == ae2.input_dim
>>> code = sae.forward_propagate(x)
>>> x_rec = sae.backward_propagate(code)
"""
from pydeep.ae.model import AutoEncoder
from pydeep.base.basicstructure import StackOfBipartiteGraphs


class SAE(StackOfBipartiteGraphs):
    """Stack of auto-encoders; layer i's code is layer i+1's input.

    Parameters
    ----------
    list_of_autoencoders : list of AutoEncoder
        Consecutive sizes must match (``output_dim`` of one = ``input_dim`` of the next).

    Attributes
    ----------
    states : list of numpy arrays or None
        Data at each of the ``num_layers + 1`` levels after the last propagation.
    """

    def __init__(self, list_of_autoencoders):
        if not isinstance(list_of_autoencoders, (list, tuple)):
            raise TypeError("list_of_autoencoders must be a list of AutoEncoder objects; "
                            f"got {type(list_of_autoencoders).__name__}")
        for i, layer in enumerate(list_of_autoencoders):
            self._check_autoencoder(layer, f"list_of_autoencoders[{i}]")
        super().__init__(list_of_layers=list_of_autoencoders)

    @staticmethod
    def _check_autoencoder(layer, name):
        if not isinstance(layer, AutoEncoder):
            raise TypeError(f"{name} must be a pydeep.ae.model.AutoEncoder; got {type(layer).__name__}")

    def append_layer(self, layer):
        """Append the auto-encoder ``layer``; its input_dim must equal the current output size."""
        self._check_autoencoder(layer, "layer")
        super().append_layer(layer)

    def __setitem__(self, key, value):
        self._check_autoencoder(value, "value")
        super().__setitem__(key, value)

    @staticmethod
    def _forward(layer, x):
        return layer.encode(x)

    @staticmethod
    def _backward(layer, y):
        return layer.decode(y)

    def forward_propagate(self, input_data):
        """Encode input_data [batchsize, input dim] through all layers -> [batchsize, output dim]."""
        return super().forward_propagate(input_data)

    def backward_propagate(self, output_data):
        """Decode output_data [batchsize, output dim] back through all layers -> [batchsize, input dim]."""
        return super().backward_propagate(output_data)
