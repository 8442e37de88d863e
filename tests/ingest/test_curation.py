"""The curation file: parsed strictly, errors name the file and the problem."""

from __future__ import annotations

import pytest

from ingest.curation import BUNDLED, CurationError, load_curation, read_curation


def test_bundled_curation_parses_and_knows_liu():
    curation = read_curation(BUNDLED)
    assert any("LiU" in group and group[0] == "Linköpings universitet" for group in curation.same)


def test_user_file_adds_to_the_bundled_one(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text('[[same]]\nnames = ["Grön Hamn AB", "GHAB"]\n[[distinct]]\nnames = ["A-bolaget", "B-bolaget"]\n',
                 encoding="utf-8")
    curation = load_curation(f)
    assert ("Grön Hamn AB", "GHAB") in curation.same
    assert ("A-bolaget", "B-bolaget") in curation.distinct
    assert len(curation.same) > 1


@pytest.mark.parametrize("content, problem", [
    ('[[same]]\nnames = ["only one"]\n', "at least two"),
    ('[[merge]]\nnames = ["a", "b"]\n', "unknown section"),
    ('[[same]\nnames = ', "c.toml"),
    ('[[same]]\nnames = ["a", 3]\n', "non-empty strings"),
])
def test_bad_curation_files_are_clear_errors(tmp_path, content, problem):
    f = tmp_path / "c.toml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(CurationError, match=problem) as info:
        read_curation(f)
    assert str(f) in str(info.value)
