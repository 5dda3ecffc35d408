"""Readers and editors see what changed between versions as marked-up words."""
from __future__ import annotations

import re

from articles.diff import word_diff


def test_unchanged_text_has_no_marks():
    html = word_diff("The cast returns in spring.", "The cast returns in spring.")
    assert html == "<p>The cast returns in spring.</p>"
    assert "<ins>" not in html
    assert "<del>" not in html


def test_changed_word_is_struck_and_replacement_inserted():
    html = word_diff("The cast returns in spring.", "The cast returns in autumn.")
    assert html == "<p>The cast returns in <del>spring</del><ins>autumn</ins>.</p>"


def test_added_words_are_inserted_and_removed_words_struck():
    assert word_diff("Filming starts", "Filming starts soon") == (
        "<p>Filming starts<ins> soon</ins></p>"
    )
    assert word_diff("Filming starts soon", "Filming starts") == (
        "<p>Filming starts<del> soon</del></p>"
    )


def test_markup_typed_in_text_is_shown_escaped_not_rendered():
    html = word_diff("Use <b>bold</b> here", "Use <b>bold</b> there <script>alert(1)</script>")
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html
    assert "<script" not in html


def test_escaped_markup_inside_a_change_is_still_escaped():
    html = word_diff("Price", "Price <img src=x onerror=alert(1)>")
    assert "<img" not in html
    assert "<ins>" in html
    assert "&lt;img" in html


def test_blank_lines_separate_paragraphs():
    html = word_diff("One.\n\nTwo.", "One.\n\nTwo.")
    assert html == "<p>One.</p><p>Two.</p>"


def test_added_paragraph_is_one_inserted_paragraph():
    html = word_diff("One.", "One.\n\nTwo is new.")
    assert html == "<p>One.</p><p><ins>Two is new.</ins></p>"


def test_change_spanning_paragraphs_keeps_marks_inside_each_paragraph():
    html = word_diff("One.", "One more.\n\nAnd another.")
    # Every <ins> must close inside the paragraph it opened in, or the page breaks.
    for paragraph in re.findall(r"<p>(.*?)</p>", html):
        assert paragraph.count("<ins>") == paragraph.count("</ins>")
    assert "<p><ins>And another.</ins></p>" in html


def test_text_written_from_scratch_is_all_inserted():
    assert word_diff("", "New text") == "<p><ins>New text</ins></p>"


def test_text_removed_entirely_is_all_struck():
    assert word_diff("Old text", "") == "<p><del>Old text</del></p>"


def test_nothing_to_nothing_is_empty():
    assert word_diff("", "") == ""


def test_removed_middle_paragraph_is_struck_whole_and_neighbours_untouched():
    html = word_diff("One.\n\nTwo.\n\nThree.", "One.\n\nThree.")
    assert html == "<p>One.</p><p><del>Two.</del></p><p>Three.</p>"
