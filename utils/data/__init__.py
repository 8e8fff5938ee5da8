"""Datasets for the labs: small ones generated deterministically here, larger ones shipped in
``data/`` and verified against a SHA-256 checksum every time they are loaded (no download ever).

- ``files``: the shipped files and their checksums (``verified_path``, ``load_digits``);
- ``toy``: the generated four-class dataset (``make_four_class_data``) and ``batches`` for
  ``model.fit``;
- ``splits``: ``stratified_split``;

A dataset only one lab uses lives in that lab's home (lab 01's coffee roasts, lab 04's street
scenes, lab 07's heartbeats).

``from utils.data import X`` works for every name listed in ``__all__``.
"""
from utils.data.files import CHECKSUMS, DATA_DIR, load_digits, sha256_of, verified_path
from utils.data.splits import stratified_split
from utils.data.toy import FOUR_CLASS_CENTERS, batches, make_four_class_data

__all__ = ["DATA_DIR", "CHECKSUMS", "sha256_of", "verified_path", "load_digits",
           "stratified_split", "FOUR_CLASS_CENTERS",
           "make_four_class_data", "batches"]
