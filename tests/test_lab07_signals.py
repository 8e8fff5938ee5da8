"""utils.labs.lab07.signals: the synthetic heartbeat traces are deterministic, class-balanced, shaped
as documented, and their classes differ the way the module docstring says."""
import numpy as np
import pytest

from utils.labs.lab07.signals import BEAT_SHAPES, HEARTBEAT_CLASSES, beat_shape, make_heartbeats


def test_same_arguments_same_arrays_other_seed_other_arrays():
    X1, y1 = make_heartbeats(20, seed=3)
    X2, y2 = make_heartbeats(20, seed=3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    X3, _ = make_heartbeats(20, seed=4)
    assert not np.allclose(X1, X3)


def test_the_lab_data_is_pinned():
    """The lab states numbers measured on make_heartbeats(200, seed=0): a change to the
    generator must be deliberate (update this digest and re-run the lab)."""
    X, y = make_heartbeats(200, seed=0)
    assert X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_allclose(X.sum(), 6507.192736539838, rtol=1e-12)
    assert np.bincount(y[:300]).tolist() == [95, 100, 105]


@pytest.mark.parametrize("m_per_class", [1, 7, 50])
def test_class_balanced_and_shuffled(m_per_class):
    X, y = make_heartbeats(m_per_class, seed=1)
    assert X.shape == (3 * m_per_class, 160) and y.shape == (3 * m_per_class,)
    assert np.bincount(y, minlength=3).tolist() == [m_per_class] * 3
    if m_per_class >= 7:
        assert not np.array_equal(y, np.sort(y))        # not sorted by class


def test_length_follows_duration_and_rate():
    X, _ = make_heartbeats(2, duration=2.0, rate=100)
    assert X.shape == (6, 200)


def test_classes_differ_as_documented():
    X, y = make_heartbeats(60, noise=0.0, seed=2)
    # a premature ventricular beat has a deep, wide S wave: the minimum is far lower
    minima = [X[y == c].min(axis=1).mean() for c in range(3)]
    assert minima[1] < minima[0] - 0.2 and abs(minima[2] - minima[0]) < 0.1
    assert HEARTBEAT_CLASSES == ("normal", "premature beat", "no P wave")


def test_beat_shape_peaks_at_r_and_the_p_wave_is_the_difference():
    t = np.linspace(-0.5, 0.5, 1001)
    normal, no_p = beat_shape(t, 0.0), beat_shape(t, 0.0, "no P wave")
    assert t[np.argmax(normal)] == pytest.approx(0.0, abs=1e-3)
    assert normal.max() == pytest.approx(1.0, abs=0.01)
    difference = normal - no_p
    assert t[np.argmax(difference)] == pytest.approx(BEAT_SHAPES["normal"]["P"][1], abs=1e-3)
    np.testing.assert_allclose(difference.max(), BEAT_SHAPES["normal"]["P"][0], rtol=1e-6)
    assert beat_shape(np.zeros((2, 3)), 0.0).shape == (2, 3)


@pytest.mark.parametrize("kwargs,error,pattern", [
    ({"m_per_class": 0}, ValueError, r"m_per_class must be >= 1, got 0"),
    ({"m_per_class": 2.5}, TypeError, r"m_per_class must be a whole number"),
    ({"duration": 0.5}, ValueError, r"duration must be >= 1.0, got 0.5"),
    ({"rate": 10}, ValueError, r"rate must be >= 32, got 10"),
    ({"noise": -1}, ValueError, r"noise must be >= 0.0, got -1"),
    ({"seed": -1}, ValueError, r"seed must be >= 0, got -1"),
])
def test_bad_arguments_are_named(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        make_heartbeats(**kwargs)


def test_beat_shape_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match=r"kind must be one of \['no P wave', 'normal', "
                                         r"'premature'\], got 'fast'"):
        beat_shape([0.0], 0.0, "fast")
