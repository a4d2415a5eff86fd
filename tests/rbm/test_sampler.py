"""Tests of pydeep.rbm.sampler against exact distributions of tiny binary RBMs (brute-force enumeration).

Distances between an empirical and the exact distribution over the K visible
states are total-variation (TV) distances. For N independent samples
E[TV] <= 0.5 * sqrt(K / N) (Cauchy-Schwarz) and TV concentrates around its mean
with P(TV > E[TV] + t) <= exp(-2 N t**2) (McDiarmid), so ``tv_bound`` (failure
probability 1e-6) is a bound derived from the sample count, not a tuned number.
"""
import numpy as np
import pytest
from scipy.special import logsumexp

from helpers.builders import random_binary_rbm
from helpers.rbm_oracles import all_binary, binary_energy_matrix
from pydeep.rbm import sampler

V, H = 4, 3


def make_bb(scale=1.5, dtype=np.float64, seed=3, rng=None, num_v=V, num_h=H):
    return random_binary_rbm(num_v, num_h, np.random.default_rng(seed), scale, offset_range=(0.2, 0.8), dtype=dtype,
                             rng=rng)


def exact_pv(m, beta=1.0):
    """Exact p(v) over all_binary(V) (counting order) at inverse temperature beta."""
    log_pv = logsumexp(-beta * binary_energy_matrix(m, all_binary(m.input_dim), all_binary(m.output_dim)), axis=1)
    return np.exp(log_pv - logsumexp(log_pv))


def empirical(samples):
    samples = np.asarray(samples)
    assert set(np.unique(samples)) <= {0.0, 1.0}
    index = samples.astype(np.int64) @ (2 ** np.arange(samples.shape[1] - 1, -1, -1))
    return np.bincount(index, minlength=2 ** samples.shape[1]) / samples.shape[0]


def tv(p, q):
    return 0.5 * np.abs(p - q).sum()


def tv_bound(num_states, num_samples, delta=1e-6):
    return 0.5 * np.sqrt(num_states / num_samples) + np.sqrt(np.log(1 / delta) / (2 * num_samples))


def assert_matches(samples, p_exact, num_effective=None):
    n = samples.shape[0] if num_effective is None else num_effective
    bound = tv_bound(p_exact.size, n)
    uniform = np.full(p_exact.size, 1.0 / p_exact.size)
    assert tv(p_exact, uniform) > 2 * bound, "test model too close to uniform to discriminate"
    assert tv(empirical(samples), p_exact) < bound


def sample_joint(m, beta, n, gen):
    """n exact samples (v, h) from the joint at inverse temperature beta, by enumeration."""
    av, ah = all_binary(m.input_dim), all_binary(m.output_dim)
    logp = -beta * binary_energy_matrix(m, av, ah)
    p = np.exp(logp - logsumexp(logp)).ravel()
    idx = gen.choice(p.size, size=n, p=p)
    return av[idx // ah.shape[0]], ah[idx % ah.shape[0]]


# ----------------------------------------------------------------------------- Gibbs
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_gibbs_chains_reproduce_exact_distribution(dtype):
    m = make_bb(dtype=dtype)
    s = sampler.GibbsSampler(m)
    samples = s.sample(np.zeros((20000, V), dtype), k=30)
    assert samples.dtype == dtype and samples.shape == (20000, V)
    assert_matches(samples, exact_pv(m))


def test_gibbs_betas_scalar_and_per_row_column():
    m = make_bb()
    s = sampler.GibbsSampler(m)
    assert tv(empirical(s.sample(np.zeros((20000, V)), k=20, betas=0.4)), exact_pv(m, 0.4)) < tv_bound(16, 20000)
    betas = np.repeat([[0.0], [1.0]], 10000, axis=0)
    samples = s.sample(np.zeros((20000, V)), k=20, betas=betas)
    assert tv(empirical(samples[:10000]), np.full(16, 1 / 16)) < tv_bound(16, 10000)
    assert_matches(samples[10000:], exact_pv(m))


def test_gibbs_ret_states_false_returns_last_conditional_probabilities():
    m = make_bb()
    probs = sampler.GibbsSampler(m).sample(np.zeros((500, V)), k=2, ret_states=False)
    assert probs.shape == (500, V) and np.all((probs > 0) & (probs < 1))
    assert not np.all(np.isin(probs, (0.0, 1.0)))
    # Each row is p(v|h) for some hidden state h: it must be one of the 2**H conditionals.
    table = m.probability_v_given_h(all_binary(H))
    distances = np.abs(probs[:, None, :] - table[None]).max(axis=2).min(axis=1)
    assert distances.max() < 1e-12


def test_sample_from_h():
    m = make_bb()
    s = sampler.GibbsSampler(m)
    h = all_binary(H)
    np.testing.assert_array_equal(s.sample_from_h(h, k=1, ret_states=False), m.probability_v_given_h(h))
    samples = s.sample_from_h(np.zeros((20000, H)), k=30)
    assert_matches(samples, exact_pv(m))


# ----------------------------------------------------------------------------- persistent Gibbs
def test_persistent_chains_reproduce_exact_distribution():
    m = make_bb()
    s = sampler.PersistentGibbsSampler(m, 4000)
    s.sample(4000, k=30)  # burn-in
    samples = np.concatenate([s.sample(4000, k=10) for _ in range(4)])
    assert_matches(samples, exact_pv(m))


def test_persistent_chains_persist_and_collect_rounds():
    m = make_bb()
    s = sampler.PersistentGibbsSampler(m, 5)
    first = s.sample(5)
    np.testing.assert_array_equal(first, s.chains)
    many = s.sample(12, k=1)
    assert many.shape == (12, V)
    np.testing.assert_array_equal(many[10:], s.chains[:2])  # third round holds the current chains
    assert s.sample(np.zeros((3, V))).shape == (3, V)  # an array stands for its number of rows
    probs = s.sample(5, ret_states=False)
    assert np.all((probs > 0) & (probs < 1)) and set(np.unique(s.chains)) <= {0.0, 1.0}


def test_persistent_betas_column():
    m = make_bb()
    s = sampler.PersistentGibbsSampler(m, 8000)
    betas = np.zeros((8000, 1))
    samples = s.sample(8000, k=5, betas=betas)
    assert tv(empirical(samples), np.full(16, 1 / 16)) < tv_bound(16, 8000)


# ----------------------------------------------------------------------------- tempering
def test_parallel_tempering_reproduces_exact_distribution():
    m = make_bb(scale=2.0)
    s = sampler.ParallelTemperingSampler(m, num_chains=4, rng=np.random.default_rng(1))
    assert s.betas.shape == (4, 1) and s.betas[0, 0] == 0 and s.betas[-1, 0] == 1
    s.sample(100, k=1)  # burn-in
    samples = s.sample(3000, k=1)
    # Consecutive PT samples are correlated; count only every third one as independent.
    assert_matches(samples, exact_pv(m), num_effective=1000)


def test_independent_parallel_tempering_reproduces_exact_distribution():
    m = make_bb(scale=2.0)
    s = sampler.IndependentParallelTemperingSampler(m, 10000, num_chains=3, betas=np.array([0, 0.6, 1.0]),
                                                     rng=np.random.default_rng(2))
    s.sample(k=20)  # burn-in
    samples = s.sample('AUTO', k=2)
    assert samples.shape == (10000, V)
    assert_matches(samples, exact_pv(m))
    small = sampler.IndependentParallelTemperingSampler(m, 4, num_chains=3)
    more = small.sample(10, k=1)  # three rounds of the 4 instances
    assert more.shape == (10, V)
    np.testing.assert_array_equal(more[8:], small.chains[8:10])
    probs = s.sample(10, ret_states=False)
    assert probs.shape == (10, V) and np.all((probs > 0) & (probs < 1))


def test_swaps_keep_every_temperature_distribution():
    """Exact samples at each beta stay exact after a swap step (detailed balance), and swaps happen."""
    m = make_bb(scale=2.0)
    gen = np.random.default_rng(5)
    betas = np.array([0.0, 0.5, 1.0])
    n = 20000
    pairs = [sample_joint(m, b, n, gen) for b in betas]
    chains = np.concatenate([p[0] for p in pairs])
    hid = np.concatenate([p[1] for p in pairs])
    before = chains.copy()
    joint_before = np.hstack((chains, hid)).reshape(3, n, V + H)
    sampler.IndependentParallelTemperingSampler._swap_chains(chains, 3, hid, m, betas, rng=gen)
    moved = np.any(chains != before, axis=1).reshape(3, n).mean(axis=1)
    assert 0.05 < moved[2] < 0.95 and 0.05 < moved[0] < 0.95
    bound = tv_bound(16, n)
    assert tv(exact_pv(m, 0.5), exact_pv(m, 1.0)) > 2 * bound  # an 'always swap' rule would fail
    for c, beta in enumerate(betas):
        assert tv(empirical(chains[c * n:(c + 1) * n]), exact_pv(m, beta)) < bound
    # Joint states (v, h) move together between the temperatures of one instance.
    joint_after = np.hstack((chains, hid)).reshape(3, n, V + H)
    key = 2 ** np.arange(V + H)
    np.testing.assert_array_equal(np.sort(joint_after @ key, axis=0), np.sort(joint_before @ key, axis=0))


def test_swap_acceptance_probability_is_metropolis():
    m = make_bb(scale=2.0)
    betas = np.array([[0.3], [1.0]])
    # Hot chain (a) at beta 0.3 in a high-energy state, cold chain (b) in a low one.
    va, ha = np.array([[0.0, 1, 1, 1]]), np.array([[0.0, 1, 1]])
    vb, hb = np.array([[1.0, 0, 1, 0]]), np.array([[1.0, 0, 0]])
    ea, eb = binary_energy_matrix(m, va, ha)[0, 0], binary_energy_matrix(m, vb, hb)[0, 0]
    # pi(swapped) / pi(current) = exp(-b_a E_b - b_b E_a + b_a E_a + b_b E_b)
    expected = min(1.0, np.exp(-betas[0, 0] * eb - betas[1, 0] * ea + betas[0, 0] * ea + betas[1, 0] * eb))
    assert 0.05 < expected < 0.95
    gen = np.random.default_rng(7)
    trials = 1500
    swapped = 0
    for _ in range(trials):
        chains, hid = np.vstack((va, vb)), np.vstack((ha, hb))
        sampler.ParallelTemperingSampler._swap_chains(chains, hid, m, betas, rng=gen)
        if np.array_equal(chains[0], vb[0]):
            assert np.array_equal(chains[1], va[0]) and np.array_equal(hid[0], hb[0])
            swapped += 1
        else:
            assert np.array_equal(chains[0], va[0]) and np.array_equal(hid[1], hb[0])
    assert abs(swapped / trials - expected) < 5 * np.sqrt(expected * (1 - expected) / trials)


def test_tempering_chains_and_samples_keep_float32():
    m = make_bb(dtype=np.float32)
    pt = sampler.ParallelTemperingSampler(m, 3)
    ipt = sampler.IndependentParallelTemperingSampler(m, 4, 3)
    assert pt.sample(3).dtype == np.float32 and pt.chains.dtype == np.float32
    assert ipt.sample().dtype == np.float32 and ipt.chains.dtype == np.float32
    assert sampler.PersistentGibbsSampler(m, 3).sample(3).dtype == np.float32


def test_random_generators_reproduce_runs():
    def run(seed):
        m = make_bb(rng=np.random.default_rng(seed))
        return sampler.ParallelTemperingSampler(m, 3, rng=np.random.default_rng(seed + 1)).sample(20)

    np.testing.assert_array_equal(run(3), run(3))
    assert not np.array_equal(run(3), run(4))

    def run_global(seed):
        np.random.seed(seed)
        m = make_bb()
        return sampler.IndependentParallelTemperingSampler(m, 10).sample(k=3)

    np.testing.assert_array_equal(run_global(11), run_global(11))


# ----------------------------------------------------------------------------- bad input
def chain_state(*samplers):
    return [np.array(s.chains, copy=True) for s in samplers]


@pytest.mark.parametrize("call, match", [
    (lambda s: s.sample(np.zeros((2, V + 1))), "vis_states"),
    (lambda s: s.sample(np.full((2, V), np.nan)), "vis_states"),
    (lambda s: s.sample(np.zeros(V)), "vis_states"),
    (lambda s: s.sample(np.zeros((2, V)), k=0), "k"),
    (lambda s: s.sample(np.zeros((2, V)), betas=-0.5), "betas"),
    (lambda s: s.sample(np.zeros((2, V)), betas=np.ones((3, 1))), "betas"),
    (lambda s: s.sample_from_h(np.zeros((2, H + 1))), "hid_states"),
    (lambda s: s.sample_from_h(np.zeros((2, H)), k=-1), "k"),
])
def test_gibbs_bad_input(call, match):
    s = sampler.GibbsSampler(make_bb())
    with pytest.raises(ValueError, match=match):
        call(s)


@pytest.mark.parametrize("call, match", [
    (lambda s: s.sample(0), "num_samples"),
    (lambda s: s.sample(3, k=0), "k"),
    (lambda s: s.sample(3, betas=np.ones((2, 1))), "betas"),
])
def test_persistent_bad_input_leaves_chains(call, match):
    s = sampler.PersistentGibbsSampler(make_bb(), 3)
    before = chain_state(s)
    with pytest.raises(ValueError, match=match):
        call(s)
    np.testing.assert_array_equal(chain_state(s)[0], before[0])


@pytest.mark.parametrize("call, match", [
    (lambda m: sampler.ParallelTemperingSampler(m, 1), "num_chains"),
    (lambda m: sampler.ParallelTemperingSampler(m, 3, betas=np.array([0.1, 0.5, 1.0])), "betas"),
    (lambda m: sampler.ParallelTemperingSampler(m, 3, betas=np.array([0.0, 0.5, 0.9])), "betas"),
    (lambda m: sampler.ParallelTemperingSampler(m, 3, betas=np.array([0.0, 1.0])), "betas"),
    (lambda m: sampler.ParallelTemperingSampler(m, 3, betas=np.array([0.0, 0.7, 0.5, 1.0])), "betas"),
    (lambda m: sampler.IndependentParallelTemperingSampler(m, 0), "num_samples"),
    (lambda m: sampler.IndependentParallelTemperingSampler(m, 5, 3, betas=np.array([0, 1, 1.5])), "betas"),
    (lambda m: sampler.PersistentGibbsSampler(m, 0), "num_chains"),
])
def test_constructor_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call(make_bb())


@pytest.mark.parametrize("cls", [sampler.GibbsSampler, lambda m, rng: sampler.PersistentGibbsSampler(m, 3, rng=rng),
                                 lambda m, rng: sampler.ParallelTemperingSampler(m, 3, rng=rng),
                                 lambda m, rng: sampler.IndependentParallelTemperingSampler(m, 2, 3, rng=rng)])
def test_constructor_rejects_a_bad_rng(cls):
    with pytest.raises(TypeError, match="rng"):
        cls(make_bb(), rng=np.random.RandomState(0))


def test_tempering_sample_bad_input_leaves_chains():
    m = make_bb()
    pt, ipt = sampler.ParallelTemperingSampler(m, 3), sampler.IndependentParallelTemperingSampler(m, 4, 3)
    before = chain_state(pt, ipt)
    for call, match in [(lambda: pt.sample(0), "num_samples"), (lambda: pt.sample(2, k=0), "k"),
                        (lambda: ipt.sample('ALL'), "num_samples"), (lambda: ipt.sample(k=0), "k")]:
        with pytest.raises(ValueError, match=match):
            call()
    for a, b in zip(chain_state(pt, ipt), before):
        np.testing.assert_array_equal(a, b)


def test_model_without_rbm_methods_is_rejected():
    with pytest.raises(TypeError, match="model"):
        sampler.GibbsSampler(object())


# ----------------------------------------------------------------------------- randomness policy
SAMPLERS = [
    lambda m, rng: sampler.GibbsSampler(m, rng=rng).sample(np.zeros((6, V)), k=3),
    lambda m, rng: sampler.GibbsSampler(m, rng=rng).sample_from_h(np.zeros((6, H)), k=2),
    lambda m, rng: sampler.PersistentGibbsSampler(m, 4, rng=rng).sample(9, k=2),
    lambda m, rng: sampler.ParallelTemperingSampler(m, 3, rng=rng).sample(5),
    lambda m, rng: sampler.IndependentParallelTemperingSampler(m, 4, 3, rng=rng).sample(),
]


@pytest.mark.parametrize("run", SAMPLERS)
def test_generator_reproduces_and_leaves_global_and_model_state(run):
    m = make_bb(rng=np.random.default_rng(0))
    state, own = np.random.get_state()[1].copy(), m.rng.generator.bit_generator.state
    a = run(m, np.random.default_rng(9))
    b = run(m, np.random.default_rng(9))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(np.random.get_state()[1], state)
    assert m.rng.generator.bit_generator.state == own
    assert not np.array_equal(run(m, np.random.default_rng(10)), a)


@pytest.mark.parametrize("run", SAMPLERS)
def test_none_draws_from_the_global_seed(run):
    m = make_bb()  # no rng: numpy's global state
    np.random.seed(4)
    a = run(m, None)
    np.random.seed(4)
    np.testing.assert_array_equal(run(m, None), a)
