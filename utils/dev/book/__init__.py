"""``python3 -m utils book``: the labs as a read-only static site (docs/book.md).

- ``build``       the command: the book's environment ``.venv-book`` and the two build steps;
- ``sources``     the Sphinx sources written from the stored labs (nothing re-executed);
- ``quizzes``     each quiz's HTML and the data ``static/quiz.js`` answers from;
- ``landing``     the landing page: the week, the labs and their run times, quizzes, licence;
- ``conf``        the Sphinx configuration; ``sphinx_ext`` its extension (alt texts);
- ``static/``     the site's own CSS, quiz script and Colab button, and ``vendor/``: MathJax and
                  the widget manager, served by the site (nothing is fetched from a CDN).

Importing this package imports nothing: ``conf`` and ``sphinx_ext`` run in ``.venv-book``.
"""
