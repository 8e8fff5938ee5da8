"""Every package a lab or ``utils`` imports is named in requirements.txt (a package that only
arrives as another one's dependency can vanish from it in the next release)."""
import ast
import pathlib
import re
import sys
from importlib.metadata import distributions

import pytest

from utils.notebook import ROOT, cell_source, lab_notebooks, read

LOCAL = {"utils"}
# Imports that need no requirement, each with its reason.
EXEMPT = {
    "google.colab": "exists only in Colab; the setup cell imports it inside try/except ImportError",
    "psutil": "only bench's peak-memory cell on Windows, which has no `resource` module",
    "docutils": "only utils/dev/book/sphinx_ext.py, run by Sphinx in .venv-book "
                "(requirements-book.txt)",
    "sphinx": "only utils/dev/book/sphinx_ext.py, run by Sphinx in .venv-book "
              "(requirements-book.txt)",
}


def packages_distributions() -> dict[str, list[str]]:
    """{top-level import name: the distributions that install it}. importlib.metadata has a
    function of this name, but on Python 3.10 it reads only ``top_level.txt``, which many wheels
    (numpy, matplotlib, nbformat...) do not ship; so, as Python 3.11's does, the names are also
    inferred from each distribution's list of files."""
    import inspect
    mapping: dict[str, list[str]] = {}
    for dist in distributions():
        names = set((dist.read_text("top_level.txt") or "").split())
        for file in dist.files or []:
            parts = pathlib.PurePosixPath(str(file)).parts
            name = parts[0] if len(parts) > 1 else inspect.getmodulename(str(file))
            if name and "." not in name and not name.endswith("-info"):
                names.add(name)
        for name in names:
            mapping.setdefault(name, []).append(dist.metadata["Name"])
    return mapping


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
    for path in lab_notebooks():
        nb = read(path)
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code":
                yield f"{path.relative_to(ROOT).as_posix()} cell {i}", cell_source(cell)


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
        used = [w for w in used if w.startswith("utils/dev/bench.py")]
    assert used, f"{name} is exempt from requirements.txt but nothing imports it any more"


def test_import_names_map_to_their_distributions_on_every_python():
    """The scan above can only fail for the right reason if the mapping knows the packages,
    also those whose wheels have no top_level.txt (read on Python 3.10 alone)."""
    found = packages_distributions()
    for name, dist in {"numpy": "numpy", "matplotlib": "matplotlib", "nbformat": "nbformat",
                       "yaml": "pyyaml", "absl": "absl-py", "IPython": "ipython"}.items():
        assert dist in {normalise(d) for d in found.get(name, [])}, (name, found.get(name))
