"""The report page cleaned by an allowlist after its last parse: only known elements, attributes and URLs remain.

The package escapes every data string where it enters Markdown or HTML (``analysis.core.text_safety``); this is
the second line. It runs on the complete page that nbconvert's template produced, so nothing parses the page
again before it is written or typeset. What is kept:

- in the body, the elements and attributes a report uses (text, headings, lists, tables, figures, links);
  ``style`` attributes only with alignment properties; images only as ``data:image/...`` URLs (no remote fetch);
  links only to ``#anchors`` and ``http``/``https``/``mailto`` addresses;
- in the head, the title, the ``meta`` elements and the report's own stylesheet.

Scripts, styles inside the body, frames, forms, event handlers, ``javascript:`` and other schemes however they are
encoded (entities, tabs, case), SVG and MathML elements, and comments are removed.
"""

from __future__ import annotations

import re

import nh3

BODY_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "i", "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
BODY_ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title", "data-title", "data-mime-type", "style"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "table": {"border"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "ol": {"start"},
}
# Alignment only: no property of this list can load anything.
STYLE_PROPERTIES = {"text-align", "vertical-align", "white-space"}
URL_SCHEMES = {"http", "https", "mailto", "data"}
_IMAGE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]*", re.IGNORECASE)
_PAGE = re.compile(r"\A\s*(?:<!DOCTYPE html>\s*)?<html(?P<html>[^>]*)>\s*<head>(?P<head>.*?)</head>\s*"
                   r"<body(?P<battrs>[^>]*)>(?P<body>.*)</body>\s*</html>\s*\Z", re.IGNORECASE | re.DOTALL)
_LANG = re.compile(r'\slang="([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)"')
_STYLE = re.compile(r"<style>(.*?)</style>", re.IGNORECASE | re.DOTALL)
_END_STYLE = re.compile(r"</style", re.IGNORECASE)


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "src":
        return value if element == "img" and _IMAGE_DATA.fullmatch(value.strip()) else None
    if attribute == "href":
        return None if value.strip().lower().startswith("data:") else value
    return value


def sanitize_fragment(html: str) -> str:
    """``html`` (a part of a page's body) with everything outside the allowlist removed."""
    return nh3.clean(
        html,
        tags=BODY_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"},
        attributes=BODY_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
        link_rel=None,
        strip_comments=True,
    )


def _sanitize_head(head: str) -> str:
    """The head's title and meta elements cleaned; its stylesheet kept as written by the template."""
    styles = _STYLE.findall(head)
    cleaned = nh3.clean(_STYLE.sub("", head), tags={"title", "meta"},
                        clean_content_tags={"script", "style", "noscript", "template"},
                        attributes={"meta": {"charset", "name", "content"}}, strip_comments=True, link_rel=None)
    # The stylesheet is the package's print.css; a style element cannot hold markup, only its end tag matters.
    css = "".join("<style>" + _END_STYLE.sub(r"<\\/style", s) + "</style>\n" for s in styles)
    return cleaned + css


def sanitize_page(page: str) -> str:
    """A complete report page (``<html>`` with head and body) cleaned by the allowlist; see the module doc.

    A text that is not such a page is cleaned as a fragment.
    """
    match = _PAGE.match(page)
    if not match:
        return sanitize_fragment(page)
    lang = _LANG.search(match["html"])
    html_open = f'<html lang="{lang.group(1)}">' if lang else "<html>"
    return (f"<!DOCTYPE html>\n{html_open}\n<head>{_sanitize_head(match['head'])}</head>\n"
            f"<body>{sanitize_fragment(match['body'])}</body>\n</html>\n")
