"""The test exports are well-formed XML that reads back to what was put in."""
import xml.etree.ElementTree as ElementTree

from tests.wordpress.exports import Comment, Post, cdata, namespaces, write_big_wxr, wxr


def test_text_that_ends_a_cdata_section_reads_back_whole_under_any_prefix():
    content = '<script>/* <![CDATA[ */ var a = {"b": 1}; /* ]]> */</script> and ]]>]]>'
    body = "Signal &amp; Noise ]]> 서울의 밤 🙂"
    post = Post(7, "A ]]> title", "a-title", content=content,
                comments=[Comment(70, "Ana", "ana@example.org", body)])
    text = wxr([post], version="1.0", prefixes={"wp": "wordpress", "content": "c"})

    assert "]]]]><![CDATA[>" in cdata(content)
    wp = "{%s}" % namespaces("1.0")["wp"]
    item = ElementTree.fromstring(text).find("channel/item")
    assert item.findtext("title") == "A ]]> title"
    assert item.findtext("{%s}encoded" % namespaces()["content"]) == content
    assert item.findtext(f"{wp}post_id") == "7"
    assert item.findtext(f"{wp}comment/{wp}comment_content") == body


def test_a_generated_export_has_every_comment_and_threads_them(tmp_path):
    path = write_big_wxr(tmp_path / "big.xml", posts=3, comments_per_post=40)

    wp = "{%s}" % namespaces()["wp"]
    comments = list(ElementTree.parse(path).getroot().iter(f"{wp}comment"))
    assert len(comments) == 120
    ids = {comment.findtext(f"{wp}comment_id") for comment in comments}
    parents = {comment.findtext(f"{wp}comment_parent") for comment in comments} - {"0"}
    assert len(ids) == 120 and parents and parents <= ids
    assert path.read_bytes() == write_big_wxr(tmp_path / "again.xml", posts=3,
                                              comments_per_post=40).read_bytes()
