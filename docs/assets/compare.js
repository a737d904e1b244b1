// HFM Atlas compare: 2 to 4 papers side by side, read from their own pages; ?ids=a,b in the address bar.
// A paper's rows are its page's: the title, each fact list (labels, use-it facts, data by role) as label and
// text, and the reported results of its own method. This script aligns them by label and marks those that differ.
(function () {
  "use strict";
  var form = document.getElementById("atlas-compare-form"), region = document.getElementById("atlas-compare");
  if (!form || !region) return;
  var pageOf = form.getAttribute("data-paper"), max = parseInt(form.getAttribute("data-max"), 10) || 4;
  var input = document.getElementById("atlas-compare-add"), list = document.getElementById("atlas-compare-list");
  var byName = {}, byId = {}, index = null;  // the names, ids and short names last suggested (lower case) -> id

  function ids() {
    var raw = new URLSearchParams(location.search).get("ids") || "";
    return raw.split(",").map(function (s) { return s.trim(); }).filter(function (s, i, a) { return /^[a-z0-9-]+$/.test(s) && a.indexOf(s) === i; }).slice(0, max);
  }
  function setIds(next) {
    var p = new URLSearchParams(location.search);
    if (next.length) p.set("ids", next.join(",")); else p.delete("ids");
    history.replaceState(null, "", location.pathname + (p.toString() ? "?" + p.toString().replace(/%2C/g, ",") : ""));
    render();
  }
  function cellText(el, text) { el.textContent = text === undefined ? "—" : text; }

  function clean(text) { return text.replace(/\s+/g, " ").trim(); }
  // A fact's text: its own text, its links and its chips (a chip by the term it abbreviates), without the
  // separators and the source; joined by "; ".
  function factText(dd) {
    var parts = [];
    dd.childNodes.forEach(function (n) {
      if (n.nodeType === 3) parts.push(clean(n.textContent.replace(/^\s*·|·\s*$/g, "")));
      else if (n.nodeType === 1 && !n.classList.contains("atlas-source")) parts.push(clean(n.classList.contains("atlas-tag") && n.title ? n.title : n.textContent));
    });
    return parts.filter(Boolean).join("; ");
  }
  // The results of the page's own method: "Benchmark: Metric (Setting, Variant)" -> value (and who reports it, if another paper).
  function resultRows(doc, url, rows) {
    doc.querySelectorAll("article table.atlas-stack").forEach(function (table) {
      var col = {};
      table.querySelectorAll("thead th").forEach(function (th, i) { col[clean(th.textContent)] = i; });
      if (col.Method === undefined || col.Value === undefined || col.Benchmark === undefined) return;
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        var cells = tr.cells, method = cells[col.Method].querySelector("a");
        if (!method || new URL(method.getAttribute("href"), url).href !== url) return;
        var text = function (name) { return col[name] === undefined ? "" : clean(cells[col[name]].textContent); };
        var value = cells[col.Value].querySelector("strong"), by = col["Reported by"] === undefined ? null : cells[col["Reported by"]].querySelector("a");
        rows.push([text("Benchmark") + ": " + text("Metric") + " (" + text("Setting") + (text("Variant") ? ", " + text("Variant") : "") + ")",
                   clean((value || cells[col.Value]).textContent) + (by ? " (reported by " + clean(by.textContent) + ")" : "")]);
      });
    });
  }
  function paperFrom(id, url, html) {
    var doc = new DOMParser().parseFromString(html, "text/html"), h1 = doc.querySelector("article h1");
    if (!h1) return null;
    var short = h1.querySelector(".atlas-short"), title = h1.cloneNode(true), rows = [];
    if (title.querySelector(".atlas-short")) title.querySelector(".atlas-short").remove();
    rows.push(["Title", clean(title.textContent)]);
    doc.querySelectorAll("article dl.atlas-facts").forEach(function (dl) {
      dl.querySelectorAll("dt").forEach(function (dt) {
        var label = clean(dt.textContent), dd = dt.nextElementSibling;
        if (label !== "Added" && dd && dd.tagName === "DD") rows.push([label, factText(dd)]);  // Added: bookkeeping, not the work's
      });
    });
    resultRows(doc, url, rows);
    return {id: id, href: url, title: rows[0][1], short: short ? clean(short.textContent) : h1.getAttribute("data-short") || "", rows: rows};
  }

  function render() {
    var chosen = ids();
    form.elements.note.value = chosen.length < 2 ? "Choose at least two papers." : "";
    Promise.all(chosen.map(function (id) {
      var url = new URL(pageOf.replace("ID", id), location.href).href;
      return fetch(url).then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { return html && paperFrom(id, url, html); }).catch(function () { return null; });
    })).then(function (papers) {
      var missing = chosen.filter(function (id, i) { return !papers[i]; });
      papers = papers.filter(Boolean);
      if (missing.length) form.elements.note.value = "Not in the atlas: " + missing.join(", ");
      var labels = [];
      papers.forEach(function (p) { p.map = {}; p.rows.forEach(function (r) { if (labels.indexOf(r[0]) < 0) labels.push(r[0]); p.map[r[0]] = r[1]; }); });
      var table = document.createElement("table");
      table.className = "atlas-compare";
      table.createCaption().textContent = papers.length ? "Compared: " + papers.map(function (p) { return p.short || p.id; }).join(", ") : "No paper chosen yet";
      var head = table.createTHead().insertRow(), corner = document.createElement("th");
      corner.scope = "col";
      corner.textContent = "Field";
      head.appendChild(corner);
      papers.forEach(function (p) {
        var th = document.createElement("th"), a = document.createElement("a"), b = document.createElement("button");
        th.scope = "col";
        a.href = p.href;
        a.textContent = p.short || p.title;
        b.type = "button";
        b.className = "atlas-compare-remove";
        b.textContent = "Remove";
        b.setAttribute("aria-label", "Remove " + (p.short || p.title));
        b.addEventListener("click", function () { setIds(ids().filter(function (id) { return id !== p.id; })); });
        th.appendChild(a);
        th.appendChild(document.createTextNode(" "));
        th.appendChild(b);
        head.appendChild(th);
      });
      var body = table.createTBody(), differ = 0;
      labels.forEach(function (label) {
        var tr = body.insertRow(), th = document.createElement("th");
        th.scope = "row";
        th.textContent = label;
        tr.appendChild(th);
        var values = papers.map(function (p) { return p.map[label]; });
        var different = values.some(function (v) { return v !== values[0]; });
        if (different && papers.length > 1) { tr.className = "atlas-differs"; differ += 1; }
        values.forEach(function (v) { cellText(tr.insertCell(), v); });
      });
      region.replaceChildren(table);
      region.setAttribute("data-ready", "true");
      region.setAttribute("data-differ", String(differ));
    });
  }

  // Suggestions: the first papers (newest first) whose words the typed words begin, from the paper index.
  var SUGGEST = 20, asked = 0;
  function suggest(text) {
    var mine = ++asked, query = window.AtlasIndex.parseQuery(text);
    if (!index || !query.length) return Promise.resolve([]);
    return index.match(query).then(function (match) {
      var found = [];
      for (var i = 0; i < match.length && found.length < SUGGEST + 1; i++) { if (match[i]) found.push(i); }
      return index.rows(found.slice(0, SUGGEST)).then(function (rows) {
        if (mine !== asked) return null;
        byName = {};
        byId = {};
        list.replaceChildren();
        found.slice(0, SUGGEST).forEach(function (i) {
          var row = rows[i], name = (row[2] ? row[2] + " · " : "") + row[1];
          byName[name.toLowerCase()] = row[0];
          byId[row[0]] = row[0];
          if (row[2]) byId[row[2].toLowerCase()] = row[0];
          list.appendChild(new Option(name));
        });
        return found;
      });
    });
  }
  window.AtlasIndex.open(form.getAttribute("data-index")).then(function (opened) { index = opened; });
  input.addEventListener("input", function () { suggest(input.value.trim()); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim().toLowerCase(), id = byName[text];
    if (id) { add(id); return; }
    suggest(input.value.trim()).then(function (found) {  // a name picked from the list, or a unique match of the words
      if (found === null) return;
      id = byName[text] || byId[text] || (found.length === 1 ? byName[Object.keys(byName)[0]] : null);
      if (id) add(id);
      else form.elements.note.value = found.length ? (found.length > SUGGEST ? "More than " + SUGGEST : found.length) + " papers match; pick one from the list." : "No paper matches.";
    });
  });
  function add(id) {
    var now = ids();
    if (now.indexOf(id) < 0) {
      if (now.length >= max) { form.elements.note.value = "At most " + max + " papers; remove one first."; return; }
      now.push(id);
    }
    input.value = "";
    setIds(now);
  }
  form.hidden = false;
  render();
})();
