/* HFM Atlas site search: the theme's search box over a Pagefind index (see hfm_atlas/search.py).
 *
 * Nothing is fetched until the reader opens the box; then Pagefind's script and the index chunks
 * that the typed words fall in, then one fragment per shown result. Ranking on top of the
 * engine's: a result whose name or full title equals the query first, then one whose title
 * begins with it, reference pages last.
 * Record text is set with textContent; the engine's excerpt keeps only its <mark> tags.
 */
(function () {
  "use strict";
  var PAGE = 10, RERANK = 30;
  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href);  // this file is <root>/assets/search.js
  var box = document.getElementById("atlas-search");
  if (!box) return;
  var toggle = document.getElementById("__search");
  var input = document.getElementById("atlas-search-input");
  var form = input.form;
  var meta = document.getElementById("atlas-search-meta");
  var list = document.getElementById("atlas-search-results");
  var engine = null, ranked = [], shown = 0, latest = 0, moreButton = null;
  var idle = meta.textContent;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () { pf.init(); return pf; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function norm(text) { return (text || "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim(); }

  function tier(data, q) {
    var m = data.meta || {};
    var name = norm(m.title), full = norm(m.full);
    if (name === q || full === q) return 0;
    if ((name + " ").indexOf(q + " ") === 0 || (full + " ").indexOf(q + " ") === 0) return 1;  // a title that begins with the words
    return m.kind === "reference" ? 3 : 2;
  }

  function excerpt(html) {
    var marked = (html || "").replace(/<mark>/g, "\u0001").replace(/<\/mark>/g, "\u0002").replace(/<[^>]*>/g, "");
    var div = document.createElement("div");
    div.textContent = marked;  // escapes everything, then the marks come back as the only markup
    return div.innerHTML.replace(/^[\s,;.:]+/, "").replace(/\u0001/g, "<mark>").replace(/\u0002/g, "</mark>");
  }

  // The engine's excerpt often opens with the name and title shown above it: drop them.
  function trimmed(html, names) {
    var plain = (html || "").replace(/<[^>]*>/g, ""), cut = 0;
    names.forEach(function (n) {
      if (n && plain.slice(cut).toLowerCase().indexOf(n.toLowerCase()) === 0) {
        cut += n.length;
        while (/[\s.:]/.test(plain.charAt(cut))) cut++;
      }
    });
    if (!cut) return html;
    var out = "", seen = 0, i = 0;
    while (i < html.length) {
      if (html.charAt(i) === "<") { var end = html.indexOf(">", i); if (end < 0) break; out += html.slice(i, end + 1); i = end + 1; continue; }
      if (seen >= cut) out += html.charAt(i);
      seen++; i++;
    }
    return out.replace(/<mark><\/mark>/g, "");
  }

  function item(data) {
    var m = data.meta || {};
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = new URL(m.href || data.url.replace(/^\//, ""), root).href;
    var art = document.createElement("article");
    art.className = "md-search-result__article md-typeset";
    var h = document.createElement("h1");
    h.textContent = m.title || data.url;
    var label = document.createElement("p");
    label.className = "atlas-search-label";
    label.textContent = m.label || "";
    art.appendChild(h);
    art.appendChild(label);
    if (m.full) {
      var full = document.createElement("p");
      full.className = "atlas-search-full";
      full.textContent = m.full;
      art.appendChild(full);
    }
    var p = document.createElement("p");
    p.innerHTML = excerpt(trimmed(data.excerpt, [m.title, m.full]));
    art.appendChild(p);
    a.appendChild(art);
    li.appendChild(a);
    return li;
  }

  function status(text) { meta.textContent = text; }

  function showMore(results, token) {
    var next = results.slice(shown, shown + PAGE);
    return Promise.all(next.map(function (r) { return r.data ? r.data() : Promise.resolve(r); })).then(function (datas) {
      if (token !== latest) return;
      datas.forEach(function (d) { list.appendChild(item(d)); });
      shown += datas.length;
      if (moreButton) { moreButton.remove(); moreButton = null; }
      if (shown < results.length) {
        moreButton = document.createElement("button");
        moreButton.type = "button";
        moreButton.className = "md-button atlas-search-more";
        moreButton.textContent = "Show more results";
        moreButton.addEventListener("click", function () { showMore(results, token); });
        list.parentNode.appendChild(moreButton);
      }
    });
  }

  function run() {
    var query = input.value.trim(), token = ++latest;
    list.textContent = "";
    shown = 0;
    if (moreButton) { moreButton.remove(); moreButton = null; }
    if (!query) { status(idle); return; }
    load().then(function (pf) { return pf.debouncedSearch(query, {}, 120); }).then(function (search) {
      if (!search || token !== latest) return null;
      var results = search.results, head = results.slice(0, RERANK), q = norm(query);
      return Promise.all(head.map(function (r) { return r.data(); })).then(function (datas) {
        if (token !== latest) return;
        var order = datas.map(function (d, i) { return { d: d, i: i, t: tier(d, q) }; });
        order.sort(function (x, y) { return x.t - y.t || x.i - y.i; });
        ranked = order.map(function (o) { return o.d; }).concat(results.slice(RERANK));
        status(results.length === 0 ? "No page matches \u201c" + query + "\u201d; the explorer searches authors and summaries too."
          : results.length + (results.length === 1 ? " result" : " results"));
        list.setAttribute("data-query", query);
        return showMore(ranked, token);
      });
    }).catch(function () { if (token === latest) status("Search is unavailable (its index did not load)."); });
  }

  function open() { if (!toggle.checked) { toggle.checked = true; } load(); }
  function close() { toggle.checked = false; input.blur(); }

  input.addEventListener("focus", open);
  input.addEventListener("input", run);
  toggle.addEventListener("change", function () { if (toggle.checked) { input.focus(); load(); } });
  form.addEventListener("reset", function () { setTimeout(function () { run(); input.focus(); }, 0); });
  form.addEventListener("submit", function (e) {
    var first = list.querySelector("a");
    if (first) { e.preventDefault(); location.href = first.href; }  // without results the form opens the explorer on the words
  });
  box.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); close(); return; }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    if (!links.length) return;
    e.preventDefault();
    var at = links.indexOf(document.activeElement);
    var next = e.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : at - 1;
    (next < 0 ? input : links[next]).focus();
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "/" || e.key === "s" || e.key === "f") { e.preventDefault(); open(); input.focus(); }
  });
})();
