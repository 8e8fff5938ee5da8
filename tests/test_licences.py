"""The licences: the files exist, hold the licences they are named after, say which material
each covers, and the README and data/README.md link them."""
import re

from utils.notebook import ROOT


def read(name):
    return (ROOT / name).read_text(encoding="utf-8")


def links(markdown):
    return set(re.findall(r"\]\(([^)#\s]+)", markdown))


def test_the_licence_files_hold_the_licences_they_name():
    assert read("LICENSE").startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in read("LICENSE")
    cc_by = read("LICENSES/CC-BY-4.0.txt")
    assert cc_by.startswith("Attribution 4.0 International")
    assert "Creative Commons Attribution 4.0 International Public License" in cc_by
    assert "Section 8 -- Interpretation." in cc_by        # the whole legal code, to its end
    cc_by_sa = read("LICENSES/CC-BY-SA-3.0.txt")
    assert cc_by_sa.startswith("Attribution-ShareAlike 3.0 Unported")
    assert "8. Miscellaneous" in cc_by_sa


def test_the_map_names_every_kind_of_material_and_its_licence_file():
    text = read("LICENSES/README.md")
    for kind, licence in [("Code", "../LICENSE"), ("Lessons", "CC-BY-4.0.txt"),
                          ("Data", "CC-BY-SA-3.0.txt")]:
        row = next(line for line in text.splitlines() if line.startswith(f"| **{kind}**"))
        assert f"]({licence})" in row, row
    for target in links(text):
        assert (ROOT / "LICENSES" / target).resolve().exists(), target


def test_the_readme_has_a_licence_section_that_links_every_licence():
    readme = read("README.md")
    assert re.search(r"^## Licence$", readme, re.M)
    section = readme.split("## Licence", 1)[1].split("\n## ", 1)[0]
    assert {"LICENSE", "LICENSES/CC-BY-4.0.txt", "LICENSES/CC-BY-SA-3.0.txt",
            "LICENSES/README.md"} <= links(section)


def test_the_data_readme_links_the_data_licence():
    assert "../LICENSES/CC-BY-SA-3.0.txt" in links(read("data/README.md"))
