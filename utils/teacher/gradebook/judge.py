"""Verdicts judged outside the learner's process.

The learner's kernel only runs the learner's cells and then the collect cells
(:func:`collect_cells`): for each exercise, ``utils.grading.recorder.collect`` calls the
learner's function on the inputs the exercise's own check chooses, part of them drawn afresh
from a seed the grader picks at grading time, and writes the raw results as data to a file.
The grader then reads that file in its own process (:func:`judge`) and runs the same
checks with the same seed against a :class:`Replay`, which answers each call from the records
(matching the arguments by value). Nothing the learner's code prints, patches or hooks reaches
the grader's checks: a call the records do not hold, a record that does not decode, or a
function that is not one the submission defines gets 0 with a message that says the results
could not be verified. Forged records must hold the right results for inputs drawn at grading
time, that is, solve the exercise.

What the learner's function calls is read from the submission itself (:class:`Program`): its
code cells are compiled here, never run; the function is the definition whose bytecode the
record names, its globals are what the notebook's imports and definitions bind. The lab's own
checks then see that code (``utils.grading.blocks.library_call``), so a function that is, or
calls, the lab's reference or a library the exercise rules out gets their message.

Everything in the learner's kernel is the learner's: a cell run before the grading cells can
patch the recorder or write its file. So no pass is given to a notebook with a cell the learner
wrote (one the course did not hand out as it is) that imports the grading code or anything
beyond the labs' libraries, looks names up at run time (``getattr``, ``exec``, ``__dict__``...),
assigns into an imported module or object, opens files, runs shell commands or hooks IPython
(:meth:`Program.tampering`); no honest answer needs any of them.
"""
from __future__ import annotations

import ast
import builtins
import collections
import importlib
import linecache
import re
import threading
import types
import warnings

from utils.grading import blocks
from utils.grading.core import MISSING, Feedback, wrong
from utils.grading.keras_advice import keras_error_feedback
from utils.grading.record import (RecordError, Unrecorded, call_key, decode, decode_exception,
                                  fingerprint, read_records)
from utils.grading.syntax import is_exercise_source

__all__ = ["UNVERIFIED", "TAMPERED", "Unverified", "Program", "Replay", "collect_cells", "judge"]

UNVERIFIED = ("the grader could not verify `{name}`: {why}. Your code is judged on inputs "
              "drawn afresh at grading time, from the results your notebook's own run gave "
              "for them; run the notebook from top to bottom (Restart & Run All) and check "
              "that the check passes there.")
# Top-level packages whose objects a submission's imports are looked up in (trusted code).
_IMPORTABLE = ("numpy", "math", "scipy", "keras", "tensorflow", "utils", "sympy", "sklearn")
TAMPERED = ("the grader could not verify `{name}`: code cell {cell} of your notebook uses "
            "`{what}` (line {line}: `{text}`), which can reach or change the grading code "
            "that runs after your cells. No answer needs it: take it out, run the notebook "
            "from the top (Restart & Run All) and hand it in again.")
_FLAGS = getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)
_TAG = "nn-labs-grading-collect"
_LOCK = threading.Lock()        # the fresh seed is one per process: one judging at a time


class Unverified(BaseException):
    """A result the grader cannot verify (a BaseException, so the checks' ``except Exception``
    around the learner's calls lets it through to :func:`judge`)."""


class _Imported:
    """What a name the submission imports stands for when the grader does not import it."""

    def __init__(self, module: str, qualname: str):
        self.__module__, self.__qualname__ = module, qualname
        self.__name__ = qualname.split(".")[-1]

    def __call__(self, *args, **kwargs):
        raise Unverified(f"{self.__module__}.{self.__qualname__} is not called by the grader")


def _imported(module: str, qualname: str = ""):
    """The object ``module.qualname`` when its package is one the grader imports, else a
    stand-in with that module and name (a bare module when ``qualname`` is empty)."""
    if module.split(".")[0] in _IMPORTABLE:
        try:
            found = importlib.import_module(module)
            for part in filter(None, qualname.split(".")):
                found = getattr(found, part)
            return found
        except Exception:       # noqa: BLE001 - not there: the stand-in
            pass
    return _Imported(module, qualname) if qualname else types.ModuleType(module)


def _ipython_source(source: str) -> str:
    """A cell's source as IPython runs it (magics and ``!`` lines become Python)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(source)
    except Exception:       # noqa: BLE001 - no IPython, or text it cannot read: as it is
        return source


def _code_objects(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _module_level(body):
    """The statements run at a cell's top level (inside if/for/with/try blocks too)."""
    for node in body:
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    yield from _module_level(inner)


# What code a learner wrote (a cell the course did not hand out as it is) may not use: each can
# change, inside the learner's kernel, how the grading cells that run after it record the
# answers (patch the recorder, forge its file, hook the next cell), and no answer needs one.
_ALLOWED_IMPORTS = frozenset({"numpy", "math", "tensorflow", "keras", "matplotlib", "random",
                              "functools", "itertools", "collections", "statistics", "time",
                              "scipy", "sympy", "warnings", "copy", "IPython.display"})
_UNSAFE_NAMES = frozenset({"getattr", "setattr", "delattr", "eval", "exec", "globals", "vars",
                           "locals", "__import__", "__builtins__", "breakpoint", "get_ipython",
                           "open", "os", "sys", "subprocess", "pathlib", "shutil", "signal",
                           "threading", "json", "pickle", "importlib", "builtins", "atexit",
                           "ctypes", "gc", "inspect", "IPython"})
_SAFE_DUNDERS = frozenset({"__init__", "__name__", "__version__", "__doc__", "__call__",
                           "__len__", "__getitem__", "__repr__", "__str__", "__class__"})
_FRAME_ATTRIBUTES = frozenset({"modules", "f_globals", "f_locals", "f_back", "f_builtins",
                               "tb_frame", "gi_frame", "cr_frame", "ag_frame", "_getframe"})
_GRADING_WORDS = frozenset({"grading", "teacher", "recorder", "record", "checks", "blocks",
                            "judge", "gradebook"})
_SAFE_MAGICS = frozenset({"timeit", "time", "matplotlib", "config", "who", "whos"})


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node


def _unsafe(node, imported: set, private_ok: set, allowed: set) -> str | None:
    """What in one AST node of a learner's cell can reach or change the grading, or None."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [f"{'.' * node.level}{node.module or ''}"]
        for module in modules:
            parts = module.split(".")
            if parts[0] not in _ALLOWED_IMPORTS and module not in _ALLOWED_IMPORTS and \
                    not (module.startswith("IPython.display.")) and not (
                    parts[0] == "utils" and not _GRADING_WORDS & set(parts)):
                return f"import {module}"
        if isinstance(node, ast.ImportFrom):
            bad = [a.name for a in node.names if a.name in _GRADING_WORDS or
                   (a.name == "*" and str(node.module).startswith("utils"))]
            if bad:
                return f"from {node.module} import {bad[0]}"
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("run_line_magic", "run_cell_magic"):
        magic = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) \
            else None
        if magic not in _SAFE_MAGICS:
            return f"%{magic}" if isinstance(magic, str) else "a magic command"
    elif isinstance(node, ast.Name) and node.id in _UNSAFE_NAMES and id(node) not in allowed:
        return node.id
    elif isinstance(node, ast.MatchClass) and node.kwd_attrs:   # case object(attr=x): getattr
        return f"case {ast.unparse(node.cls)}({node.kwd_attrs[0]}=...)"
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
            node.name.startswith("__") and node.name.endswith("__") and \
            node.name not in _SAFE_DUNDERS:                     # __del__ runs after the checks
        return f"def {node.name}"
    elif isinstance(node, ast.Attribute):
        name = node.attr
        if name.startswith("__") and name.endswith("__") and name not in _SAFE_DUNDERS:
            return f".{name}"
        if name in _FRAME_ATTRIBUTES or name in _GRADING_WORDS:
            return f".{name}"
        if name.startswith("_") and not name.startswith("__") and name not in private_ok:
            return f".{name}"
    elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, (ast.Attribute, ast.Subscript)):
                    root = _root(part)
                    if not isinstance(root, ast.Name) or root.id in imported:
                        return f"{ast.unparse(part)} = ..."
    return None


class Program:
    """What the grader knows of a submission without running it: its code cells (``sources``,
    in order) compiled, the names its imports, definitions and aliases bind (``scope``), and
    every code object it defines."""

    def __init__(self, sources: list[str]):
        if isinstance(sources, str) or not all(isinstance(s, str) for s in sources):
            raise TypeError(f"sources must be a list of cell sources (str), got {sources!r:.60}.")
        self.sources = list(sources)
        self.scope: dict = {}
        self.codes: dict[str, types.CodeType] = {}
        self._bindings: dict[str, list] = collections.defaultdict(list)
        self._defaults: dict[str, ast.arguments] = {}      # a def's defaults, by its code
        for i, source in enumerate(self.sources):
            self._read(i, _ipython_source(source))
        for name in self._bindings:
            self._resolve(name, set())

    @classmethod
    def from_notebook(cls, cells) -> Program:
        """The program of a notebook's cells (dicts or nbformat nodes)."""
        from utils.notebook import cell_source
        return cls([cell_source(c) for c in cells if c.get("cell_type") == "code"])

    def _read(self, i: int, source: str) -> None:
        filename = f"<submission cell {i}>"
        try:
            tree = ast.parse(source, filename)
            code = compile(source, filename, "exec", flags=_FLAGS, dont_inherit=True)
        except (SyntaxError, ValueError):
            return                  # a cell Python cannot read never ran
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        by_line = {}
        for c in _code_objects(code):
            self.codes.setdefault(fingerprint(c), c)
            by_line[(c.co_name, c.co_firstlineno)] = c
        for node in _module_level(tree.body):
            self._bind(node, by_line)

    def _bind(self, node, by_line) -> None:
        add = self._bindings
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                add[name].append(("import", alias.name if alias.asname else name, ""))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    add[alias.asname or alias.name].append(("import", node.module, alias.name))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines = [node.lineno] + [d.lineno for d in node.decorator_list]
            code = next((by_line[(node.name, n)] for n in lines if (node.name, n) in by_line),
                        None)
            add[node.name].append(("code", code) if code else ("unknown",))
            if code is not None:
                self._defaults[fingerprint(code)] = node.args
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
            if isinstance(value, ast.Lambda):
                code = by_line.get(("<lambda>", value.lineno))
                add[name].append(("code", code) if code else ("unknown",))
            elif isinstance(value, (ast.Name, ast.Attribute)):
                add[name].append(("alias", value))
            elif isinstance(value, (ast.List, ast.Tuple, ast.Dict)):
                add[name].append(("container", value))      # [central_difference]
            else:
                add[name].append(("unknown",))

    def _resolve(self, name: str, seen: set):
        """The object ``name`` stands for: an import binding wins over the others (a library
        object the learner also bound is what a check must see), else the last binding."""
        if name in self.scope or name in seen or name not in self._bindings:
            return self.scope.get(name)
        seen.add(name)
        bindings = self._bindings[name]
        binding = next((b for b in reversed(bindings) if b[0] == "import"), bindings[-1])
        found = None
        if binding[0] == "import":
            found = _imported(binding[1], binding[2])
        elif binding[0] == "code":
            found = self._function(binding[1], seen)
        elif binding[0] == "alias":
            found = self._attribute(binding[1], seen)
        elif binding[0] == "container":
            node = binding[1]
            parts = node.values if isinstance(node, ast.Dict) else node.elts
            items = [self._attribute(p, seen) if isinstance(p, (ast.Name, ast.Attribute))
                     else None for p in parts]
            found = (dict(zip(range(len(items)), items)) if isinstance(node, ast.Dict) else
                     tuple(items) if isinstance(node, ast.Tuple) else items)
        if found is not None:
            self.scope[name] = found
        return found

    def _attribute(self, node, seen: set):
        if isinstance(node, ast.Name):
            return self._resolve(node.id, seen)
        base = self._attribute(node.value, seen) if isinstance(node, ast.Attribute) else None
        if isinstance(base, (types.ModuleType, _Imported)) or (
                base is not None and type(base).__module__.split(".")[0] in _IMPORTABLE):
            module = getattr(base, "__name__", "") if isinstance(base, types.ModuleType) else \
                getattr(base, "__module__", "")
            qualname = "" if isinstance(base, types.ModuleType) else \
                getattr(base, "__qualname__", type(base).__qualname__)   # an instance: its type
            try:
                found = getattr(base, node.attr, None)
            except Exception:       # noqa: BLE001 - a property that raises: not resolved
                found = None
            return found if found is not None and not isinstance(base, _Imported) else \
                _Imported(module, ".".join(filter(None, [qualname, node.attr])))
        return None

    def _function(self, code, seen: set):
        """:func:`_function` of ``code`` with the defaults its ``def`` gives, read where they
        are names, attributes or constants (``def f(z, h=tf.nn.softmax)``), so a library object
        handed over as a default is seen as the notebook's run saw it."""
        fn = _function(code, self.scope)
        args = self._defaults.get(fingerprint(code)) if code is not None else None
        if fn is not None and args is not None:
            def value(node):
                if node is None:
                    return None
                if isinstance(node, (ast.Name, ast.Attribute)):
                    return self._attribute(node, seen)
                try:
                    return ast.literal_eval(node)
                except (ValueError, SyntaxError, TypeError):
                    return None
            fn.__defaults__ = tuple(value(d) for d in args.defaults) or None
            fn.__kwdefaults__ = {a.arg: value(d) for a, d in zip(args.kwonlyargs,
                                                                  args.kw_defaults)
                                 if d is not None} or None
        return fn

    def imported_names(self) -> set[str]:
        """The names the program binds to imported objects, directly or through an alias
        (``r = recorder``), matplotlib's aside (a plot setting changes no grading)."""
        names = set()
        for name, bindings in self._bindings.items():
            for binding in bindings:
                if binding[0] == "import" and binding[1].split(".")[0] != "matplotlib":
                    names.add(name)
                elif binding[0] == "alias" and isinstance(_root(binding[1]), ast.Name) and \
                        _root(binding[1]).id in names:
                    names.add(name)
        return names

    def tampering(self, trusted=()) -> tuple[int, int, str, str] | None:
        """(code cell number from 1, line, what, the line's text) of the first construct in a
        cell the learner wrote that can reach or change the grading (see ``_unsafe``): any
        cell whose source is not one of ``trusted``, the course's own cells as handed out.
        None when there is none. Private attributes (``._x``) the trusted cells use are
        allowed."""
        trusted = {t.strip() for t in trusted}
        private_ok = set()
        for source in trusted:
            try:
                private_ok |= {n.attr for n in ast.walk(ast.parse(_ipython_source(source)))
                               if isinstance(n, ast.Attribute) and n.attr.startswith("_")}
            except SyntaxError:
                pass
        imported = self.imported_names()
        for source in self.sources:                 # the learner's own self._x attributes
            if source.strip() in trusted:
                continue
            try:
                private_ok |= {n.attr for n in ast.walk(ast.parse(_ipython_source(source)))
                               if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store)
                               and isinstance(n.value, ast.Name) and n.value.id == "self"
                               and n.attr.startswith("_") and not n.attr.startswith("__")}
            except (SyntaxError, ValueError):
                pass
        for i, source in enumerate(self.sources):
            if source.strip() in trusted:
                continue
            code = _ipython_source(source)
            try:
                tree = ast.parse(code)
            except (SyntaxError, ValueError):
                continue                    # a cell Python cannot read never ran
            found = self._first_unsafe(tree, imported, private_ok)
            if found:
                node, what = found
                if what:
                    lines = source.splitlines() or [""]
                    line = min(getattr(node, "lineno", 1), len(lines))
                    return i + 1, line, what, lines[line - 1].strip()[:80]
        return None

    @staticmethod
    def _first_unsafe(tree, imported, private_ok):
        """(node, what) of the first unsafe construct in ``tree``; a safe magic
        (``%timeit``, ``%time``, ``%matplotlib``) is allowed, its code read as code too."""
        allowed = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("run_line_magic", "run_cell_magic") and node.args and \
                    isinstance(node.args[0], ast.Constant) and \
                    node.args[0].value in _SAFE_MAGICS and \
                    isinstance(node.func.value, ast.Call) and \
                    isinstance(node.func.value.func, ast.Name):
                allowed.add(id(node.func.value.func))
                for arg in node.args[1:]:
                    if not isinstance(arg, ast.Constant) or not isinstance(arg.value, str):
                        return node, "a magic command"
                    code = re.sub(r"^\s*(?:-[A-Za-z]+\s*\d*\s+)*", "", arg.value)
                    try:
                        inner = ast.parse(_ipython_source(code))
                    except (SyntaxError, ValueError):
                        return node, "a magic command whose code cannot be read"
                    found = Program._first_unsafe(inner, imported, private_ok)
                    if found:
                        return node, found[1]
        for node in ast.walk(tree):
            what = _unsafe(node, imported, private_ok, allowed)
            if what:
                return node, what
        return None

    def exercise_source(self, exercise) -> str | None:
        """The source of the exercise's cell as the run's last one ran it."""
        return next((s for s in reversed(self.sources) if is_exercise_source(s, exercise)),
                    None)

    def function(self, name: str, identity: dict):
        """What the learner's function ``name`` is, for the checks to read: the library object
        the submission binds the name to, else the submission's definition whose bytecode
        ``identity`` (the record's) names; None when the submission defines no such code."""
        bound = self.scope.get(name)
        if bound is not None and getattr(bound, "__globals__", None) is not self.scope:
            return bound            # an imported object, not the submission's own code
        code = self.codes.get(str(identity.get("code")))
        return None if code is None else self._function(code, set())


def _function(code: types.CodeType | None, scope: dict):
    """A function object of ``code`` in ``scope``, made for reading, never called."""
    if code is None:
        return None
    cells = tuple(types.CellType() for _ in code.co_freevars)
    return types.FunctionType(code, scope, code.co_name, None, cells or None)


class Replay:
    """The learner's function as the grader's checks see it: its code (from the submission)
    for the library checks, and each call answered from the records of the learner's run."""

    def __init__(self, calls, like):
        if not isinstance(calls, list):
            raise RecordError("the record holds no list of calls")
        self._calls = collections.defaultdict(collections.deque)
        for record in calls:
            if not isinstance(record, dict) or not isinstance(record.get("key"), str):
                raise RecordError("a call record without its arguments")
            self._calls[record["key"]].append(record)
        for attr in ("__code__", "__globals__", "__name__", "__qualname__", "__module__",
                     "__defaults__", "__kwdefaults__"):
            if hasattr(like, attr):
                setattr(self, attr, getattr(like, attr))
        if isinstance(like, types.FunctionType):
            self.__wrapped__ = like         # inspect.getsource reads the submission's cell

    def __call__(self, *args, **kwargs):
        queue = self._calls.get(call_key(args, kwargs))
        if not queue:
            raise Unverified("the notebook's run gave no result for an input the check drew")
        record = queue.popleft()
        try:
            self._apply(record.get("after") or [], (*args, *kwargs.values()))
            raised = decode_exception(record["raised"]) if "raised" in record else None
            result = None if raised else decode(record.get("result"))
        except (RecordError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise Unverified(f"a record could not be read ({type(exc).__name__})") from None
        for category, message in record.get("warnings") or []:
            kind = getattr(builtins, str(category), None)
            kind = kind if isinstance(kind, type) and issubclass(kind, Warning) \
                else RuntimeWarning
            warnings.warn(str(message), kind, stacklevel=2)
        if raised is not None:
            raise raised
        return result

    @staticmethod
    def _apply(after: list, args: tuple) -> None:
        """Give the arguments what the learner's call did to them in place."""
        import numpy as np
        for arg, state in zip(args, after):
            if state is None:
                continue
            if type(arg) is np.ndarray and state.get("$") == "ndarray":
                np.copyto(arg, decode(state), casting="unsafe")
            elif state.get("$") == "graph" and hasattr(arg, "topological_order"):
                nodes = arg.topological_order()
                if len(nodes) != len(state["nodes"]):
                    raise RecordError("a graph of another shape")
                for node, (data, grad, *_) in zip(nodes, state["nodes"]):
                    node.data, node.grad = float(decode(data)), float(decode(grad))


def _recorded_error(ex, record: dict, source: str | None) -> Feedback | None:
    """The advice on the error ``grader.errors(n)`` caught in the exercise cell, computed
    here from its data (the quoted line read from the submission's cell when it has it)."""
    error = record.get("error")
    if not isinstance(error, dict):
        return None
    exc = decode_exception(error.get("exception") or {})
    number, text = (list(error.get("line") or [None, ""]) + [None, ""])[:2]
    number = number if isinstance(number, int) else None
    lines = (source or "").splitlines()
    if number is not None and 1 <= number <= len(lines) and source is not None:
        text = lines[number - 1].strip()
    return keras_error_feedback(exc, ex.number, advice=ex.advice, line=(number, str(text)))


def _value(ex, record: dict, program: Program):
    kind = record.get("kind")
    if kind == "missing":
        return MISSING
    if kind == "value":
        return decode(record.get("value"))
    if kind == "function":
        like = program.function(ex.name, record.get("identity") or {})
        if like is None:
            raise Unverified("the function that ran is not one the notebook's cells define "
                             "(with def or lambda)")
        return Replay(record.get("calls"), like)
    raise Unverified(f"the notebook's run recorded it as {str(kind)[:40]!r}")


def _judge_one(grader, n: int, record: dict, program: Program) -> dict:
    ex = grader.exercise(n)
    source = program.exercise_source(ex)
    failed = None
    try:
        error = _recorded_error(ex, record, source)
        try:
            value = _value(ex, record, program)
        except (RecordError, ValueError, TypeError) as exc:
            raise Unverified(f"its record could not be read ({type(exc).__name__})") from None
        except Unverified as exc:
            value, failed = MISSING, exc
        feedback = grader.verdict(n, value, source=source, error=error)
        if failed is not None and feedback == grader.not_run(n):
            raise failed
    except (Unverified, Unrecorded) as exc:
        feedback = wrong(n, UNVERIFIED.format(name=ex.name, why=exc))
    except Exception as exc:        # noqa: BLE001 - a check that fails on odd data
        return {"status": "error", "message": f"the check raised {type(exc).__name__}: {exc}"}
    return {"status": feedback.status, "message": feedback.message}


def judge(module: str, numbers, records_path, seed: int, program: Program) -> dict[int, dict]:
    """{exercise: {"status", "message"}} for the exercises of ``numbers`` the records file
    ``records_path`` holds, judged by the checks ``module`` (imported in this process) with the
    fresh probes of ``seed``; an exercise without a record is left out (its check did not
    finish). A pass is not given when a cell the learner wrote could have forged the records
    (:meth:`Program.tampering`): that exercise is wrong, with :data:`TAMPERED`."""
    grader = importlib.import_module(module).grader
    try:
        records = read_records(records_path)
    except RecordError as exc:
        return {n: {"status": "wrong", "message": wrong(n, UNVERIFIED.format(
            name=grader.exercise(n).name, why=exc)).message} for n in numbers}
    results = {}
    with _LOCK:
        blocks.set_fresh_seed(seed)
        try:
            for n in numbers:
                if n in records:
                    results[n] = _judge_one(grader, n, records[n], program)
        finally:
            blocks.set_fresh_seed(None)
    found = program.tampering(course_cells(grader)) if any(
        r["status"] == "passed" for r in results.values()) else None
    for n, result in results.items():       # a pass from a run the learner's code could forge
        if found and result["status"] == "passed":
            results[n] = {"status": "wrong", "message": wrong(n, TAMPERED.format(
                name=grader.exercise(n).name, cell=found[0], line=found[1], what=found[2],
                text=found[3])).message}
    return results


def course_cells(grader) -> list[str]:
    """The code cells of the grader's lab as the course hands them out: the cells of the
    reference notebook and of its learner version that hold no exercise's markers."""
    from utils.notebook import EXERCISE_START, ROOT, cell_source, learner_path, read
    paths = [ROOT / grader.lab, learner_path(ROOT / grader.lab)]
    return [cell_source(c) for path in paths if path.is_file() for c in read(path)["cells"]
            if c.get("cell_type") == "code" and EXERCISE_START not in cell_source(c)]


def collect_cells(module: str, numbers, records_path: str, seed: int) -> list:
    """The cells appended after the learner's: one that loads the recorder, then one per
    exercise that records its results (``utils.grading.recorder.collect``) to ``records_path``
    (as the kernel sees it) with the fresh probes of ``seed``."""
    import nbformat
    call = "__import__('utils.grading.recorder', fromlist=['collect']).collect"
    sources = ["import utils.grading.recorder"] + [
        f"{call}({module!r}, [{n}], {str(records_path)!r}, {int(seed)}, globals())"
        for n in numbers]
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    for cell in cells:
        cell.metadata["tags"] = [_TAG]
    return cells
