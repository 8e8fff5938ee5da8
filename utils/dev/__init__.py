"""The contributor's tools, off the learner's import path (no lab imports them):

- ``lanes``      ``python3 -m utils lane colab|matrix``: the compatibility lanes;
- ``bench``      ``python3 -m utils bench``: every lab timed against the floor;
- ``authoring``  ``python3 -m utils new-lab``: the new-lab template, and the lint's measures;
- ``images``     ``python3 -m utils images``: every diagram in ``images/`` (may see the labs);
- ``diagrams``   ``draw_network``, the network drawings ``images`` makes;
- ``book``       ``python3 -m utils book``: the static site of the collection (docs/book.md).
"""
