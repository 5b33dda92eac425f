"""Every error path: a Python exception of the right class, never a crash."""

import os

import pytest

import opcit


@pytest.mark.parametrize("text", ["", "   \n\t ", b"", b"  \n"])
def test_an_empty_input_is_an_empty_input_error(text):
    with pytest.raises(opcit.EmptyInputError):
        opcit.read_str(text)


def test_the_error_classes_are_value_errors():
    for error in [
        opcit.InputError,
        opcit.EmptyInputError,
        opcit.EncodingError,
        opcit.FormatError,
        opcit.StyleError,
    ]:
        assert issubclass(error, ValueError)
    assert issubclass(opcit.EmptyInputError, opcit.InputError)
    assert issubclass(opcit.EncodingError, opcit.InputError)


def test_invalid_utf8_gives_its_offset():
    with pytest.raises(opcit.EncodingError) as caught:
        opcit.read_str(b"1 Smith, J., Title, 2001.\n2 Caf\xe9")
    assert caught.value.offset == len(b"1 Smith, J., Title, 2001.\n2 Caf")
    assert str(caught.value.offset) in str(caught.value)


def test_utf16_and_binary_say_what_they_are():
    with pytest.raises(opcit.EncodingError, match="UTF-16"):
        opcit.read_str("1 Smith, Title.".encode("utf-16"))
    with pytest.raises(opcit.EncodingError, match="ELF"):
        opcit.read_str(b"\x7fELF\x02\x01\x01\x00\x00\x00")


def test_a_missing_file_is_file_not_found(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(FileNotFoundError) as caught:
        opcit.read_file(missing)
    assert caught.value.filename == str(missing)


def test_a_directory_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        opcit.read_file(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_permission_error(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("1 Smith, Title.")
    path.chmod(0)
    with pytest.raises(PermissionError):
        opcit.read_file(path)


def test_a_broken_docx_is_a_format_error(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"this is no zip archive")
    with pytest.raises(opcit.FormatError):
        opcit.read_file(path)


def test_an_unknown_input_kind_is_a_value_error():
    with pytest.raises(ValueError, match="unknown input kind"):
        opcit.read_str("1 Smith, Title.", input="pdf")


def test_an_unknown_style_is_a_style_error(paper_text):
    document = opcit.read_str(paper_text)
    with pytest.raises(opcit.StyleError, match="unknown style"):
        document.to_text(style="no-such-style")
    with pytest.raises(opcit.StyleError):
        document.to_text(locale="xx-YY")


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError):
        opcit.read_str(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        opcit.parse_reference(None)  # type: ignore[arg-type]
