/* HFM Atlas site search: the theme's search box over the atlas' own word index (hfm_atlas/search.py).
 *
 * Nothing is fetched until the reader opens the box; then search/meta.json, the word files of the
 * typed words (one per two-letter beginning) and, for the results shown, the small files holding
 * their names and excerpts. A query word matches every indexed word it begins (segm finds
 * segmentation); a page must hold every query word. Ranking: the sum over the query's words of the
 * weight of the heaviest field holding it (a whole word counts twice a beginning), then a result
 * whose name or full title equals the query first, then one that begins with it, and reference
 * pages after every record. Text is set with textContent, never as HTML.
 */
(function () {
  "use strict";
  var PAGE = 10, RERANK = 30, WORD = /[\p{L}\p{N}]+/gu;
  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href);  // this file is <root>/assets/search.js
  // The search dialog is built here, not sent with every page (1.3 KB of each of 100,000 record pages):
  // search needs this script anyway. The markup is Material's partials/search.html with the atlas' ids;
  // the icons are Material's arrow-left and close, the magnifier the header's own.
  var SVG = "http://www.w3.org/2000/svg";
  var ICONS = { back: "M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z",
                close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z" };
  function icon(name) {
    var svg = document.createElementNS(SVG, "svg"), path = document.createElementNS(SVG, "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function mount() {
    var button = document.querySelector('label.md-header__button[for="__search"]');
    if (!button || !document.getElementById("__search")) return null;
    var glass = button.querySelector("svg") ? button.querySelector("svg").cloneNode(true) : document.createTextNode("");
    var dialog = el("div", { "class": "md-search", id: "atlas-search", role: "dialog", "aria-label": "Search" }, [
      el("label", { "class": "md-search__overlay", "for": "__search" }),
      el("div", { "class": "md-search__inner", role: "search" }, [
        el("form", { "class": "md-search__form", name: "search", action: new URL("explorer/", root).href }, [
          el("input", { type: "text", "class": "md-search__input", name: "search", id: "atlas-search-input", "aria-label": "Search",
                        placeholder: "Search", autocapitalize: "off", autocorrect: "off", autocomplete: "off", spellcheck: "false",
                        "aria-controls": "atlas-search-results" }),
          el("label", { "class": "md-search__icon md-icon", "for": "__search" }, [glass, icon("back")]),
          el("nav", { "class": "md-search__options", "aria-label": "Search" }, [
            el("button", { type: "reset", "class": "md-search__icon md-icon", title: "Clear", "aria-label": "Clear", tabindex: "-1" }, [icon("close")]),
          ]),
        ]),
        el("div", { "class": "md-search__output" }, [
          el("div", { "class": "md-search__scrollwrap", tabindex: "0", "data-md-scrollfix": "" }, [
            el("div", { "class": "md-search-result" }, [
              el("div", { "class": "md-search-result__meta", id: "atlas-search-meta", role: "status", "aria-live": "polite" }, ["Type to search"]),
              el("ol", { "class": "md-search-result__list", id: "atlas-search-results" }),
            ]),
          ]),
        ]),
      ]),
    ]);
    button.parentNode.insertBefore(dialog, button.nextSibling);
    return dialog;
  }
  var box = document.getElementById("atlas-search") || mount();
  if (!box) return;
  var toggle = document.getElementById("__search");
  var input = document.getElementById("atlas-search-input");
  var form = input.form;
  var meta = document.getElementById("atlas-search-meta");
  var list = document.getElementById("atlas-search-results");
  var files = {}, scores = {}, shown = 0, latest = 0, moreButton = null, timer = 0;
  var idle = meta.textContent;

  function get(path) {
    if (!files[path]) {
      files[path] = fetch(new URL("search/" + path, root).href).then(function (r) {
        if (r.status === 404 && path.indexOf("words/") === 0) return { words: [], pages: [] };  // no page has a word with these letters
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return /\.gz$/.test(path) ? window.AtlasUnpack(r) : r.json();
      });
      files[path].catch(function () { delete files[path]; });  // a failed fetch may be retried
    }
    return files[path];
  }

  function load() { return get("meta.json"); }

  function hex(text) {
    return Array.from(new TextEncoder().encode(text)).map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function tokens(query) {
    var out = [];
    (query.toLowerCase().match(WORD) || []).forEach(function (t) { if (t.length > 1 && out.indexOf(t) < 0) out.push(t); });
    return out;
  }

  // Each page's score for one query word: the weight of the heaviest field holding a word it begins.
  // The file is that of the word's first two code points (as Python counts them); its words are scanned.
  function score(token, info) {
    if (!scores[token]) {
      scores[token] = get("words/" + hex(Array.from(token).slice(0, 2).join("")) + ".json").then(function (shard) {
        var out = new Uint8Array(info.pages), weights = info.weights;
        for (var i = 0; i < shard.words.length; i++) {
          var word = shard.words[i];
          if (word.lastIndexOf(token, 0) !== 0) continue;
          var whole = word === token ? 2 : 1, codes = shard.pages[i], page = 0;
          for (var k = 0; k < codes.length; k++) {
            page += codes[k] >> 2;
            var s = weights[codes[k] & 3] * whole;
            if (s > out[page]) out[page] = s;
          }
        }
        return out;
      });
      scores[token].catch(function () { delete scores[token]; });
    }
    return scores[token];
  }

  function docs(pages, info) {
    var chunks = [];
    pages.forEach(function (p) { var c = (p / info.docChunk) | 0; if (chunks.indexOf(c) < 0) chunks.push(c); });
    return Promise.all(chunks.map(function (c) { return get(info.docsFile.replace("{}", c)); })).then(function (loaded) {
      return pages.map(function (p) {
        var c = (p / info.docChunk) | 0, d = loaded[chunks.indexOf(c)][p - c * info.docChunk];
        return { href: d[0], name: d[1], label: d[2], full: d[3], text: d[4] };
      });
    });
  }

  function norm(text) { return (text || "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim(); }

  function tier(d, q, reference) {
    var name = norm(d.name), full = norm(d.full);
    if (name === q || full === q) return 0;
    if ((name + " ").indexOf(q + " ") === 0 || (full + " ").indexOf(q + " ") === 0) return 1;  // a name or title that begins with the words
    return reference ? 3 : 2;
  }

  // The pages holding every query word, best first: [{page, score}].
  function matches(words, info) {
    return Promise.all(words.map(function (t) { return score(t, info); })).then(function (each) {
      var found = [];
      for (var i = 0; i < info.pages; i++) {
        var total = 0;
        for (var w = 0; w < each.length; w++) { if (!each[w][i]) { total = 0; break; } total += each[w][i]; }
        if (total) found.push({ page: i, score: total });
      }
      found.sort(function (x, y) { return y.score - x.score || x.page - y.page; });
      return found;
    });
  }

  // The first RERANK results are ordered by tier (their names are fetched); then the other records, then reference pages.
  function rank(found, query, info) {
    var head = found.slice(0, RERANK), q = norm(query), reference = {};
    info.reference.forEach(function (p) { reference[p] = true; });
    return docs(head.map(function (f) { return f.page; }), info).then(function (datas) {
      var top = head.map(function (f, i) { var d = datas[i]; d.page = f.page; d.score = f.score; d.tier = tier(d, q, reference[f.page]); d.i = i; return d; });
      top.sort(function (x, y) {
        return x.tier - y.tier || y.score - x.score || (x.name + x.full).length - (y.name + y.full).length || x.i - y.i;
      });
      var rest = found.slice(RERANK), records = rest.filter(function (f) { return !reference[f.page]; });
      return top.filter(function (d) { return d.tier < 3; }).concat(records, top.filter(function (d) { return d.tier === 3; }),
        rest.filter(function (f) { return reference[f.page]; }));
    });
  }

  // A few words of the excerpt around the first word the query begins, those words marked.
  function excerpt(text, words) {
    var p = document.createElement("p"), parts = (text || "").split(/([\p{L}\p{N}]+)/u), first = -1;
    function hit(part) { var l = part.toLowerCase(); return words.some(function (w) { return l.lastIndexOf(w, 0) === 0; }); }
    for (var i = 1; i < parts.length; i += 2) { if (hit(parts[i])) { first = i; break; } }
    var start = first > 16 ? first - 16 : 0;
    if (start) p.appendChild(document.createTextNode("\u2026 "));
    for (var k = start; k < parts.length; k++) {
      if (k % 2 === 1 && hit(parts[k])) {
        var mark = document.createElement("mark");
        mark.textContent = parts[k];
        p.appendChild(mark);
      } else if (parts[k]) {
        p.appendChild(document.createTextNode(parts[k]));
      }
    }
    return p;
  }

  function item(d, words) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = new URL(d.href, root).href;
    var art = document.createElement("article");
    art.className = "md-search-result__article md-typeset";
    var h = document.createElement("h1");
    h.textContent = d.name;
    var label = document.createElement("p");
    label.className = "atlas-search-label";
    label.textContent = d.label;
    art.appendChild(h);
    art.appendChild(label);
    if (d.full) {
      var full = document.createElement("p");
      full.className = "atlas-search-full";
      full.textContent = d.full;
      art.appendChild(full);
    }
    if (d.text) art.appendChild(excerpt(d.text, words));
    a.appendChild(art);
    li.appendChild(a);
    return li;
  }

  function status(text) { meta.textContent = text; }

  function showMore(results, words, info, token) {
    var next = results.slice(shown, shown + PAGE), missing = next.filter(function (r) { return !r.href; });
    return docs(missing.map(function (r) { return r.page; }), info).then(function (loaded) {
      if (token !== latest) return;
      next = next.map(function (r) { return r.href ? r : loaded[missing.indexOf(r)]; });
      next.forEach(function (d) { list.appendChild(item(d, words)); });
      shown += next.length;
      if (moreButton) { moreButton.remove(); moreButton = null; }
      if (shown < results.length) {
        moreButton = document.createElement("button");
        moreButton.type = "button";
        moreButton.className = "md-button atlas-search-more";
        moreButton.textContent = "Show more results";
        moreButton.addEventListener("click", function () { showMore(results, words, info, token); });
        list.parentNode.appendChild(moreButton);
      }
    });
  }

  function run() {
    var query = input.value.trim(), token = ++latest, words = tokens(query);
    list.textContent = "";
    shown = 0;
    if (moreButton) { moreButton.remove(); moreButton = null; }
    if (!query) { status(idle); return; }
    if (!words.length) { status("Type two letters or more."); return; }
    load().then(function (info) {
      return matches(words, info).then(function (found) {
        if (token !== latest) return null;
        return rank(found, query, info).then(function (results) {
          if (token !== latest) return;
          status(results.length === 0 ? "No page matches \u201c" + query + "\u201d; the explorer searches authors and summaries too."
            : results.length + (results.length === 1 ? " result" : " results"));
          list.setAttribute("data-query", query);
          return showMore(results, words, info, token);
        });
      });
    }).catch(function () { if (token === latest) status("Search is unavailable (its index did not load)."); });
  }

  function later() { clearTimeout(timer); timer = setTimeout(run, 60); }

  function open() { if (!toggle.checked) { toggle.checked = true; } load(); }
  function close() { toggle.checked = false; input.blur(); }

  input.addEventListener("focus", open);
  input.addEventListener("input", later);
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
