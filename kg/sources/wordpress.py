"""WordPress pages saved as HTML: a single post, or an archive page of several.

What the parser reads, from the markup WordPress themes print (twentyfifteen
and its relatives; older themes use ``div`` where newer ones use ``article``)::

    <html lang="en-GB">                       -> Citation.language ("en")
    <link rel="canonical" href="…">           -> Identifiers.url of a single post (or og:url)
    <meta property="og:site_name" …>          -> Citation.publisher (else .site-title)
    <meta property="article:published_time"> -> Citation.date of a single post, if the post has none
    <body class="archive tag tag-nhs">
      <h1 class="page-title">Tag Archives: NHS</h1>   -> a tag (or category) of every post
      <article class="post hentry …">                 -> one Document per post
        <h2 class="entry-title"><a rel="bookmark" href="…">Title</a></h2>
        <div class="entry-content"> p, li, h2-h6, blockquote … </div>
        <time class="entry-date published" datetime="2016-04-05T…">
        <span class="byline"><span class="author vcard"><a>Name</a></span></span>
        <span class="cat-links"><a rel="category tag">CCG</a></span>
        <span class="tags-links"><a rel="tag">NHS</a></span>
      </article>

Posts are ``article.hentry``, ``article.post``, ``div.hentry`` or ``div.post``
(outermost only, never comments, widgets or related-post boxes); a page
with none falls back to its plain ``article`` elements. On a single post
(body class ``single`` or ``page``, or one post and no archive title) the
post whose id matches the body's ``postid-N`` is read, and what the post
itself lacks (title, URL, date, author) comes from the page: ``h1``,
``og:title``, the canonical link, ``article:published_time``, an
``a[rel=author]`` outside the post.

The body is one paragraph per ``p``, ``li``, ``h2``-``h6``, ``blockquote``
and table row of the entry content, in order, without scripts, styles,
share buttons (``div.sharedaddy``) or related posts (``.jp-relatedposts``).
A ``By NAME`` first paragraph names the author (it overrides the theme's
byline, which often shows the account that posted) and leaves the body;
so do paragraphs that are only a link (``Download report [pdf]>>``).
After a "References" heading, items are references, not body. Every link
of the content is kept with its text (less a trailing ``>>``) and absolute
target: links are citations. A post without a title is yielded as a ParseError at its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from kg._text import normalize_space
from kg.errors import ParseError
from kg.model import (
    Author,
    Citation,
    Document,
    DocumentKind,
    Identifiers,
    Link,
    PartialDate,
    Reference,
    SourceSpan,
)
from kg.sources._common import clean, language_code
from kg.sources._html import (
    UnusableRecord,
    absolute,
    load_html,
    read_page,
    read_record,
    text_of,
    within,
)

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

NAME = "wordpress"
DESCRIPTION = ("WordPress HTML page, single post or archive (wp-content/wp-includes, "
               "<meta name=generator content=WordPress>, article.hentry, div.entry-content)")
EXTENSIONS = (".html", ".htm")

_GENERATOR = re.compile(r"<meta\b[^>]*\bgenerator\b[^>]*\bwordpress", re.I)
_POST_MARK = re.compile(r"<article\b|class\s*=\s*[\"'](?:[^\"']*\s)?(?:hentry|post|type-post)[\s\"']", re.I)


def sniff(head: str) -> float:
    """High for WordPress markup: the generator meta, ``wp-content`` paths, ``hentry`` classes.

    A complete page (its ``</html>`` is in ``head``) with no article or post
    element is not a post page and scores 0.
    """
    if "<" not in head:
        return 0.0
    low = head.lower()
    if _GENERATOR.search(head):
        score = 0.9
    elif "wp-content" in low or "wp-includes" in low:
        score = 0.8
    elif "hentry" in low or "entry-content" in low:
        score = 0.6
    else:
        return 0.0
    if "</html>" in low and not _POST_MARK.search(head):
        return 0.0
    return score


# ----------------------------------------------------------------- the page and its posts

def _classes(tag: Tag) -> list[str]:
    value = tag.get("class") or []
    return value.split() if isinstance(value, str) else list(value)


def _rel(tag: Tag) -> list[str]:
    value = tag.get("rel") or []
    return [v.lower() for v in (value.split() if isinstance(value, str) else value)]


def _attr(tag: Tag | None, name: str) -> str | None:
    if tag is None:
        return None
    value = tag.get(name)
    if isinstance(value, list):
        value = " ".join(value)
    return clean(value)



# ----------------------------------------------------------------- the page

_NOISE_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "form", "button", "input",
               "select", "textarea", "object", "embed", "canvas"]
_NOISE_CLASS = re.compile(r"share|sharing|social|relatedposts|related-posts|addtoany|yarpp|screen-reader-text|sr-only",
                          re.I)
_OUTSIDE_POSTS = re.compile(r"^(comments?(-area|-list|-body)?|comment-respond|widget.*|sidebar|site-footer)$", re.I)
_POST_SELECTOR = ("article.hentry, article.post, article.type-post, article.type-page, "
                  "div.hentry, div.post, div.type-post")
_CONTENT_SELECTORS = (".entry-content", ".post-content", ".entry-summary", ".post-entry", ".article-content",
                      ".entry")
_ARCHIVE_TITLE = re.compile(r"^\s*(tag|category|author)\b[^:]*:\s*(.+?)\s*$", re.I)
_SITE_SEPARATOR = re.compile(r"\s+[|\u2013\u2014-]\s+")


@dataclass
class _Page:
    """What the page tells about all its posts."""

    language: str | None = None
    site_name: str | None = None
    base: str | None = None  # <base href>, else the canonical URL
    canonical: str | None = None
    single: bool = False
    archive: bool = False
    archive_tags: tuple[str, ...] = ()
    archive_categories: tuple[str, ...] = ()
    post_id: str | None = None  # from body class postid-N


def _page(soup: BeautifulSoup) -> _Page:
    page = _Page()
    html = soup.find("html")
    lang = _attr(html, "lang") or _meta(soup, "og:locale")
    page.language = language_code(re.split(r"[-_]", lang)[0]) if lang else None
    page.site_name = _meta(soup, "og:site_name") or _site_title(soup)
    canonical = next((_attr(l, "href") for l in soup.find_all("link", href=True) if "canonical" in _rel(l)), None)
    page.canonical = canonical or _meta(soup, "og:url")
    page.base = _attr(soup.find("base", href=True), "href") or page.canonical
    body = soup.find("body")
    classes = set(_classes(body)) if body is not None else set()
    postid = next((c[len("postid-"):] for c in classes if c.startswith("postid-")), None)
    page.post_id = f"post-{postid}" if postid else None
    heading = soup.select_one(".page-title, .archive-title, .page-header h1")
    term_kind, term = None, None
    if heading is not None:
        match = _ARCHIVE_TITLE.match(text_of(heading))
        if match:
            term_kind, term = match[1].lower(), clean(match[2].strip("\"'\u201c\u201d\u2018\u2019"))
        elif classes & {"tag", "category"}:
            term_kind, term = ("tag" if "tag" in classes else "category"), clean(text_of(heading))
    if term:
        page.archive_tags = (term,) if term_kind == "tag" else ()
        page.archive_categories = (term,) if term_kind == "category" else ()
    page.archive = bool(classes & {"archive", "blog", "home", "search", "tag", "category", "author", "date"}
                        or term)
    page.single = bool(classes & {"single", "single-post", "singular", "page"}) and not page.archive
    return page


def _meta(soup: BeautifulSoup, key: str) -> str | None:
    for meta in soup.find_all("meta"):
        if (meta.get("property") or meta.get("name")) == key:
            value = _attr(meta, "content")
            if value:
                return value
    return None


def _site_title(soup: BeautifulSoup) -> str | None:
    node = soup.select_one(".site-title")
    if node is not None and text_of(node):
        return text_of(node)
    title = soup.find("title")
    if title is not None:
        parts = _SITE_SEPARATOR.split(text_of(title))
        if len(parts) > 1:
            return clean(parts[-1])
    return None


def _is_noise(tag: Tag) -> bool:
    """Share buttons, related posts, screen-reader text: by class, but never a
    post's own ``tag-social-care`` or ``category-…`` class."""
    return any(_NOISE_CLASS.search(c) and not c.startswith(("tag-", "category-", "postid-", "post-"))
               for c in _classes(tag))


def _outside_posts(tag: Tag) -> bool:
    """True inside comments, widgets, sidebars, asides and share or related-post boxes."""
    for node in [tag, *tag.parents]:
        if node.name == "aside" or node.get("id") in ("comments", "respond") or _is_noise(node):
            return True
        if node is not tag and any(_OUTSIDE_POSTS.match(c) for c in _classes(node)):
            return True
    return any(c in ("comment", "comment-body", "pingback", "trackback") for c in _classes(tag))


def _outermost(tags: list[Tag]) -> list[Tag]:
    chosen = {id(t) for t in tags}
    return [t for t in tags if not any(id(p) in chosen for p in t.parents)]


def _posts(soup: BeautifulSoup, page: _Page) -> list[Tag]:
    posts = _outermost([t for t in soup.select(_POST_SELECTOR) if not _outside_posts(t)])
    if not posts:  # themes that mark posts with plain <article>
        posts = _outermost([t for t in soup.find_all("article") if not _outside_posts(t)])
    if not page.single and not page.archive and len(posts) == 1:
        page.single = True
    if page.single and posts:
        main = next((p for p in posts if page.post_id and p.get("id") == page.post_id), posts[0])
        posts = [main]
    return posts


# ----------------------------------------------------------------- parsing

def parse(stream: TextIO, source: str) -> Iterator[Document | ParseError]:
    """Yield one blog post per post on the page (one for a single-post page)."""
    text, problem = read_page(stream, source)
    if problem is not None:
        yield problem
        return
    if not text or not text.strip():
        return
    try:
        soup, lines = load_html(text)
        page = _page(soup)
        posts = _posts(soup, page)
        spans = [(lines.start(p), lines.end(p)) for p in posts]
        _drop_noise(soup, posts)
    except Exception as exc:  # noqa: BLE001 - bs4 and lxml fail in many ways on hostile input
        yield ParseError(f"not readable as an HTML page: {exc}", source=source, line=1)
        return
    if not posts:
        yield ParseError("no WordPress post on this page (article.hentry, article.post, div.hentry)",
                         source=source, line=1)
        return
    for number, (post, (start, end)) in enumerate(zip(posts, spans), 1):
        yield read_record(lambda: _document(post, soup, page, source, number, start, end),
                          source, start, str(number), "post")


def _drop_noise(soup: BeautifulSoup, posts: list[Tag]) -> None:
    keep = {id(p) for post in posts for p in [post, *post.parents]}
    for tag in soup.find_all(_NOISE_TAGS):
        if not tag.decomposed and id(tag) not in keep:
            tag.decompose()
    for tag in [t for t in soup.find_all(True) if _is_noise(t)]:
        if not tag.decomposed and id(tag) not in keep:
            tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")


def _document(post: Tag, soup: BeautifulSoup, page: _Page, source: str, number: int,
              start: int | None, end: int | None) -> Document:
    title_tag = post.select_one(".entry-title, .post-title, .entry-header h1, .entry-header h2")
    title = clean(text_of(title_tag)) if title_tag is not None else None
    if not title and page.single:
        title = _page_title(soup)
    if not title:
        raise UnusableRecord("post has no title (h1/h2.entry-title)")
    bookmark = title_tag.find("a", href=True) if title_tag is not None else None
    bookmark_url = absolute(page.base, bookmark["href"]) if bookmark is not None else None
    url = (page.canonical or bookmark_url) if page.single else bookmark_url
    base = url or page.base

    content = _content(post)
    body, references = _body(content, base) if content is not None else ([], [])
    authors = _post_authors(post, soup, page)
    if body:
        byline = _text_byline(body[0])
        if byline:
            authors = byline  # a "By NAME" line names the writer; the theme shows the account that posted
            body = body[1:]
    categories = _unique((*_rel_links(post, "category"), *page.archive_categories))
    tags = _unique((*_tag_links(post), *page.archive_tags))
    if page.single and not categories and not tags:
        categories, tags = _taxonomy_links(soup)
    kind = DocumentKind.WEB_PAGE if "type-page" in _classes(post) else DocumentKind.BLOG_POST
    return Document(
        kind=kind,
        ids=Identifiers(url=url),
        title=title,
        citation=Citation(date=_date(post, soup, page), language=page.language, publisher=page.site_name),
        authors=tuple(authors),
        body=tuple(body),
        links=tuple(_links(content, base)) if content is not None else (),
        categories=categories,
        tags=tags,
        references=tuple(references),
        sources=(SourceSpan(file=source, format=NAME, start_line=start, end_line=end, record=str(number)),),
    )


def _page_title(soup: BeautifulSoup) -> str | None:
    for node in soup.select("h1.entry-title, h1.post-title"):
        if text_of(node):
            return text_of(node)
    og = _meta(soup, "og:title")
    if og:
        return og
    for node in soup.find_all("h1"):
        if text_of(node) and "site-title" not in _classes(node) and not _outside_posts(node):
            return text_of(node)
    title = soup.find("title")
    return clean(_SITE_SEPARATOR.split(text_of(title))[0]) if title is not None else None


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    """Values without repeats (compared without case); empty ones dropped."""
    seen: dict[str, str] = {}
    for value in values:
        value = normalize_space(value)
        if value and value.lower() not in seen:
            seen[value.lower()] = value
    return tuple(seen.values())


# ----------------------------------------------------------------- dates, authors, taxonomy

_DATE_SELECTORS = ("time.entry-date.published", "time.published", "time.entry-date", "abbr.published",
                   ".posted-on time", ".entry-meta time", ".post-meta time", "time")


def _date(post: Tag, soup: BeautifulSoup, page: _Page) -> PartialDate | None:
    content = _content(post)
    for selector in _DATE_SELECTORS:
        for node in post.select(selector):
            if content is not None and content is not post and within(node, content):
                continue  # a date mentioned in the text is not the post's
            date = PartialDate.parse(_attr(node, "datetime") or _attr(node, "title") or text_of(node))
            if date:
                return date
    if page.single:
        return PartialDate.parse(_meta(soup, "article:published_time"))
    return None


_ORGANISATION = re.compile(
    r"\b(foundation|team|trust|institute|unit|group|centre|center|nhs|department|council|fund|network|"
    r"association|society|organi[sz]ation|university|college|committee|partnership|agency|office|"
    r"services|ltd|editors?|staff|blog)\b", re.I)
_BYLINE = re.compile(r"^\s*(?:by|posted by|written by)\s*:?\s+(.+?)\s*$", re.I)
_NOT_A_NAME = re.compile(r"^(view|more|all) (all )?posts", re.I)


def _post_authors(post: Tag, soup: BeautifulSoup, page: _Page) -> list[Author]:
    names: list[str] = []
    for byline in post.select(".byline"):
        links = byline.find_all("a")
        names += [text_of(a) for a in links] if links else [_strip_by(text_of(byline))]
    if not names:
        names = [text_of(n.find("a") or n.select_one(".fn") or n) for n in post.select(".author.vcard")]
    if not names:
        names = [text_of(a) for a in post.find_all("a") if "author" in _rel(a)]
    if not names and page.single:
        names = [text_of(a) for a in soup.find_all("a") if "author" in _rel(a) and not _outside_posts(a)]
        names = names[:1] or [_meta(soup, "author") or ""]
    return [author(n) for n in _unique(n for n in names if not _NOT_A_NAME.match(n))]


def _strip_by(text: str) -> str:
    match = _BYLINE.match(text)
    return match[1] if match else text


def _text_byline(paragraph: str) -> list[Author]:
    """Authors named by a ``By NAME`` (or ``BY NAME AND NAME``) paragraph; empty if it is not one."""
    match = _BYLINE.match(paragraph)
    if not match or len(paragraph) > 120 or re.search(r"[.!?;:]$", match[1]):
        return []
    names = [n for n in re.split(r"\s*(?:,|&|\band\b)\s*", match[1], flags=re.I) if n]
    if not names or any(len(n.split()) > 5 or not n[0].isupper() for n in names):
        return []
    return [author(n) for n in names]


def author(name: str) -> Author:
    """An author from a displayed name: ALL-CAPS title-cased, organisations marked collective."""
    name = normalize_space(name)
    if name.isupper() and len(name) > 3 and " " in name:
        name = " ".join(part.title() for part in name.split())
    if _ORGANISATION.search(name):
        return Author(name=name, collective=True)
    parts = name.split()
    if len(parts) < 2:
        return Author(name=name)
    given = " ".join(parts[:-1])
    initials = "".join(p[0] for p in re.split(r"[\s-]+", given) if p and p[0].isalpha()).upper()
    return Author(name=name, family=parts[-1], given=given, initials=initials or None)


def _rel_links(post: Tag, rel: str) -> list[str]:
    return [text_of(a) for a in post.find_all("a") if rel in _rel(a)]


def _tag_links(post: Tag) -> list[str]:
    marked = post.select(".tags-links a, .tag-links a, .post-tags a")
    if marked:
        return [text_of(a) for a in marked]
    return [text_of(a) for a in post.find_all("a") if "tag" in _rel(a) and "category" not in _rel(a)]


_TAXONOMY_BOX = re.compile(r"^((article|entry|post)-(footer|meta|tags|categories)|read-more|tags|categories)$")


def _taxonomy_links(soup: BeautifulSoup) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Categories and tags of a single post whose theme lists them without ``rel``
    (by ``/category/`` and ``/tag/`` links in an article footer or "read more" box)."""
    categories: list[str] = []
    tags: list[str] = []
    for box in soup.find_all(class_=_TAXONOMY_BOX):
        for a in box.find_all("a", href=True):
            href = a["href"] if isinstance(a["href"], str) else ""
            if "/category/" in href:
                categories.append(text_of(a))
            elif "/tag/" in href:
                tags.append(text_of(a))
    return _unique(categories), _unique(tags)


# ----------------------------------------------------------------- the content

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_PARAGRAPHS = {"p", "pre", "dt", "dd", "figcaption", "address", "blockquote"}
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s",
           "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "img", "font", "del",
           "ins", "label", "big", "tt", "strike", "acronym"}
_REFERENCES = re.compile(r"^\s*(references|bibliography|further reading|notes|reference list)\s*:?\s*$", re.I)
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_PMID = re.compile(r"\bPMID:?\s*(\d{1,9})\b")
_LINK_ARROWS = re.compile(r"\s*(?:>>|\u00bb|\u203a\u203a|\u2192)\s*$")


def _content(post: Tag) -> Tag | None:
    for selector in _CONTENT_SELECTORS:
        found = post.select_one(selector)
        if found is not None:
            return found
    return post


@dataclass
class _Block:
    kind: str  # "heading", "paragraph", "item"
    element: Tag | None
    text: str


def _blocks(container: Tag) -> Iterator[_Block]:
    """The paragraphs of a content element, in order (iterative, so deep nesting is safe)."""
    from bs4.element import NavigableString, PreformattedString, Tag

    loose: list[str] = []  # inline text between blocks
    stack: list[Iterator[Any]] = [iter(container.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if loose:
                yield _Block("paragraph", None, normalize_space("".join(loose)))
                loose.clear()
            continue
        if isinstance(child, NavigableString):
            if not isinstance(child, PreformattedString):
                loose.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in _INLINE:
            loose.append(text_of(child))
            continue
        if loose and normalize_space("".join(loose)):
            yield _Block("paragraph", None, normalize_space("".join(loose)))
        loose.clear()
        if name in _HEADINGS:
            yield _Block("heading", child, text_of(child))
        elif name in _PARAGRAPHS:
            yield _Block("paragraph", child, text_of(child))
        elif name == "li":
            yield _Block("item", child, text_of(child, skip=frozenset({"ul", "ol"})))
            holder = child.find_parent(["ul", "ol"])
            stack.append(iter([l for l in child.find_all(["ul", "ol"]) if l.find_parent(["ul", "ol"]) is holder]))
        elif name == "tr":
            cells = [text_of(c) for c in child.find_all(["td", "th"], recursive=False)]
            yield _Block("paragraph", child, " | ".join(c for c in cells if c))
        else:  # div, section, ul, ol, table, figure...
            stack.append(iter(child.children))


def _body(content: Tag, base: str | None) -> tuple[list[str], list[Reference]]:
    body: list[str] = []
    references: list[Reference] = []
    in_references = False
    for block in _blocks(content):
        if not block.text:
            continue
        if block.kind in ("heading", "paragraph") and _REFERENCES.match(block.text):
            in_references = True
        elif block.kind == "heading":
            in_references = False
            body.append(block.text)
        elif in_references:
            references.append(_reference(block, base))
        elif not _link_only(block):
            body.append(block.text)
    return body, references


def _link_only(block: _Block) -> bool:
    """A paragraph that is nothing but a link ("Download report [pdf]>>"): a link, not body text."""
    element = block.element
    if element is None or element.find("a", href=True) is None:
        return False
    return not re.sub(r"[\W_]+", "", text_of(element, skip=frozenset({"a"})))


def _reference(block: _Block, base: str | None) -> Reference:
    link = block.element.find("a", href=True) if block.element is not None else None
    url = absolute(base, link["href"]) if link is not None and isinstance(link["href"], str) else None
    doi = _DOI.search(block.text) or (_DOI.search(url) if url else None)
    pmid = _PMID.search(block.text)
    return Reference(text=block.text, url=url, doi=doi[0].rstrip(".,;)") if doi else None,
                     pmid=pmid[1] if pmid else None)


def _links(content: Tag, base: str | None) -> list[Link]:
    links: list[Link] = []
    for a in content.find_all("a", href=True):
        href = a["href"] if isinstance(a["href"], str) else ""
        if not href.strip() or href.strip().lower().startswith("javascript:"):
            continue
        target = absolute(base, href)
        image = a.find("img")
        text = _LINK_ARROWS.sub("", text_of(a)) or _attr(a, "title") or _attr(image, "alt") or target
        link = Link(text=text, target=target)
        if link not in links:
            links.append(link)
    return links
