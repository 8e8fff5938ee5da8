"""Datasets for the labs: small ones generated deterministically here, larger ones shipped in
``data/`` and verified against a SHA-256 checksum every time they are loaded (no download ever).

- ``files``: the shipped files and their checksums (``verified_path``, ``load_digits``) and the
  lecture's coffee-roasting data (``load_coffee_data``);
- ``toy``: the generated four-class dataset (``make_four_class_data``) and ``batches`` for
  ``model.fit``;
- ``splits``: ``stratified_split`` and ``stratified_kfold``;

``from utils.data import X`` works for every name listed in ``__all__``.
"""
from utils.data.files import (CHECKSUMS, DATA_DIR, load_coffee_data, load_digits, sha256_of,
                              verified_path)
from utils.data.splits import stratified_kfold, stratified_split
from utils.data.toy import FOUR_CLASS_CENTERS, batches, make_four_class_data

__all__ = ["DATA_DIR", "CHECKSUMS", "sha256_of", "verified_path", "load_digits",
           "load_coffee_data", "stratified_split", "stratified_kfold", "FOUR_CLASS_CENTERS",
           "make_four_class_data", "batches"]
