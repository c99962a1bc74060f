"""The Jinja2 environment of the brief templates (render/templates/): one per output format, same filters."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


def md(text: str) -> str:
    """Article text is data: keep it from being read as Markdown structure or HTML."""
    out = str(text).replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "*_`[]#|":
        out = out.replace(ch, "\\" + ch)
    return out


def md_cites(cites: list[dict]) -> str:
    return "".join(f"[{c['n']}]" for c in cites)


def md_claim_cites(claim: dict) -> str:
    """The claim's citations, then each figure other outlets give instead: "[2]; 105 according to [1][3]"."""
    return md_cites(claim["cites"]) + "".join(
        f"; {md(v['value'])} according to {md_cites(v['cites'])}" for v in claim["disputed"])


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("storyline.render", "templates"), autoescape=select_autoescape(["html", "html.j2"]),
                      trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(md=md, cites=md_cites, claimcites=md_claim_cites)
    return env


def render(template: str, **context) -> str:
    """Render one template; runs of blank lines that optional sections leave behind become one."""
    return re.sub(r"\n{3,}", "\n\n", environment().get_template(template).render(**context))
