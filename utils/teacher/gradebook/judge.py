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
import collections
import importlib
import linecache
import threading
import types

from utils.grading import blocks
from utils.grading.core import MISSING, Feedback, wrong
from utils.grading.keras_advice import keras_error_feedback
from utils.grading.record import (RecordError, Unrecorded, decode, decode_exception,
                                  fingerprint, read_records)
from utils.grading.syntax import is_exercise_source
from utils.teacher.gradebook import tampering
from utils.teacher.gradebook.replay import Replay, Unverified
from utils.teacher.gradebook.tampering import _ipython_source, course_cells

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
        """The names bound to imported objects (see :func:`tampering.imported_names`)."""
        return tampering.imported_names(self._bindings)

    def tampering(self, trusted=()) -> tuple[int, int, str, str] | None:
        """(code cell from 1, line, what, the line's text) of the first construct in a cell
        the learner wrote that can reach or change the grading; None when there is none (see
        :func:`tampering.first_tampering`: ``trusted`` are the course's cells as handed out)."""
        return tampering.first_tampering(self.sources, trusted, self.imported_names())

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
