"""WordPress HTML: an archive page, a single post, two real pages, malformed posts, sniffing, goldens."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import kg.sources
from kg.errors import ParseError
from kg.model import Author, Document, DocumentKind, Link, PartialDate, Reference
from kg.sources import registry, wordpress
from tests.conftest import SHARED, assert_golden, parse_file

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "wordpress"
REAL = SHARED / "realdata" / "wordpress_html"
HEAD_BYTES = 16384


def _parse(path: Path) -> list[Document | ParseError]:
    with open(path, encoding="utf-8") as stream:
        return list(wordpress.parse(stream, path.name))


def _parse_text(text: str) -> list[Document | ParseError]:
    return list(wordpress.parse(io.StringIO(text), "page.html"))


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def _real(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"the real WordPress pages are not beside this checkout ({path})")
    return path


# ----------------------------------------------------------------- the archive fixture

@pytest.fixture(scope="module")
def archive() -> list[Document]:
    items = _parse(FIXTURES / "tag-archive-nhs.html")
    assert all(isinstance(i, Document) for i in items)
    return items  # type: ignore[return-value]


def test_archive_yields_one_post_per_article_in_order(archive):
    assert [d.title for d in archive] == [
        "Improving GP recruitment and retention needs a long-term strategy",
        "Changing the ties that bind? The emerging role and identity of GPs and managers in CCGs",
        "Make, buy or ally? Commissioning support in the new NHS",
    ]
    assert all(d.kind is DocumentKind.BLOG_POST for d in archive)
    assert [d.ids.url for d in archive] == [
        "https://prucomm.ac.uk/2016/08/improving-gp-recruitment-and-retention/",
        "https://prucomm.ac.uk/2015/03/changing-the-ties-that-bind/",
        "https://prucomm.ac.uk/2015/01/make-buy-or-ally/",
    ]


def test_archive_citation_date_site_and_language(archive):
    first = archive[0].citation
    assert first.date == PartialDate(2016, 8, 4) and first.date.precision == "day"
    assert first.publisher == "PRUComm"  # the .site-title: no og:site_name on this page
    assert first.language == "en"  # html lang="en-GB"
    assert first.journal is None and first.raw is None
    # the published time, not the updated one printed after it
    assert archive[1].citation.date == PartialDate(2015, 3, 12)


def test_archive_authors_theme_byline_and_by_lines(archive):
    assert archive[0].authors == (Author(name="PRUComm"),)  # the posting account, one word
    # "By Julia Segar" in the text names the writer and replaces the account
    assert archive[1].authors == (Author(name="Julia Segar", family="Segar", given="Julia", initials="J"),)
    # "BY KATH CHECKLAND" is title-cased
    assert archive[2].authors == (Author(name="Kath Checkland", family="Checkland", given="Kath", initials="K"),)
    assert not any(p.lower().startswith("by ") for d in archive for p in d.body)


def test_archive_categories_and_tags_include_the_page_tag_once(archive):
    assert archive[0].categories == ("Publications",)
    assert archive[0].tags == ("GP workforce", "NHS")
    assert archive[1].categories == ("Blog",) and archive[1].tags == ("CCG", "NHS")
    assert archive[2].categories == ("Blog", "CCG") and archive[2].tags == ("CSU", "NHS")


def test_archive_body_paragraphs_headings_and_list_items(archive):
    body = archive[0].body
    assert body[0].startswith("The state of general practice remains")
    assert body[0].endswith("the General Practice Forward View published in April 2016.")  # &nbsp; and <em>
    assert body[1] == "What the evidence suggests"  # an h3 is a paragraph
    assert body[3:6] == ("exposure of medical students to successful GP role models",
                         "early exposure to general practice",
                         "supporting intrinsic motivational factors and career determinants")
    assert body[6].startswith("Despite continuing interest in using \u201cgolden handshakes\u201d")
    assert len(body) == 7  # the two link-only paragraphs are links, not text


def test_archive_links_are_absolute_and_keep_pdf_downloads(archive):
    assert archive[0].links == (
        Link("Download PRUComm report [pdf]",
             "https://prucomm.ac.uk/wp-content/uploads/2016/08/GP-recruitment-and-retention-review.pdf"),
        Link("NHSE \u2013 IPSOS/MORI report",
             "https://www.england.nhs.uk/wp-content/uploads/2016/07/gp-recruitment-ipsos-mori.pdf"),
    )
    # screen-reader text is not part of a link's text; share buttons are not links
    assert Link("Continue reading", "https://prucomm.ac.uk/2015/01/make-buy-or-ally/#more-398") in archive[2].links
    assert not any("share=" in (l.target or "") for d in archive for l in d.links)
    # sidebar widgets and pagination are outside every post
    assert not any("page/2" in (l.target or "") or "research-review" in (l.target or "")
                   for d in archive for l in d.links)


def test_archive_references_section(archive):
    post = archive[1]
    assert post.references == (
        Reference("Scott, W. R. (2008). Institutions and organizations: ideas and interests. Los Angeles, London, "
                  "New Delhi, Singapore, Sage Publications."),
        Reference("Wood, J. and S. Heath (2014). \u201cClinical commissioning group (CCG) funding.\u201d Social and "
                  "General Statistics and Social Policy Section House of Commons Library (Standard Note: SN06779).",
                  url="http://researchbriefings.parliament.uk/ResearchBriefing/Summary/SN06779"),
    )
    assert post.body[-1] == ("Disclaimer: this research was funded by the Department of Health. "
                             "The views are those of the authors.")
    assert "References" not in post.body and not any("Share this" in p for p in post.body)
    # links inside references are links too
    assert [l.text for l in post.links] == ["Sage Open paper", "SN06779"]


def test_archive_blockquote_is_one_paragraph(archive):
    assert ("We found that some CCGs were reluctant to outsource commissioning support, fearing that they would "
            "lose local knowledge and trusted local relationships.") in archive[2].body


def test_archive_source_spans(archive):
    path = FIXTURES / "tag-archive-nhs.html"
    spans = [d.sources[0] for d in archive]
    assert [s.record for s in spans] == ["1", "2", "3"]
    assert all((s.file, s.format) == ("tag-archive-nhs.html", "wordpress") for s in spans)
    assert [s.start_line for s in spans] == [_line_of(path, f'<article id="post-{n}"') for n in (455, 412, 398)]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(lines[s.end_line - 1].strip() == "</article>" for s in spans)


# ----------------------------------------------------------------- the single-post fixture

def test_single_post_field_by_field():
    [post] = _parse(FIXTURES / "single-post.html")
    assert isinstance(post, Document)
    assert post.title == "Sympathising with commissioners"
    assert post.ids.url == "https://prucomm.ac.uk/2012/02/sympathising-with-commissioners/"  # canonical
    assert post.citation.date == PartialDate(2012, 2, 14)
    assert post.citation.publisher == "PRUComm"  # og:site_name
    assert post.citation.language == "en"
    assert post.authors == (Author(name="Stephen Peckham", family="Peckham", given="Stephen", initials="S"),)
    assert post.categories == ("Blog",) and post.tags == ("Commissioning", "NHS")
    assert post.body[3:6] == ("the impact of patient involvement;", "clinical leadership in the process, including",
                              "GP engagement")  # nested list items, each once
    assert post.body[-1] == "Stephen Peckham is Director of PRUComm"
    assert len(post.body) == 8
    # scripts, share buttons, related posts and comments are not the post
    assert not any("_gaq" in p or "Related" in p or "Very helpful" in p for p in post.body)
    assert post.links == (Link("policy and practice", "https://prucomm.ac.uk/about/"),)  # ../../../about/
    span = post.sources[0]
    assert span.start_line == _line_of(FIXTURES / "single-post.html", '<article id="post-87"')
    assert span.record == "1"


# ----------------------------------------------------------------- real pages

def test_real_twentyfifteen_page():
    items = _parse(_real("lemire.me.json.html"))
    assert len(items) == 1  # the five comment <article>s are not posts
    post = items[0]
    assert isinstance(post, Document)
    assert post.title == "JSON parsing: simdjson vs. JSON for Modern C++"
    assert post.ids.url == "https://lemire.me/blog/2019/08/02/json-parsing-simdjson-vs-json-for-modern-c/"
    assert post.citation.date == PartialDate(2019, 8, 2)
    assert post.citation.publisher == "Daniel Lemire's blog"
    assert post.citation.language == "en"
    assert post.authors == (Author(name="Daniel Lemire", family="Lemire", given="Daniel", initials="D"),)
    assert post.body[0] == ("JSON is the ubiquitous data format on the Internet. "
                            "There is a lot of JSON that needs to be parsed and validated.")
    assert "apache_builds | 2.3 GB/s | 0.098 GB/s" in post.body  # a table row
    assert post.body[-1] == "Link: simdjson."
    assert post.links == (Link("simdjson", "https://github.com/lemire/simdjson"),
                          Link("nlohmann/json", "https://github.com/nlohmann/json"))
    assert post.categories == ()  # its one category link has no text
    assert (post.sources[0].start_line, post.sources[0].end_line) == (784, 838)


def test_real_news_theme_page():
    [post] = _parse(_real("wikimediafoundation.org.turkey.html"))
    assert isinstance(post, Document)
    # this theme prints title, author and date above a plain <article>
    assert post.title == "Access to Wikipedia restored in Turkey after more than two and a half years"
    assert post.ids.url == ("https://wikimediafoundation.org/news/2020/01/15/"
                            "access-to-wikipedia-restored-in-turkey-after-more-than-two-and-a-half-years/")
    assert post.citation.date == PartialDate(2020, 1, 15)
    assert post.citation.publisher == "Wikimedia Foundation"
    assert post.authors == (Author(name="Wikimedia Foundation", collective=True),)
    assert len(post.body) == 9
    assert post.body[0].startswith("Today, on Wikipedia\u2019s 19th birthday")
    assert post.body[-1].startswith("* We have received reports")
    assert len(post.links) == 5
    assert post.links[1] == Link("full text of that ruling", "https://www.anayasa.gov.tr/media/6426/2017-22355.pdf")
    assert not any("twitter.com" in (l.target or "") for l in post.links)  # the share aside is dropped
    assert post.categories == ("Advocacy", "Communications", "Community", "Wikipedia")
    assert post.tags == ("Turkey",)
    assert (post.sources[0].start_line, post.sources[0].end_line) == (176, 207)


# ----------------------------------------------------------------- malformed input

def test_post_without_title_is_reported_and_others_survive():
    path = FIXTURES / "malformed-category-ccg.html"
    items = _parse(path)
    errors = [i for i in items if isinstance(i, ParseError)]
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.title for d in docs] == ["PRUComm Research Review August 2016",
                                       "Engaging GPs in commissioning: what works?"]
    assert len(errors) == 1
    line = _line_of(path, '<article id="post-451"')
    assert (errors[0].source, errors[0].line, errors[0].record) == ("malformed-category-ccg.html", line, "2")
    assert f"malformed-category-ccg.html:{line} (record 2)" in str(errors[0])
    # "Category Archives: CCG" gives every post its category
    assert all(d.categories == ("CCG",) for d in docs)
    assert docs[1].citation.date == PartialDate(2016, 5, 10)
    assert docs[1].body[0] == "Via The Commissioning Elf"
    assert docs[1].links[-1] == Link("Read more", "https://www.nationalelfservice.net/commissioning/"
                                                  "engaging-gps-in-commissioning/")


def test_page_without_posts_is_an_error_and_not_sniffed():
    page = ('<html><head><meta name="generator" content="WordPress 6.4" /></head>'
            '<body class="home"><div class="site">Nothing here</div></body></html>')
    assert wordpress.sniff(page) == 0.0
    [error] = _parse_text(page)
    assert isinstance(error, ParseError) and error.line == 1 and error.source == "page.html"


@pytest.mark.parametrize("text", ["", "   \n", "<<<>>>", "\x00\x01binary\ufffd", "<html><body><article>",
                                  "<div>" * 3000 + "deep", "<article class='post hentry'><h2 class='entry-title'>"])
def test_hostile_pages_never_raise(text):
    for item in _parse_text(text):
        assert isinstance(item, (Document, ParseError))


def test_untitled_article_on_truncated_page():
    items = _parse_text("<html><body class='archive'><article class='post hentry'><p>cut")
    assert len(items) == 1 and isinstance(items[0], ParseError) and items[0].record == "1"


def test_newer_archive_title_and_plain_pages():
    page = """<html lang="fr"><body class="archive category category-ccg">
<h1 class="page-title">Category: <span>Commissioning</span></h1>
<article class="post type-post hentry"><h2 class="entry-title"><a href="/2020/01/a/" rel="bookmark">A</a></h2>
<div class="entry-summary"><p>Excerpt.</p></div></article>
<article class="page type-page hentry"><h2 class="entry-title"><a href="/about/" rel="bookmark">About</a></h2>
</article></body></html>"""
    a, about = _parse_text(page)
    assert a.categories == ("Commissioning",) and a.body == ("Excerpt.",)
    assert a.ids.url == "/2020/01/a/"  # no base URL on the page: kept as printed
    assert a.citation.language == "fr"
    assert about.kind is DocumentKind.WEB_PAGE


@pytest.mark.parametrize("name, expected", [
    ("KATH CHECKLAND", Author(name="Kath Checkland", family="Checkland", given="Kath", initials="K")),
    ("Anna Marie Coleman", Author(name="Anna Marie Coleman", family="Coleman", given="Anna Marie", initials="AM")),
    ("PRUComm team", Author(name="PRUComm team", collective=True)),
    ("NHS England", Author(name="NHS England", collective=True)),
    ("admin", Author(name="admin")),
])
def test_author_names(name, expected):
    assert wordpress.author(name) == expected


@pytest.mark.parametrize("paragraph, names", [
    ("By Stephen Peckham", ["Stephen Peckham"]),
    ("BY KATH CHECKLAND AND ANNA COLEMAN", ["Kath Checkland", "Anna Coleman"]),
    ("Posted by Julia Segar", ["Julia Segar"]),
    ("By 2020 every CCG will have merged.", []),
    ("By the end of the year, most CCGs had a plan", []),
])
def test_by_lines(paragraph, names):
    assert [a.name for a in wordpress._text_byline(paragraph)] == names


# ----------------------------------------------------------------- sniffing, detection, goldens

def test_sniffer_recognises_real_pages_from_their_head():
    for name in ("lemire.me.json.html", "wikimediafoundation.org.turkey.html"):
        # the head ends long before the post: the markers in <head> are enough
        assert wordpress.sniff(_real(name).read_text(encoding="utf-8")[:HEAD_BYTES]) > 0.5


def test_sniffer_ignores_text_that_only_names_wordpress():
    assert wordpress.sniff("Tag Archives: NHS\n\nA post about wp-content") == 0  # no markup


def _all_formats_importable() -> str | None:
    for name in registry.names():
        try:
            registry.get(name)
        except ImportError as exc:
            return f"format {name!r} is not written yet ({exc})"
    return None


@pytest.mark.parametrize("name", ["tag-archive-nhs.html", "single-post.html"])
def test_detected_without_naming_the_format(name):
    missing = _all_formats_importable()
    if missing:
        pytest.skip(missing)
    docs = list(kg.sources.parse(FIXTURES / name))
    assert docs and all(d.sources[0].format == "wordpress" for d in docs)


@pytest.mark.parametrize("name", ["tag-archive-nhs.html", "single-post.html", "malformed-category-ccg.html"])
def test_golden(name):
    docs = [d for d in parse_file(FIXTURES / name, "wordpress", on_problem=lambda _: None)]
    assert_golden(docs, FIXTURES / f"{Path(name).stem}.golden.jsonl")


def test_reference_list_with_doi_and_pmid():
    page = """<html><body class="single"><article class="post hentry"><h1 class="entry-title">Refs</h1>
<div class="entry-content"><p>Text.</p><h4>References:</h4><ol>
<li>Checkland K et al. BMJ Open 2014. <a href="https://doi.org/10.1136/bmjopen-2014-005970">doi</a></li>
<li>Perkins N et al. Br J Gen Pract 2014. PMID: 25348997</li></ol>
<h4>About the author</h4><p>Bio.</p></div></article></body></html>"""
    [post] = _parse_text(page)
    assert post.references == (
        Reference("Checkland K et al. BMJ Open 2014. doi", doi="10.1136/bmjopen-2014-005970",
                  url="https://doi.org/10.1136/bmjopen-2014-005970"),
        Reference("Perkins N et al. Br J Gen Pract 2014. PMID: 25348997", pmid="25348997"),
    )
    assert post.body == ("Text.", "About the author", "Bio.")  # a new heading ends the references
