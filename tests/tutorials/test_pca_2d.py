import os

import numpy as np
import pytest

from pydeep.misc.toyproblems import generate_2d_mixtures
from pydeep.tutorials import pca_2d


def test_pca_2d_numbers_match_direct_computation(capsys):
    result = pca_2d.run(quick=True)
    out = capsys.readouterr().out
    assert "Eigenvalues:" in out
    np.random.seed(42)
    data, _ = generate_2d_mixtures(result["num_samples"], 0.0, 3.0)
    values, vectors = np.linalg.eigh(np.cov(data.T))
    np.testing.assert_allclose(result["eigen_values"], values[::-1], rtol=1e-8)
    components = np.array(result["principal_components"])
    np.testing.assert_allclose(np.abs(components.T @ vectors[:, ::-1]), np.eye(2), atol=1e-8)
    np.testing.assert_allclose(result["whitened_covariance"], np.eye(2), atol=1e-10)
    # sources of scale 3 have variance 18; unit mixing columns keep the total variance near 36
    assert abs(sum(result["eigen_values"]) - 36.0) < 4.0


def test_pca_2d_saves_three_figures(tmp_path):
    pytest.importorskip("matplotlib")
    pca_2d.run(out=str(tmp_path), quick=True)
    assert sorted(os.listdir(tmp_path)) == ["pca_2d_data_with_estimated_principal_components.png",
                                            "pca_2d_data_with_estimated_principal_components_in_projected_space.png",
                                            "pca_2d_data_with_estimated_principal_components_in_whitened_space.png"]
