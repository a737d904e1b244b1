// HFM Atlas compare: 2 to 4 papers side by side from api/compare/<id>.json; ?ids=a,b in the address bar.
// The rows come computed (label, text); this script aligns them by label and marks those that differ.
(function () {
  "use strict";
  var form = document.getElementById("atlas-compare-form"), region = document.getElementById("atlas-compare");
  if (!form || !region) return;
  var api = form.getAttribute("data-api"), max = parseInt(form.getAttribute("data-max"), 10) || 4;
  var input = document.getElementById("atlas-compare-add"), list = document.getElementById("atlas-compare-list");
  var byName = {};

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

  function render() {
    var chosen = ids();
    form.elements.note.value = chosen.length < 2 ? "Choose at least two papers." : "";
    Promise.all(chosen.map(function (id) {
      return fetch(api + id + ".json").then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
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

  fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (data) {
    var col = {};
    data.columns.forEach(function (n, i) { col[n] = i; });
    data.papers.forEach(function (row) {
      var name = (row[col.short] ? row[col.short] + " · " : "") + row[col.title];
      byName[name.toLowerCase()] = row[col.id];
      list.appendChild(new Option(name));
    });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim().toLowerCase(), id = byName[text];
    if (!id) {  // a unique partial match of a name or title
      var hits = Object.keys(byName).filter(function (k) { return k.indexOf(text) >= 0; });
      id = hits.length === 1 ? byName[hits[0]] : null;
      if (!id) { form.elements.note.value = hits.length ? hits.length + " papers match; pick one from the list." : "No paper matches."; return; }
    }
    var now = ids();
    if (now.indexOf(id) < 0) {
      if (now.length >= max) { form.elements.note.value = "At most " + max + " papers; remove one first."; return; }
      now.push(id);
    }
    input.value = "";
    setIds(now);
  });
  form.hidden = false;
  render();
})();
