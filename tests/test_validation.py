import numpy as np
import pytest

from pydeep._validation import (check_array, check_betas, check_bool, check_dtype, check_one_hot,
                                check_option, check_positive_int, check_scalar)


def test_check_array_converts_and_checks_shape():
    x = check_array([[1, 2], [3, 4]], "data", ndim=2, n_cols=2, dtype=np.float32)
    assert x.dtype == np.float32 and x.shape == (2, 2)
    assert check_array(np.ones(3), "v", ndim=2, allow_1d=True).shape == (1, 3)
    a = np.ones((2, 2))
    assert check_array(a, "a") is a
    assert check_array(a, "a", copy=True) is not a


@pytest.mark.parametrize("kwargs, x, error, match", [
    (dict(ndim=2), np.ones(3), ValueError, "data must be a 2-D array"),
    (dict(n_cols=4), np.ones((2, 3)), ValueError, "4 columns"),
    (dict(n_rows=4), np.ones((2, 3)), ValueError, "4 rows"),
    (dict(shape=(None, 3)), np.ones((2, 2)), ValueError, r"shape \(n, 3\)"),
    (dict(), np.array([1.0, np.nan]), ValueError, "NaN or inf"),
    (dict(), np.array([1.0, np.inf]), ValueError, "NaN or inf"),
    (dict(), np.array(["a"]), TypeError, "numeric"),
    (dict(), None, TypeError, "got None"),
])
def test_check_array_rejects(kwargs, x, error, match):
    with pytest.raises(error, match=match):
        check_array(x, "data", **kwargs)


def test_check_array_allows_non_finite_when_asked():
    assert np.isnan(check_array([np.nan], "x", finite=False)).all()


def test_scalars_ints_options_bools_dtypes():
    assert check_positive_int(3, "n") == 3 and check_positive_int(0, "n", allow_zero=True) == 0
    assert check_positive_int(4.0, "n") == 4
    for bad, err in ((0, ValueError), (-1, ValueError), (1.5, TypeError), (True, TypeError)):
        with pytest.raises(err, match="n"):
            check_positive_int(bad, "n")
    assert check_scalar(0.5, "eps", low=0, high=1) == 0.5
    for bad, err in ((-0.1, ValueError), (1.1, ValueError), (np.nan, ValueError), ("a", TypeError)):
        with pytest.raises(err, match="eps"):
            check_scalar(bad, "eps", low=0, high=1)
    with pytest.raises(ValueError, match="> 0"):
        check_scalar(0.0, "eps", low=0, low_inclusive=False)
    assert check_option("Cols", "restriction_norm", ("Cols", "Rows")) == "Cols"
    with pytest.raises(ValueError, match=r"restriction_norm must be one of \['Cols', 'Rows'\]"):
        check_option("cols", "restriction_norm", ("Cols", "Rows"))
    assert check_bool(np.bool_(True), "flag") is True
    with pytest.raises(TypeError, match="flag"):
        check_bool(1, "flag")
    assert check_dtype(np.float32) is np.float32 and check_dtype("float64") is np.float64
    assert check_dtype(np.longdouble, allow_longdouble=True) is np.longdouble
    for bad in (np.int32, np.longdouble, "nonsense"):
        with pytest.raises(TypeError, match="dtype"):
            check_dtype(bad)


def test_check_betas():
    np.testing.assert_allclose(check_betas(3), [0.0, 0.5, 1.0])
    np.testing.assert_allclose(check_betas([0, 0.2, 1]), [0, 0.2, 1])
    for bad in (1, [0.1, 1.0], [0.0, 0.9], [0.0, 0.5, 0.4, 1.0], [0.0], [0.0, np.nan, 1.0]):
        with pytest.raises(ValueError, match="betas"):
            check_betas(bad)


def test_check_one_hot():
    check_one_hot(np.eye(3), "labels")
    for bad in ([[1, 1, 0]], [[0, 0, 0]], [[0.5, 0.5, 0]]):
        with pytest.raises(ValueError, match="labels must be one-hot"):
            check_one_hot(np.array(bad), "labels")


def test_check_function_accepts_instances_and_classes_as_their_default_instance():
    import pydeep.base.activationfunction as act
    import pydeep.base.costfunction as cost
    from pydeep._validation import check_function
    assert check_function(act.Sigmoid, "f") is act.Sigmoid            # class methods: the class itself
    assert check_function(cost.SquaredError, "c") is cost.SquaredError
    instance = act.LeakyRectifier(0.2)
    assert check_function(instance, "f") is instance
    leaky = check_function(act.LeakyRectifier, "f")                    # instance methods: a default instance
    assert isinstance(leaky, act.LeakyRectifier) and leaky.negativeSlope == 0.01
    with pytest.raises(TypeError, match=r"hidden_activation_function: the class KWinnerTakeAll needs constructor"):
        check_function(act.KWinnerTakeAll, "hidden_activation_function")
    with pytest.raises(TypeError, match="cost_function must be"):
        check_function("CrossEntropyError", "cost_function")
    with pytest.raises(TypeError, match="the class int"):
        check_function(int, "f")


SCALAR_CASES = [0, 1, 2, -1, 0.0, 1.0, 0.5, -0.0, 1.0 + 1e-16, 1e-300, 1e300, 1e308, -1e308, 10 ** 400,
                float("nan"), float("inf"), -float("inf"), True, False, np.float64(0.5), np.float32(2.0),
                np.int64(1), np.array(0.3), np.array([0.3]), "0.5", None, [0.1]]
SCALAR_BOUNDS = [dict(), dict(low=0.0), dict(low=0.0, high=1.0), dict(low=0.0, high=1.0, high_inclusive=False),
                 dict(low=-1.0, high=1e300)]


@pytest.mark.parametrize("bounds", SCALAR_BOUNDS)
@pytest.mark.parametrize("value", SCALAR_CASES, ids=repr)
def test_scalar_check_shortcut_agrees_with_the_full_check(value, bounds):
    """check_scalar's shortcut for plain floats and ints returns and raises exactly what its full path does
    (the same value as a one-element array takes the full path)."""
    def outcome(argument):
        try:
            result = check_scalar(argument, "reg", **bounds)
        except (TypeError, ValueError, OverflowError) as err:
            return type(err), str(err)
        return type(result), result

    if type(value) in (float, int):
        assert outcome(value) == outcome(np.array([value]))
