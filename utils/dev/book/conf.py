"""Sphinx configuration of the book: ``python3 -m utils book`` runs
``sphinx-build -c utils/dev/book build/book-src build/book`` in ``.venv-book`` (docs/book.md).

Nothing is executed (``nb_execution_mode = "off"``): the pages show the stored outputs. Nothing
is fetched, neither while building nor while reading: MathJax and the widget manager that draws
the controls from their stored state are served from ``static/vendor/`` (``static/vendor/
README.md`` gives their versions and licences), the theme's fonts and icons come with the theme,
and the search index is a file of the site.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from utils.lab_setup import BRANCH, REPO_URL  # noqa: E402 (the repository is importable above)

OWNER, NAME = REPO_URL.removeprefix("https://github.com/").split("/")

project = "Neural network training labs"
author = "the nn-training-labs contributors"
copyright = "the nn-training-labs contributors: lessons CC BY 4.0, code MIT"
extensions = ["myst_nb", "utils.dev.book.sphinx_ext"]
exclude_patterns = ["downloads/**", "licences/**", "quizzes/**", "**/.ipynb_checkpoints"]

# MyST-NB: the stored outputs, as they are
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
# the labs' own links use JupyterLab's anchors (utils/dev/book/anchors.py)
myst_heading_slug_func = "utils.dev.book.anchors.jupyter_anchor"
# the widget manager draws the controls from the stored state; deferred scripts run in the
# page's order, so MathJax (priority 400), then static/widgets-mathjax.js (450), which lets the
# widget manager (500, the default) typeset the controls' labels with MathJax 3
nb_ipywidgets_js = {"vendor/html-manager/embed.js": {"defer": "defer"}}

# MathJax 3 from the site itself; $...$ too, for the quizzes' text (quiz.js)
mathjax_path = "vendor/mathjax/tex-chtml-full.js"
mathjax_options = {"priority": 400}
mathjax3_config = {"tex": {"inlineMath": [["$", "$"], ["\\(", "\\)"]],
                           "displayMath": [["$$", "$$"], ["\\[", "\\]"]]}}

html_theme = "sphinx_book_theme"
html_title = project
html_baseurl = f"https://{OWNER}.github.io/{NAME}/"
html_favicon = "static/favicon.svg"     # else browsers ask the host for /favicon.ico
html_static_path = ["static"]
html_css_files = ["book.css"]
html_js_files = [("quiz.js", {"defer": "defer"}),
                 ("widgets-mathjax.js", {"defer": "defer", "priority": 450})]
html_copy_source = False        # the downloads are the labs as stored (see sources.py)
html_show_sourcelink = False
html_context = {"default_mode": "light"}     # the figures are drawn on white; the reader can switch
html_theme_options = {
    "repository_url": REPO_URL,
    "repository_branch": BRANCH,
    "use_repository_button": True,
    "use_download_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
