"""scikit-learn estimators on top of pydeep (placeholder docstring)."""
from pydeep.sklearn.autoencoder import AutoEncoder
from pydeep.sklearn.dbm import DBM
from pydeep.sklearn.fnn import FNNClassifier
from pydeep.sklearn.preprocessing import ICA, ZCA
from pydeep.sklearn.rbm import RBM

__all__ = ["RBM", "AutoEncoder", "FNNClassifier", "ZCA", "ICA", "DBM"]
