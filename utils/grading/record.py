"""Raw results as data: what a learner's answer gave, written by the learner's kernel and read
by the grader, which judges it in its own process (``utils.teacher.gradebook.judge``).

:func:`encode` turns a value into JSON-able data and :func:`decode` back: numbers, strings,
None, tuples, lists and dicts of them; NumPy arrays and scalars (``.npy`` bytes in base64, never
pickled); TensorFlow tensors (their numbers); Keras layers, losses, optimizers and models (their
Keras configuration, compile settings and weights); library classes and functions by name.
Anything else becomes an opaque stand-in that keeps only a short type name, and a callable that
is not a library's (a check's probe function) only its identity. ``utils.grading.recorder``
writes such records in the learner's kernel; :func:`read_records` reads them back.

Every record is data: decoding never runs the learner's code, and a file larger than
:data:`FILE_LIMIT` (or an array larger than :data:`ARRAY_LIMIT`) is refused.
"""
from __future__ import annotations

import base64
import hashlib
import importlib
import io
import json
import re
import types
import warnings

import numpy as np

from utils.grading.keras_size import KERAS_SIZE_LIMIT, keras_size

__all__ = ["FILE_LIMIT", "ARRAY_LIMIT", "TEXT_LIMIT", "LIBRARIES", "RecordError", "Unrecorded",
           "encode", "decode", "call_key", "fingerprint", "encode_exception",
           "decode_exception", "graph", "is_data", "identity", "read_records"]

FILE_LIMIT = 32_000_000     # characters of a records file the grader reads
ARRAY_LIMIT = 4_000_000     # bytes of one array
TEXT_LIMIT = 500            # characters of a string or an exception message kept
# The packages whose classes and functions are recorded by name and looked up by the grader.
LIBRARIES = ("numpy", "math", "keras", "tensorflow", "builtins", "utils")
_KERAS = ("keras.", "keras")
_DECODABLE_FUNCTIONS = ("keras.src.losses", "keras.src.activations", "keras.losses",
                        "keras.activations", "math")


class RecordError(Exception):
    """A record that cannot be made or read (too large, not data, not a known kind)."""


def _npy(arr: np.ndarray) -> str:
    if arr.dtype.hasobject:
        raise RecordError("an array of Python objects")
    if arr.nbytes > ARRAY_LIMIT:
        raise RecordError(f"an array of {arr.nbytes} bytes (at most {ARRAY_LIMIT})")
    out = io.BytesIO()
    np.save(out, arr, allow_pickle=False)
    return base64.b64encode(out.getvalue()).decode("ascii")


def _from_npy(text: str) -> np.ndarray:
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if len(raw) > ARRAY_LIMIT + 1024:
        raise RecordError("an array above the size limit")
    return np.load(io.BytesIO(raw), allow_pickle=False)


def _by_name(obj) -> dict | None:
    """{"module", "qualname"} when ``obj`` is what that name gives in a package of
    :data:`LIBRARIES`, else None."""
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if not (isinstance(module, str) and isinstance(qualname, str)) or "<" in qualname \
            or module.split(".")[0] not in LIBRARIES:
        return None
    try:
        return {"module": module, "qualname": qualname} if _lookup(module, qualname) is obj \
            else None
    except Exception:       # noqa: BLE001 - not importable under that name
        return None


def _lookup(module: str, qualname: str):
    if module.split(".")[0] not in LIBRARIES:
        raise RecordError(f"{module} is not one of the packages {LIBRARIES}")
    found = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


def fingerprint(code: types.CodeType) -> str:
    """A hash of what a code object does (its bytecode, names and constants, nested code
    included), the same wherever the same source is compiled (file and line numbers aside)."""
    def parts(c):
        yield c.co_code
        yield repr((c.co_names, c.co_varnames, c.co_freevars, c.co_cellvars, c.co_argcount,
                    c.co_kwonlyargcount, c.co_flags)).encode()
        for const in c.co_consts:
            if isinstance(const, types.CodeType):
                yield from parts(const)
            elif isinstance(const, frozenset):
                yield repr(sorted(map(repr, const))).encode()
            else:
                yield repr(const).encode()
    digest = hashlib.sha256()
    for part in parts(code):
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()


def _keras_object(value) -> dict:
    import keras
    if isinstance(value, keras.Model):
        value.get_compile_config = lambda: None     # the compile settings come apart
        try:
            config = keras.saving.serialize_keras_object(value)
        finally:
            del value.get_compile_config
    else:
        config = keras.saving.serialize_keras_object(value)
    modules = [m for m in re.findall(r"'module': '([^']*)'", repr(config))]
    if not all(m.startswith(_KERAS) or m == "builtins" for m in modules):
        raise RecordError("a Keras object with parts outside Keras")
    if isinstance(config, dict):
        data = {"$": "keras", "config": config}
    if isinstance(value, (keras.layers.Layer, keras.Model)):
        data["weights"] = [_npy(np.asarray(w)) for w in value.get_weights()]
    if isinstance(value, keras.Model) and getattr(value, "compiled", False):
        data["compile"] = {"loss": encode(getattr(value, "loss", None)),
                           "optimizer": encode(getattr(value, "optimizer", None))}
    return data


def identity(value) -> dict:
    """A callable as data: its library name, or its type, name and own code's fingerprint."""
    named = _by_name(value)
    if named:
        return {"$": "function", **named}
    code = getattr(value, "__code__", None) if callable(value) else None    # not __wrapped__
    name = getattr(value, "__name__", None)
    return {"$": "callable", "type": _type_name(value),
            "name": name if isinstance(name, str) and re.fullmatch(r"[\w<>]{1,40}", name)
            else None,
            "code": fingerprint(code) if isinstance(code, types.CodeType) else None}


def _type_name(value) -> str:
    name = re.sub(r"\W", "", getattr(type(value), "__name__", "object"))[:40]
    return name if name.isidentifier() else "object"


def graph(value) -> dict | None:
    """A lab 09 Value and the graph below it: data, grad and the parents of every node."""
    if type(value).__module__ != "utils.labs.lab09.autodiff" or type(value).__name__ != "Value":
        return None
    order = value.topological_order()
    index = {id(v): i for i, v in enumerate(order)}
    return {"$": "graph", "nodes": [[encode(v.data), encode(v.grad), v.op, v.label,
                                     [index[id(p)] for p in v.parents],
                                     [encode(g) for g in v.local_grads]] for v in order]}


def encode(value):
    """``value`` as JSON-able data (see the module docstring); never raises for a value, which
    becomes an opaque stand-in when it is not data."""
    try:
        return _encode(value)
    except RecordError:
        return {"$": "opaque", "type": _type_name(value)}
    except Exception:       # noqa: BLE001 - a learner's object whose methods fail
        return {"$": "opaque", "type": _type_name(value)}


def _encode(value):
    if value is None or type(value) in (bool, int):
        return value
    if type(value) is float:
        return value if np.isfinite(value) else {"$": "float", "hex": value.hex()}
    if type(value) is str:
        return value[:TEXT_LIMIT] if len(value) <= TEXT_LIMIT else {"$": "opaque",
                                                                      "type": "str"}
    if type(value) is complex:
        return {"$": "complex", "re": encode(value.real), "im": encode(value.imag)}
    if type(value) in (tuple, list):
        return {"$": type(value).__name__, "items": [_encode(v) for v in value]}
    if type(value) is dict:
        return {"$": "dict", "items": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if type(value) is np.ndarray:
        return {"$": "ndarray", "npy": _npy(value)}
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        return {"$": "npscalar", "npy": _npy(np.asarray(value))}
    module = type(value).__module__ or ""
    if module.startswith("tensorflow") and callable(getattr(value, "numpy", None)):
        return {"$": "tensor", "npy": _npy(np.asarray(value.numpy()))}
    if module.startswith(_KERAS) and not isinstance(value, type):
        return _keras_object(value)
    found = graph(value)
    if found is not None:
        return found
    if isinstance(value, type):
        named = _by_name(value)
        if named is None:
            raise RecordError("a class of the learner's own")
        return {"$": "class", **named}
    if callable(value):
        return identity(value)
    raise RecordError(f"a {type(value).__name__}")


class _Opaque:
    """What stands for a value the record does not hold: a learner's object of its own."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object>"


class Unrecorded(BaseException):
    """Raised when the grader would need what the record does not hold (a call of a function
    the learner passed inside a value): the result cannot be verified. A BaseException, so the
    checks' ``except Exception`` around the learner's calls lets it through."""


def _opaque(name: str):
    name = name if isinstance(name, str) and name.isidentifier() else "object"
    return type(name, (_Opaque,), {})()


def _opaque_callable(data: dict):
    def call(self, *args, **kwargs):
        raise Unrecorded("a function inside the value was called; the record holds only its "
                         "identity")
    kind = str(data.get("type"))
    kind = type(kind if kind.isidentifier() else "function", (_Opaque,), {"__call__": call})
    found = kind()
    if isinstance(data.get("name"), str) and re.fullmatch(r"[\w<>]{1,40}", data["name"]):
        found.__name__ = data["name"]
    return found


def decode(data):
    """The value :func:`encode` made ``data`` from (a stand-in for an opaque one). Raises
    RecordError for data that is not a record."""
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is not dict or not isinstance(data.get("$"), str):
        raise RecordError(f"not a record: {type(data).__name__}")
    kind = data["$"]
    if kind in ("tuple", "list"):
        items = [decode(v) for v in _list(data, "items")]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {decode(k): decode(v) for k, v in _list(data, "items")}
    if kind == "float":
        return float.fromhex(str(data.get("hex")))
    if kind == "complex":
        return complex(decode(data.get("re")), decode(data.get("im")))
    if kind == "ndarray":
        return _from_npy(data.get("npy", ""))
    if kind == "npscalar":
        return _from_npy(data.get("npy", ""))[()]
    if kind == "tensor":
        import tensorflow as tf
        return tf.convert_to_tensor(_from_npy(data.get("npy", "")))
    if kind in ("function", "class"):
        found = _lookup(str(data.get("module")), str(data.get("qualname")))
        if not _decodable(found, kind):
            raise RecordError(f"{data.get('module')}.{data.get('qualname')} is not a loss, an "
                              "activation or a class of Keras or Python")
        return found
    if kind == "keras":
        return _decode_keras(data)
    if kind == "callable":
        return _opaque_callable(data)
    if kind in ("opaque", "graph"):
        return _opaque(data.get("type", "Value"))
    raise RecordError(f"an unknown kind of record {kind!r}")


def _decodable(found, kind: str) -> bool:
    """Only what a check may meet in a value, and call harmlessly, is given back by name:
    Keras's losses and activations, math's functions, Keras's and Python's classes."""
    module = getattr(found, "__module__", "") or ""
    if kind == "class":
        return isinstance(found, type) and (module.startswith(_KERAS) or module == "builtins")
    return callable(found) and module.startswith(_DECODABLE_FUNCTIONS)


def _list(data: dict, key: str) -> list:
    items = data.get(key)
    if type(items) is not list:
        raise RecordError(f"a record whose {key} is not a list")
    return items


def _decode_keras(data: dict):
    import keras
    config = data.get("config")
    modules = re.findall(r"'module': '([^']*)'", repr(config))
    if not all(m.startswith(_KERAS) or m == "builtins" for m in modules):
        raise RecordError("a Keras record with parts outside Keras")
    if keras_size(config) > KERAS_SIZE_LIMIT:
        raise RecordError(f"a Keras record larger than {KERAS_SIZE_LIMIT:,} numbers")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = keras.saving.deserialize_keras_object(config, safe_mode=True)
        weights = [_from_npy(w) for w in data.get("weights", [])]
        if weights:
            value.set_weights(weights)
        if "compile" in data:
            value.compile(loss=decode(data["compile"]["loss"]),
                          optimizer=decode(data["compile"]["optimizer"]))
    return value


def call_key(args: tuple, kwargs: dict) -> str:
    """The arguments of one call as one string, equal for equal values (the replay's key)."""
    return json.dumps([encode(tuple(args)), encode(dict(sorted(kwargs.items())))],
                      sort_keys=True)


def encode_exception(exc: BaseException) -> dict:
    """An exception as data: its class (by name when a library's), its message and arguments
    (as text when they are not numbers), and ``name`` for a NameError or AttributeError."""
    args = [a if isinstance(a, (int, float, bool)) or a is None else str(a)[:TEXT_LIMIT]
            for a in exc.args[:3]]
    try:
        message = str(exc)[:TEXT_LIMIT]
    except Exception:       # noqa: BLE001 - a learner's exception whose __str__ fails
        message = ""
    return {"class": _by_name(type(exc)), "type": _type_name(exc), "args": args,
            "message": message, "name": str(getattr(exc, "name", None) or "")[:100] or None}


def _rebuilt(cls, args: tuple, message: str):
    """An exception of ``cls`` with ``args`` whose text is ``message``, else None."""
    for make in (lambda: cls(*args), lambda: cls.__new__(cls)):
        try:
            exc = make()
            exc.args = args
            if str(exc)[:TEXT_LIMIT] == message:
                return exc
        except Exception:       # noqa: BLE001 - a constructor that wants other arguments
            continue
    return None


def decode_exception(data: dict) -> BaseException:
    """The exception :func:`encode_exception` describes: of its class when that is a
    library's exception class and gives the same text, else of a stand-in class with its name
    (and the library class's built-in bases), whose text is the recorded message."""
    cls = None
    if isinstance(data.get("class"), dict):
        try:
            cls = _lookup(str(data["class"].get("module")), str(data["class"].get("qualname")))
        except Exception:       # noqa: BLE001 - not importable here: a stand-in
            cls = None
    args = tuple(a if isinstance(a, (int, float, bool, str)) or a is None else str(a)
                 for a in _list(data, "args"))
    message = str(data.get("message", ""))
    known = isinstance(cls, type) and issubclass(cls, Exception)
    exc = _rebuilt(cls, args, message) if known else None
    if exc is None:
        bases = tuple(b for b in (cls.__bases__ if known else ())
                      if b.__module__ == "builtins") or (Exception,)
        name = str(data.get("type", ""))
        exc = type(name if name.isidentifier() else "Exception", bases, {})(message)
    if data.get("name") and isinstance(exc, (NameError, AttributeError)):
        exc.name = str(data["name"])
    return exc


def is_data(value) -> bool:
    """A callable value the records hold as data: a Keras object or a class."""
    return isinstance(value, type) or (type(value).__module__ or "").startswith(_KERAS)


def read_records(path) -> dict[int, dict]:
    """{exercise: its record} from a records file (the last line of each exercise wins); {}
    when there is none. RecordError for a link, a pipe or a file of more than
    :data:`FILE_LIMIT` bytes. Lines that are not JSON objects with a whole-number
    ``exercise`` are skipped."""
    import os
    import stat
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise RecordError(f"the records file cannot be opened ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > FILE_LIMIT:
            raise RecordError(f"the records file is not a file of at most {FILE_LIMIT} bytes")
        text = f.read(FILE_LIMIT + 1).decode("utf-8", errors="replace")
    found = {}
    for line in text.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if type(item) is dict and type(item.get("exercise")) is int:
            found[item["exercise"]] = item
    return found
