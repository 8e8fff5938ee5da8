"""Every package a lab or ``utils`` imports is named in requirements.txt (a package that only
arrives as another one's dependency can vanish from it in the next release)."""
import ast
import json
import pathlib
import re
import sys
from importlib.metadata import packages_distributions

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOCAL = {"utils"}
# Imports that need no requirement, each with its reason.
EXEMPT = {
    "google.colab": "exists only in Colab; the setup cell imports it inside try/except ImportError",
    "psutil": "only bench's peak-memory cell on Windows, which has no `resource` module",
}


def requirement_names(text: str) -> set[str]:
    names = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(normalise(re.split(r"[=<>!~;\[ ]", line, maxsplit=1)[0]))
    return names


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imports(source: str) -> set[str]:
    """Dotted names of every absolute import in the source (also inside functions)."""
    source = "\n".join(line for line in source.splitlines()
                       if not line.lstrip().startswith(("%", "!")))   # IPython magics
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def sources():
    for path in sorted((ROOT / "utils").rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "labs").rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code":
                yield f"{path.relative_to(ROOT).as_posix()} cell {i}", "".join(cell["source"])


def third_party(name: str) -> bool:
    top = name.split(".")[0]
    return not (top in sys.stdlib_module_names or top in LOCAL
                or any(name == e or name.startswith(e + ".") for e in EXEMPT))


def test_every_import_of_the_labs_and_utils_is_a_named_requirement():
    named = requirement_names((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    distributions = packages_distributions()
    missing = {}
    for where, source in sources():
        for name in filter(third_party, imports(source)):
            dists = {normalise(d) for d in distributions.get(name.split(".")[0], [])}
            if not dists:
                missing.setdefault(f"{name} (not installed at all)", []).append(where)
            elif not dists & named:
                missing.setdefault(f"{name} (from {', '.join(sorted(dists))})", []).append(where)
    assert not missing, "imported but not named in requirements.txt:\n" + "\n".join(
        f"- {name}: {', '.join(places[:3])}" for name, places in sorted(missing.items()))


def test_the_scan_finds_imports_in_functions_and_skips_magics_and_relative_imports():
    src = "%matplotlib inline\nimport a.b as c\ndef f():\n    from d.e import g\nfrom . import h\n"
    assert imports(src) == {"a.b", "d.e"}
    assert requirement_names("# c\nkeras==3.1; python_version >= '3.11'\nPyYAML==6\n-r x.txt\n"
                             "tensorflow_cpu[and-cuda]==2\n") == {"keras", "pyyaml",
                                                                 "tensorflow-cpu"}
    assert not third_party("os.path") and not third_party("utils.maths")
    assert not third_party("google.colab") and third_party("google.protobuf")


@pytest.mark.parametrize("name, reason", EXEMPT.items())
def test_every_exemption_is_still_needed_and_has_a_reason(name, reason):
    assert reason
    used = [where for where, source in sources() if name in source]
    if name == "psutil":            # imported inside bench's cell text, not as code
        used = [w for w in used if w.startswith("utils/bench.py")]
    assert used, f"{name} is exempt from requirements.txt but nothing imports it any more"
