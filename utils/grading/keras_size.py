"""How large a Keras object a record describes, before the grader builds it: a learner's
record could otherwise make the grader's own process allocate gigabytes
(``utils.grading.record`` refuses a record above :data:`KERAS_SIZE_LIMIT`)."""
from __future__ import annotations

__all__ = ["KERAS_SIZE_LIMIT", "keras_size"]

KERAS_SIZE_LIMIT = 5_000_000     # numbers a Keras record may make the grader allocate


def keras_size(config) -> int:
    """About how many numbers building ``config`` allocates: for each layer, its units or
    filters times the size of the input it is built for, and every shape's size."""
    total = 0
    if isinstance(config, dict):
        inner = config.get("config") if isinstance(config.get("config"), dict) else {}
        width = next((inner[k] for k in ("units", "filters", "output_dim")
                      if isinstance(inner.get(k), int)), 1)
        build = config.get("build_config")
        shapes = [v for k, v in {**inner, **(build if isinstance(build, dict) else {})}.items()
                  if "shape" in k and isinstance(v, (list, tuple))]
        for shape in shapes or [[]]:
            size = 1
            for dim in shape:
                size *= dim if isinstance(dim, int) and dim > 0 else 1
            total += max(width, 1) * size
        total += sum(keras_size(v) for v in config.values())
    elif isinstance(config, (list, tuple)):
        total += sum(keras_size(v) for v in config)
    return total
