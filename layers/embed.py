"""Show a map inline (Jupyter, a web page): an ``<iframe srcdoc>`` of the whole file.

The document is attribute-escaped, so it cannot break out of the iframe, and
the frame is sandboxed to scripts and popups.

>>> snippet = embed_html("<p>hi</p>", height=300)
>>> snippet.startswith("<iframe") and "&lt;p&gt;hi&lt;/p&gt;" in snippet
True
"""

from __future__ import annotations

import html


def embed_html(
    document: str, *, height: int | str = 520, width: str = "100%", title: str = "Situation map"
) -> str:
    """An iframe whose ``srcdoc`` is the full HTML *document*."""
    h = f"{height}px" if isinstance(height, int) else str(height)
    return (
        f'<iframe srcdoc="{html.escape(document, quote=True)}" '
        f'title="{html.escape(title, quote=True)}" '
        f'style="width:{html.escape(width)};height:{html.escape(h)};border:0" '
        'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
        'allowfullscreen loading="lazy"></iframe>'
    )
