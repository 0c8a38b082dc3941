"""The only module that imports bleach: officials' rich text is cleaned here, once, on write.

Officials write Markdown; it is rendered to HTML with raw HTML disabled and then passed
through bleach's allow-list, so script tags, event handlers and javascript: links never
reach a page. Templates show the stored result through the `rich_text` filter.
"""

import bleach
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "ul",
        "ol",
        "li",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "code",
        "pre",
        "hr",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "th": ["scope"], "td": ["colspan", "rowspan"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def _demote_heading(renderer, tokens, idx, options, env):
    """A page has one <h1>, its title: headings in a body start at <h2>."""
    token = tokens[idx]
    level = min(int(token.tag[1]) + 1, 6)
    token.tag = f"h{level}"
    return renderer.renderToken(tokens, idx, options, env)


_markdown.add_render_rule("heading_open", _demote_heading)
_markdown.add_render_rule("heading_close", _demote_heading)


def clean_html(html: str) -> str:
    cleaned = bleach.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True
    )
    return bleach.linkify(cleaned, callbacks=[bleach.callbacks.nofollow], skip_tags={"pre", "code"})


def markdown_to_safe_html(text: str) -> str:
    """Markdown from an official, as HTML safe to store and show."""
    return clean_html(_markdown.render(text or ""))


def render_rich_text(stored_html: str | None) -> Markup:
    """Mark already-cleaned HTML as safe for templates; the one place rich text is trusted."""
    return Markup(stored_html or "")  # noqa: S704 (cleaned by clean_html on write)
