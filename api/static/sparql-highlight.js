// SPARQL syntax highlighting for the query editor, offline and hand-written (no editor library).
// The textarea stays the form field (the page works without this script); the script lays a
// <pre> of coloured spans under it and makes the textarea's own text transparent, so the caret,
// selection, undo and form submission are the browser's. Spans are built with textContent only:
// the query is user text and is never parsed as HTML.
"use strict";
(() => {
  const KEYWORDS = new Set(("base prefix select distinct reduced as construct where describe ask from named " +
    "group by having order asc desc limit offset values optional union minus graph service silent bind " +
    "filter exists not in undef a true false separator").split(" "));
  const FUNCTIONS = new Set(("count sum min max avg sample group_concat str lang langmatches datatype bound " +
    "iri uri bnode rand abs ceil floor round concat strlen ucase lcase encode_for_uri contains strstarts " +
    "strends strbefore strafter year month day hours minutes seconds timezone tz now uuid struuid md5 sha1 " +
    "sha256 sha384 sha512 coalesce if strlang strdt sameterm isiri isuri isblank isliteral isnumeric regex " +
    "substr replace").split(" "));
  // One alternation, tried left to right at each position; an unterminated string or IRI runs to
  // the end of its line (or of the query, for long strings) so typing one does not flicker.
  const TOKEN = new RegExp([
    String.raw`(?<string>"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)`,
    String.raw`(?<iri><[^<>"{}|^\x60\\\s]*>)`,
    String.raw`(?<comment>#[^\n]*)`,
    String.raw`(?<variable>[?$][\p{L}\p{N}_]+)`,
    String.raw`(?<prefixed>(?:\p{L}[\p{L}\p{N}_-]*)?:(?:[\p{L}\p{N}_%-]|\.(?=[\p{L}\p{N}_%-]))*)`,
    String.raw`(?<word>[\p{L}_][\p{L}\p{N}_]*)`,
    String.raw`(?<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)`,
    String.raw`(?<other>[\s\S])`,
  ].join("|"), "gu");

  // [class or "", text] pairs covering the whole query, in order.
  function tokens(text) {
    const out = [];
    for (const match of text.matchAll(TOKEN)) {
      const [kind, value] = Object.entries(match.groups).find(([, v]) => v !== undefined);
      let cls = kind === "other" ? "" : kind;
      if (kind === "word") {
        const lower = value.toLowerCase();
        cls = KEYWORDS.has(lower) ? "keyword" : FUNCTIONS.has(lower) ? "function" : "";
      }
      const last = out[out.length - 1];
      if (last && last[0] === cls && !cls) last[1] += value;  // runs of plain text in one node
      else out.push([cls, value]);
    }
    return out;
  }

  function render(pre, text) {
    const fragment = document.createDocumentFragment();
    for (const [cls, value] of tokens(text)) {
      if (!cls) { fragment.append(document.createTextNode(value)); continue; }
      const span = document.createElement("span");
      span.className = "sparql-" + cls;
      span.textContent = value;
      fragment.append(span);
    }
    fragment.append(document.createTextNode("\n"));  // a trailing newline must still take a line
    pre.replaceChildren(fragment);
  }

  function attach(area) {
    const wrapper = document.createElement("div");
    wrapper.className = "sparql-editor";
    const pre = document.createElement("pre");
    pre.className = "sparql-highlight";
    pre.setAttribute("aria-hidden", "true");
    area.before(wrapper);
    wrapper.append(pre, area);
    const update = () => render(pre, area.value);
    const follow = () => { pre.scrollTop = area.scrollTop; pre.scrollLeft = area.scrollLeft; };
    area.addEventListener("input", () => { update(); follow(); });
    area.addEventListener("scroll", follow);
    update();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("textarea[name=query]").forEach(attach);
  });
})();
