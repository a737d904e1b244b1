/* HFM Atlas explorer: faceted filtering of every paper, in the browser, from the paper index
 * (explorer-index.js: explorer.json and the small files it fetches as they are needed).
 *
 * Facets combine with AND, values within a facet with OR; each value shows how many papers it
 * would leave given the other facets. The whole state lives in the URL (shareable; back/forward
 * work). Only the current page of rows is in the DOM; the page as built shows the first one, and
 * the counts before any filter come with explorer.json. Record text is set with textContent.
 */
(function () {
  "use strict";
  var root = document.getElementById("atlas-explorer");
  if (!root) return;

  var PAGE_SIZE = 50;  // replaced by explorer.json's pageSize
  var SHORT_LIST = 12;
  // The facet table (keys, labels, columns, vocabularies) comes from explorer.json: Python owns it.
  var FACETS = [];
  var SORTS = { year: "Year", title: "Title", venue: "Venue" };

  var index, meta, cols, n, state, facetUI = {};
  var picked = [], MAX_COMPARE = 4;  // papers ticked for the compare page, in the order ticked (kept across pages and filters)

  function showPicked() {
    var link = el("atlas-compare-link"), ready = picked.length >= 2;
    link.href = link.getAttribute("data-compare") + (picked.length ? "?ids=" + picked.map(encodeURIComponent).join(",") : "");
    link.setAttribute("aria-disabled", ready ? "false" : "true");
    link.textContent = "Compare " + (picked.length ? picked.length + " selected" : "selected papers");
    el("atlas-compare-count").textContent = picked.length >= MAX_COMPARE ? "At most " + MAX_COMPARE + " papers side by side." :
      ready ? "" : "Tick 2 to " + MAX_COMPARE + " papers (the boxes before their year).";
  }
  var el = function (id) { return document.getElementById(id); };

  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---------------------------------------------------------------- state <-> URL
  function emptyState() {
    var s = { q: "", y0: null, y1: null, code: false, sort: "year", dir: "desc", page: 1, sel: {} };
    FACETS.forEach(function (f) { s.sel[f.key] = new Set(); });
    return s;
  }

  function fromURL() {
    var p = new URLSearchParams(window.location.search), s = emptyState();
    s.q = p.get("search") || "";  // not "q": the theme's site search claims that one
    s.y0 = parseInt(p.get("y0"), 10) || null;
    s.y1 = parseInt(p.get("y1"), 10) || null;
    s.code = p.get("code") === "1";
    if (SORTS[p.get("sort")]) s.sort = p.get("sort");
    if (p.get("dir") === "asc") s.dir = "asc";
    s.page = Math.max(1, parseInt(p.get("page"), 10) || 1);
    FACETS.forEach(function (f) {
      p.getAll(f.key).forEach(function (v) {
        var i = f.values.indexOf(v);
        if (i >= 0) s.sel[f.key].add(i);
      });
    });
    return s;
  }

  function toURL(push) {
    var p = new URLSearchParams();
    if (state.q) p.set("search", state.q);
    FACETS.forEach(function (f) {
      Array.from(state.sel[f.key]).sort(function (a, b) { return a - b; }).forEach(function (i) { p.append(f.key, f.values[i]); });
    });
    if (state.y0) p.set("y0", state.y0);
    if (state.y1) p.set("y1", state.y1);
    if (state.code) p.set("code", "1");
    if (state.sort !== "year") p.set("sort", state.sort);
    if (state.dir !== "desc") p.set("dir", state.dir);
    if (state.page > 1) p.set("page", state.page);
    var url = window.location.pathname + (p.toString() ? "?" + p.toString() : "");
    if (url !== window.location.pathname + window.location.search) {
      window.history[push ? "pushState" : "replaceState"](null, "", url);
    }
  }

  // ---------------------------------------------------------------- filtering
  // The columns as the filter loop reads them: single values in typed arrays, lists as they come
  // (made once, when the columns arrive).
  var typed = null;
  function prepare(columns) {
    if (!typed) {
      typed = {};
      Object.keys(columns).forEach(function (name) {
        var values = columns[name];
        typed[name] = values.length && typeof values[0] === "number" ? Int32Array.from(values) : values;
      });
    }
    return typed;
  }

  // A facet as one update tests and counts it: kind 0 index, 1 bit mask, 2 list; `test` holds the
  // ticked values (a lookup table, or one mask), null when none is ticked.
  function tester(f) {
    var sel = state.sel[f.key], kind = f.type === "index" ? 0 : f.type === "mask" ? 1 : 2, test = null;
    if (sel.size) {
      if (kind === 1) { test = 0; sel.forEach(function (bit) { test |= 1 << bit; }); }
      else { test = new Uint8Array(f.values.length); sel.forEach(function (i) { test[i] = 1; }); }
    }
    return { key: f.key, kind: kind, col: cols[f.col], test: test, counts: new Int32Array(f.values.length) };
  }

  function passes(x, row) {
    var v = x.col[row];
    if (x.kind === 0) return v >= 0 && x.test[v] === 1;
    if (x.kind === 1) return (v & x.test) !== 0;
    for (var i = 0; i < v.length; i++) { if (x.test[v[i]] === 1) return true; }
    return false;
  }

  function count(x, row) {
    var v = x.col[row], c = x.counts;
    if (x.kind === 0) { if (v >= 0) c[v]++; }
    else if (x.kind === 1) { while (v) { var low = v & -v; c[31 - Math.clz32(low)]++; v ^= low; } }
    else { for (var i = 0; i < v.length; i++) c[v[i]]++; }
  }

  // Each sort order is computed once, on first use, as a list of row numbers; filtering walks it,
  // so an update never sorts the catalogue again. Rows arrive newest first (year, then title, then
  // id, as every list of the site); ties keep that order. Venues are numbered in name order, titles
  // by their rank (explorer-data/title-rank.json, fetched on the first title sort).
  var orders = {};
  function sortOrder(key, dir) {
    var name = key + ":" + dir;
    if (!orders[name]) {
      orders[name] = (key === "title" ? index.titleRank() : Promise.resolve(null)).then(function (ranks) {
        var order = [];
        for (var i = 0; i < n; i++) order.push(i);
        if (key === "year" && dir === "desc") return order;
        var sign = dir === "asc" ? 1 : -1, keys = key === "year" ? cols.year : key === "title" ? ranks :
          cols.venue.map(function (v) { return v >= 0 ? v : Infinity; });
        order.sort(function (a, b) { return keys[a] < keys[b] ? -sign : keys[a] > keys[b] ? sign : a - b; });
        return order;
      });
      orders[name].catch(function () { delete orders[name]; });
    }
    return orders[name];
  }

  var parseQuery = window.AtlasIndex.parseQuery;

  function compute(match, order) {
    var facets = FACETS.map(tester), active = facets.filter(function (x) { return x.test !== null; });
    var result = [], years = cols.year, code = cols.code, y0 = state.y0, y1 = state.y1, onlyCode = state.code;
    for (var pos = 0; pos < order.length; pos++) {
      var row = order[pos];
      // Text, year and code are filters without counts: a paper failing them is out everywhere.
      var year = years[row];
      if ((y0 && year < y0) || (y1 && year > y1) || (onlyCode && !code[row])) continue;
      if (match && !match[row]) continue;
      var failed = null, fails = 0;
      for (var a = 0; a < active.length; a++) {
        if (!passes(active[a], row)) { fails++; failed = active[a]; if (fails > 1) break; }
      }
      if (fails === 0) {
        result.push(row);
        for (var k = 0; k < facets.length; k++) count(facets[k], row);
      } else if (fails === 1) {
        count(failed, row);
      }
    }
    var counts = {};
    facets.forEach(function (x) { counts[x.key] = x.counts; });
    return { rows: result, counts: counts };
  }

  // ---------------------------------------------------------------- rendering
  function buildFacets() {
    var panel = el("atlas-facet-panel");  // on a phone the filters start folded, below the search and the results
    if (panel && window.matchMedia && !window.matchMedia("(min-width: 45em)").matches) panel.open = false;
    var box = el("atlas-facets");
    FACETS.forEach(function (f) {
      var fs = make("fieldset", { "class": "atlas-facet", id: "facet-" + f.key });
      fs.appendChild(make("legend", {}, f.label));
      var list = make("ul", {});
      var items = f.labels.map(function (label, i) {
        var li = make("li", {});
        var id = "f-" + f.key + "-" + i;
        var input = make("input", { type: "checkbox", id: id, "data-facet": f.key, value: String(i) });
        var lab = make("label", { "for": id });
        lab.appendChild(document.createTextNode(label + " "));
        var count = make("span", { "class": "atlas-count" });
        lab.appendChild(count);
        li.appendChild(input);
        li.appendChild(lab);
        return { li: li, input: input, count: count };
      });
      fs.appendChild(list);
      var more = make("button", { type: "button", "class": "atlas-more", "aria-expanded": "false" });
      more.hidden = true;
      more.addEventListener("click", function () {
        facetUI[f.key].expanded = !facetUI[f.key].expanded;
        more.setAttribute("aria-expanded", String(facetUI[f.key].expanded));
        renderFacets(lastCounts);
      });
      fs.appendChild(more);
      box.appendChild(fs);
      facetUI[f.key] = { items: items, more: more, list: list, shown: [], expanded: false };
    });
    box.addEventListener("change", function (e) {
      var key = e.target.getAttribute("data-facet");
      if (!key) return;
      var i = parseInt(e.target.value, 10);
      if (e.target.checked) state.sel[key].add(i); else state.sel[key].delete(i);
      state.page = 1;
      update(true);
    });
  }

  var lastCounts;
  function renderFacets(counts) {
    lastCounts = counts;
    FACETS.forEach(function (f) {
      var ui = facetUI[f.key], hiddenByLimit = 0, visible = [];
      var order = ui.items.map(function (_, i) { return i; });
      if (f.list) order.sort(function (a, b) { return counts[f.key][b] - counts[f.key][a] || (f.labels[a] < f.labels[b] ? -1 : 1); });
      order.forEach(function (i) {
        var n = counts[f.key][i], selected = state.sel[f.key].has(i);
        var show = selected || n > 0 || !f.list;  // short vocabularies keep every term, long lists hide empty ones
        if (show && !selected && !ui.expanded && visible.length >= SHORT_LIST) { show = false; hiddenByLimit++; }
        if (show) visible.push(i);
      });
      // Only the shown values are in the document: a long list (a thousand datasets) costs a dozen nodes.
      visible.forEach(function (i) {
        var item = ui.items[i], text = "(" + counts[f.key][i] + ")";
        item.input.checked = state.sel[f.key].has(i);
        if (item.count.textContent !== text) item.count.textContent = text;
      });
      if (ui.shown.length !== visible.length || visible.some(function (i, k) { return ui.shown[k] !== i; })) {
        var focused = ui.list.contains(document.activeElement) ? document.activeElement : null;
        ui.list.replaceChildren.apply(ui.list, visible.map(function (i) { return ui.items[i].li; }));
        if (focused && focused.isConnected) focused.focus();  // a ticked value that moved up keeps the focus
        ui.shown = visible;
      }
      ui.more.hidden = !hiddenByLimit && !ui.expanded;
      ui.more.textContent = ui.expanded ? "Show fewer" : "Show " + hiddenByLimit + " more";
    });
  }

  function renderTable(rows, shown) {
    var pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    if (state.page > pages) state.page = pages;
    var start = (state.page - 1) * PAGE_SIZE, slice = rows.slice(start, start + PAGE_SIZE);
    var body = el("atlas-rows"), frag = document.createDocumentFragment();
    slice.forEach(function (row) {
      var tr = make("tr", {}), id = shown[row][0], title = shown[row][1], short = shown[row][2];
      var pick = make("td", { "data-label": "Compare", "class": "atlas-pick-col" });
      var box = make("input", { type: "checkbox", "class": "atlas-pick", value: id, "aria-label": "Compare " + (short || title) });
      box.checked = picked.indexOf(id) >= 0;
      pick.appendChild(box);
      tr.appendChild(pick);
      tr.appendChild(make("td", { "data-label": "Year" }, String(cols.year[row])));
      var td = make("td", { "data-label": "Title" });
      var a = make("a", { href: root.getAttribute("data-papers") + encodeURIComponent(id) + "/" });
      if (short) { a.appendChild(make("strong", {}, short)); a.appendChild(document.createTextNode(" · ")); }
      a.appendChild(document.createTextNode(title));
      td.appendChild(a);
      tr.appendChild(td);
      tr.appendChild(make("td", { "data-label": "Venue" }, cols.venue[row] >= 0 ? meta.venues[cols.venue[row]] : ""));
      tr.appendChild(make("td", { "data-label": "Subfield" }, cols.subfield[row] >= 0 ? meta.terms.subfield[cols.subfield[row]][0] : "—"));
      tr.appendChild(make("td", { "data-label": "Pre-training" }, cols.pre[row] >= 0 ? meta.terms.pre[cols.pre[row]][2] : ""));
      tr.appendChild(make("td", { "data-label": "Adaptation" }, meta.terms.ada.filter(function (_, i) { return cols.ada[row] & (1 << i); }).map(function (t) { return t[0]; }).join(" ")));
      tr.appendChild(make("td", { "data-label": "Code" }, cols.code[row] ? "yes" : ""));
      frag.appendChild(tr);
    });
    body.replaceChildren(frag);
    var several = parseQuery(state.q).some(function (terms) { return terms.length > 1; });
    el("atlas-status").textContent = rows.length === 0 ? (several ? "No paper has all of these words; put OR between names to find either." : "No paper matches these filters.") :
      rows.length + (rows.length === 1 ? " paper matches" : " papers match") + "; showing " + (start + 1) + "–" + (start + slice.length) + ".";
    el("atlas-page").textContent = "Page " + state.page + " of " + pages;
    el("atlas-prev").disabled = state.page <= 1;
    el("atlas-next").disabled = state.page >= pages;
    Object.keys(SORTS).forEach(function (k) {
      var th = el("atlas-sort-" + k);
      th.setAttribute("aria-sort", state.sort === k ? (state.dir === "asc" ? "ascending" : "descending") : "none");
    });
    ["bib", "csv"].forEach(function (k) { el("atlas-export-" + k).textContent = "Export " + rows.length + " as " + (k === "bib" ? "BibTeX" : "CSV"); });
  }

  // Drawing needs the facet columns, the search's words and the rows on screen: each is fetched
  // once, so after the first use of a word or a page an update is synchronous work only. An update
  // overtaken by a newer one (a fast typist) is dropped when its files arrive.
  var current = [], requested = 0;
  function render() {
    var mine = ++requested;
    root.setAttribute("aria-busy", "true");
    return Promise.all([index.columns(), index.match(parseQuery(state.q))]).then(function (got) {
      cols = prepare(got[0]);
      return sortOrder(state.sort, state.dir).then(function (order) {
        if (mine !== requested) return null;
        var out = compute(got[1], order);
        var pages = Math.max(1, Math.ceil(out.rows.length / PAGE_SIZE));
        if (state.page > pages) state.page = pages;
        var start = (state.page - 1) * PAGE_SIZE;
        return index.rows(out.rows.slice(start, start + PAGE_SIZE)).then(function (shown) {
          if (mine !== requested) return null;
          current = out.rows;
          renderFacets(out.counts);
          renderTable(out.rows, shown);
          root.removeAttribute("aria-busy");
          root.setAttribute("data-ready", "true");
          return out;
        });
      });
    }).catch(function (err) {
      if (mine !== requested) return;
      root.removeAttribute("aria-busy");
      el("atlas-status").textContent = "The explorer could not load its data (" + err.message + ").";
    });
  }

  // The URL follows the state a moment after the table has been drawn: Chromium spent ~30 ms in
  // each history update, inside every keystroke and click. Updates within the delay share one
  // history entry; a pending one is written before the page is left.
  var URL_DELAY = { push: 150, replace: 400 }, urlTimer = null, urlPush = false;
  function dropURL() {
    if (urlTimer !== null) clearTimeout(urlTimer);
    urlTimer = null;
    urlPush = false;
  }

  function flushURL() {
    if (urlTimer === null) return;
    var push = urlPush;
    dropURL();
    toURL(push);
  }

  function update(push) {
    render();
    urlPush = urlPush || push;
    if (urlTimer !== null) clearTimeout(urlTimer);
    urlTimer = setTimeout(flushURL, urlPush ? URL_DELAY.push : URL_DELAY.replace);
  }

  function syncControls() {
    el("atlas-q").value = state.q;
    el("atlas-y0").value = state.y0 || "";
    el("atlas-y1").value = state.y1 || "";
    el("atlas-code").checked = state.code;
  }

  // ---------------------------------------------------------------- export what I see
  var cache = {};
  function fetchText(url) {
    if (!cache[url]) cache[url] = fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      // A large atlas publishes its downloads gzipped (.gz, served as a file, not as an encoding): unzip it here.
      if (!/\.gz$/.test(url) || /gzip/.test(r.headers.get("Content-Encoding") || "")) return r.text();
      return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).text();
    });
    return cache[url];
  }

  function download(name, text, type) {
    var a = make("a", { href: URL.createObjectURL(new Blob([text], { type: type })), download: name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  function csvRecords(text) {
    var records = [], field = "", record = [], quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { record.push(field); field = ""; }
      else if (c === "\n") { record.push(field); records.push(record); record = []; field = ""; }
      else field += c;
    }
    if (field || record.length) { record.push(field); records.push(record); }
    return records;
  }

  function csvLine(record) {
    return record.map(function (v) { return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }).join(",");
  }

  function exportRows(kind) {
    index.ids().then(function (all) { exportIds(kind, new Set(current.map(function (r) { return all[r]; }))); });
  }

  function exportIds(kind, ids) {
    if (kind === "bib") {
      fetchText(root.getAttribute("data-bib")).then(function (text) {
        var entries = text.split(/^(?=@)/m).filter(function (e) {
          var m = /^@\w+\{([^,]+),/.exec(e);
          return m && ids.has(m[1]);
        });
        download("hfm-atlas-selection.bib", entries.join(""), "application/x-bibtex");
      });
    } else {
      fetchText(root.getAttribute("data-csv")).then(function (text) {
        var records = csvRecords(text);
        var lines = [csvLine(records[0])].concat(records.slice(1).filter(function (r) { return ids.has(r[0]); }).map(csvLine));
        download("hfm-atlas-selection.csv", lines.join("\n") + "\n", "text/csv");
      });
    }
  }

  // ---------------------------------------------------------------- start
  function wire() {
    el("atlas-q").addEventListener("input", function (e) { state.q = e.target.value; state.page = 1; update(false); });
    el("atlas-rows").addEventListener("change", function (e) {
      var box = e.target;
      if (!box.classList || !box.classList.contains("atlas-pick")) return;
      var at = picked.indexOf(box.value);
      if (box.checked && at < 0) {
        if (picked.length >= MAX_COMPARE) { box.checked = false; el("atlas-compare-count").textContent = "At most " + MAX_COMPARE + " papers side by side: untick one first."; return; }
        picked.push(box.value);
      } else if (!box.checked && at >= 0) picked.splice(at, 1);
      showPicked();
    });
    el("atlas-compare-link").addEventListener("click", function (e) { if (picked.length < 2) { e.preventDefault(); showPicked(); } });
    showPicked();
    ["y0", "y1"].forEach(function (k) {
      el("atlas-" + k).addEventListener("change", function (e) { state[k] = parseInt(e.target.value, 10) || null; state.page = 1; update(true); });
    });
    el("atlas-code").addEventListener("change", function (e) { state.code = e.target.checked; state.page = 1; update(true); });
    Object.keys(SORTS).forEach(function (k) {
      el("atlas-sortbtn-" + k).addEventListener("click", function () {
        if (state.sort === k) state.dir = state.dir === "asc" ? "desc" : "asc";
        else { state.sort = k; state.dir = k === "year" ? "desc" : "asc"; }
        update(true);
      });
    });
    el("atlas-prev").addEventListener("click", function () { state.page--; update(true); });
    el("atlas-next").addEventListener("click", function () { state.page++; update(true); });
    el("atlas-reset").addEventListener("click", function () { state = emptyState(); syncControls(); update(true); });
    el("atlas-export-bib").addEventListener("click", function () { exportRows("bib"); });
    el("atlas-export-csv").addEventListener("click", function () { exportRows("csv"); });
    window.addEventListener("popstate", function () {
      dropURL();  // the browser's URL wins
      state = fromURL(); syncControls(); render();
    });
    window.addEventListener("pagehide", flushURL);
    root.addEventListener("click", function (e) { if (e.target.closest && e.target.closest("a[href]")) flushURL(); }, true);
  }

  // The page as built shows the first rows and no filter; the counts before any filter come with
  // explorer.json, so an address without a filter is ready without fetching more.
  function unfiltered(s) {
    return !s.q && !s.y0 && !s.y1 && !s.code && s.sort === "year" && s.dir === "desc" && s.page === 1 &&
      FACETS.every(function (f) { return !s.sel[f.key].size; });
  }

  window.AtlasIndex.open(root.getAttribute("data-src")).then(function (opened) {
    index = opened;
    meta = index.meta;
    n = meta.total;
    PAGE_SIZE = meta.pageSize;
    FACETS = meta.facets.map(function (f) { return { key: f.key, label: f.label, col: f.column, type: f.kind, terms: f.terms, list: f.list }; });
    FACETS.forEach(function (f) {
      var src = f.terms ? meta.terms[f.terms] : f.list === "venues" ? meta.venues.map(function (v) { return [v, v]; }) : meta[f.list];
      f.values = src.map(function (t) { return t[0]; });
      f.labels = src.map(function (t) { return t[1]; });
    });
    state = fromURL();
    buildFacets();
    syncControls();
    wire();
    if (unfiltered(state)) {
      renderFacets(meta.counts);
      root.setAttribute("data-ready", "true");
      index.columns().then(function (columns) { cols = prepare(columns); });  // fetched and typed now, while the reader looks at the first page
    } else {
      render();
    }
  }).catch(function (err) {
    el("atlas-status").textContent = "The explorer could not load its data (" + err.message + ").";
  });
})();
