"""utils/labs/lab04/scenes.py: the street scenes put each object in its lane, and their boxes
locate every object."""
import numpy as np
import pytest

from utils.labs.lab04.scenes import STREET_LABELS, STREET_SHAPE, make_street_scenes


def test_street_scenes_put_each_object_in_its_lane():
    X, Y = make_street_scenes(300, noise=0.0)
    assert X.shape == (300, *STREET_SHAPE) and Y.shape == (300, len(STREET_LABELS))
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert {0, 3} <= set(Y.sum(axis=1).astype(int))     # empty scenes and full scenes occur
    lanes = {"car": slice(6, 8), "bus": slice(3, 6), "pedestrian": slice(0, 3)}
    pixels = {"car": 6, "bus": 18, "pedestrian": 6}
    for j, name in enumerate(STREET_LABELS):
        lit = (X[:, lanes[name], :] > 0).sum(axis=(1, 2))
        np.testing.assert_array_equal(lit, Y[:, j] * pixels[name])
    Xn, Yn = make_street_scenes(300)
    np.testing.assert_array_equal(Yn, Y)                # noise does not change the labels
    np.testing.assert_array_equal(make_street_scenes(50)[0], make_street_scenes(50)[0])
    with pytest.raises(ValueError, match=r"p_present must be <= 1, got 1.5"):
        make_street_scenes(10, p_present=1.5)


def test_street_scene_boxes_locate_every_object_and_change_nothing_else():
    X, Y = make_street_scenes(300, noise=0.0)
    X_b, Y_b, boxes = make_street_scenes(300, noise=0.0, return_boxes=True)
    np.testing.assert_array_equal(X_b, X)               # the same scenes with or without boxes
    np.testing.assert_array_equal(Y_b, Y)
    assert boxes.shape == (300, 3, 4) and boxes.dtype == np.int64
    np.testing.assert_array_equal(boxes[Y == 0], -1)    # absent objects have no box
    sizes = {0: (6, 2, 3), 1: (3, 3, 6), 2: (0, 3, 2)}  # top row, height, width per label
    for i, j in zip(*np.nonzero(Y)):
        top, left, height, width = boxes[i, j]
        assert (top, height, width) == sizes[j]
        block = X[i, top:top + height, left:left + width]
        assert np.all(block > 0) and np.all(block == block[0, 0])   # one object, one brightness
        lane = X[i, top:top + height].copy()
        lane[:, left:left + width] = 0.0
        assert np.all(lane == 0)                                     # nothing else in its lane
    with pytest.raises(TypeError, match=r"return_boxes must be True or False, got int 1"):
        make_street_scenes(10, return_boxes=1)
