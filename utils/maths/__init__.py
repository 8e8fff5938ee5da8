"""NumPy reference implementations that the labs hold against TensorFlow."""
