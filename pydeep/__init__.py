"""pydeep: unsupervised and energy-based learning in readable NumPy.

A Python 3 implementation of the PyDeep 1.1 API: ``pydeep.base``,
``pydeep.preprocessing``, ``pydeep.rbm``, ``pydeep.ae``, ``pydeep.fnn``,
``pydeep.dbm`` and ``pydeep.misc``.
"""
__version__ = "1.1.0"
