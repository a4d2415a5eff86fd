"""Tests of pydeep.base.blas: gemm against a float64 product, its fallback, and that numpy's BLAS is found."""
import numpy as np
import pytest

from pydeep.base import blas


def operands(dtype, m=7, k=5, n=4, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((m, k)).astype(dtype), rng.standard_normal((k, n)).astype(dtype),
            rng.standard_normal((m, n)).astype(dtype))


def expected(alpha, a, b, beta, c):
    return alpha * (a.astype(np.float64) @ b.astype(np.float64)) + beta * c.astype(np.float64)


TOLERANCE = {np.float32: 1e-5, np.float64: 1e-13}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("layout", ["CC", "FC", "CF", "FF"])
@pytest.mark.parametrize("alpha, beta", [(1.0, 1.0), (0.25, 1.0), (-3.0, 0.5), (2.0, 0.0)])
def test_gemm_adds_the_scaled_product_in_place(dtype, layout, alpha, beta):
    a, b, c = operands(dtype)
    want = expected(alpha, a, b, beta, c)
    a = np.asfortranarray(a) if layout[0] == "F" else a
    b = np.asfortranarray(b) if layout[1] == "F" else b
    result = blas.gemm(alpha, a, b, beta, c)
    assert result is c
    np.testing.assert_allclose(c, want, rtol=TOLERANCE[dtype], atol=TOLERANCE[dtype])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gemm_of_transposed_views_as_the_training_steps_call_it(dtype):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((20, 9)).astype(dtype)
    y = rng.standard_normal((20, 6)).astype(dtype)
    w = rng.standard_normal((9, 6)).astype(dtype)
    want = expected(0.01, x.T, y, 1.0, w)
    blas.gemm(0.01, x.T, y, 1.0, w)
    np.testing.assert_allclose(w, want, rtol=TOLERANCE[dtype], atol=TOLERANCE[dtype])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_beta_zero_does_not_read_c(dtype):
    a, b, c = operands(dtype)
    c[...] = np.nan
    blas.gemm(1.5, a, b, 0.0, c)
    np.testing.assert_allclose(c, 1.5 * (a.astype(np.float64) @ b), rtol=TOLERANCE[dtype], atol=TOLERANCE[dtype])


def fallback_cases():
    a, b, c = operands(np.float64, m=8, k=6, n=5)
    yield "strided a", a[::2], b[:, :], c[::2].copy()
    yield "strided b", a, b[:, ::2], c[:, ::2].copy()
    yield "Fortran c", a, b, np.asfortranarray(c)
    yield "float32 a", a.astype(np.float32), b, c.copy()
    yield "empty k", a[:, :0], b[:0], c.copy()
    buffer = np.arange(88, dtype=np.float64) / 10.0    # contiguous a [8, 6] and c [8, 5] that overlap
    yield "c shares memory with a", buffer[:48].reshape(8, 6), b, buffer[40:80].reshape(8, 5)


@pytest.mark.parametrize("name, a, b, c", list(fallback_cases()), ids=[case[0] for case in fallback_cases()])
def test_operands_the_blas_call_cannot_take_give_the_same_result(name, a, b, c):
    want = expected(0.5, a, b, 2.0, c)
    blas.gemm(0.5, a, b, 2.0, c)
    np.testing.assert_allclose(c, want, rtol=1e-12, atol=1e-12)


def test_the_blas_numpy_is_linked_against_is_called_when_it_is_numpys_openblas64():
    config = getattr(np, "__config__").CONFIG["Build Dependencies"]["blas"]
    if config.get("name") != "scipy-openblas" or "USE64BITINT" not in config.get("openblas configuration", ""):
        pytest.skip("numpy is not the PyPI wheel with scipy-openblas64")
    assert blas.native_available()


def test_the_native_call_does_not_go_through_numpy(monkeypatch):
    if not blas.native_available():
        pytest.skip("no native gemm here")
    a, b, c = operands(np.float64)
    want = expected(1.0, a, b, 1.0, c)

    def refuse(*args, **kwargs):
        raise AssertionError("np.dot called")

    monkeypatch.setattr(blas.np, "dot", refuse)
    blas.gemm(1.0, a, b, 1.0, c)
    monkeypatch.undo()
    np.testing.assert_allclose(c, want, rtol=1e-13, atol=1e-13)


def test_threadpoolctl_lists_the_blas_libraries():
    controllers = blas.blas_controllers()
    assert controllers, "threadpoolctl finds no BLAS"
    assert all(hasattr(c, "num_threads") for c in controllers)
