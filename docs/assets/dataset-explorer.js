// HFM Atlas datasets explorer: facets with counts, a search box, URL state and CSV export of what is shown.
// The data (datasets-explorer.json) holds each dataset's facet values as indexes; nothing here is computed
// that the build could compute, beyond counting and filtering.
(function () {
  "use strict";
  var root = document.getElementById("atlas-dx");
  if (!root) return;
  function el(id) { return document.getElementById(id); }
  function make(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = text;
    return n;
  }
  fetch(root.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (data) {
    var facets = data.facets, rows = data.datasets, sel = {}, q = "";
    facets.forEach(function (f) { sel[f.key] = new Set(); });
    var params = new URLSearchParams(location.search);
    q = params.get("search") || "";
    facets.forEach(function (f) {
      params.getAll(f.key).forEach(function (v) {
        var i = f.values.map(function (x) { return x[0]; }).indexOf(v);
        if (i >= 0) sel[f.key].add(i);
      });
    });
    el("atlas-dx-q").value = q;
    var panel = el("atlas-dx-panel");
    if (window.matchMedia && !window.matchMedia("(min-width: 45em)").matches) panel.open = false;

    function matches(d, skip) {
      for (var k = 0; k < facets.length; k++) {
        var f = facets[k], s = sel[f.key];
        if (f.key === skip || !s.size) continue;
        if (!d[f.key].some(function (i) { return s.has(i); })) return false;
      }
      if (q) {
        var text = (d.name + " " + d.description + " " + d.scale).toLowerCase();
        if (!q.toLowerCase().split(/\s+/).filter(Boolean).every(function (w) { return text.indexOf(w) >= 0; })) return false;
      }
      return true;
    }
    // facet controls
    var box = el("atlas-dx-facets");
    facets.forEach(function (f) {
      var fs = make("fieldset", { "class": "atlas-facet", id: "dxf-" + f.key });
      fs.appendChild(make("legend", {}, f.label));
      var ul = make("ul", {});
      f.values.forEach(function (v, i) {
        var li = make("li", {}), id = "dx-" + f.key + "-" + i;
        var input = make("input", { type: "checkbox", id: id, value: v[0] });
        input.checked = sel[f.key].has(i);
        input.addEventListener("change", function () { if (input.checked) sel[f.key].add(i); else sel[f.key].delete(i); draw(); });
        var label = make("label", { "for": id });
        label.appendChild(document.createTextNode(v[1] + " "));
        label.appendChild(make("span", { "class": "atlas-count" }, ""));
        li.appendChild(input);
        li.appendChild(label);
        ul.appendChild(li);
      });
      fs.appendChild(ul);
      box.appendChild(fs);
    });
    function label(f, d) { return d[f].map(function (i) { return facets.filter(function (x) { return x.key === f; })[0].values[i][1]; }).join(", "); }
    var shown = [];
    function draw() {
      shown = rows.filter(function (d) { return matches(d, null); });
      facets.forEach(function (f) {  // how many datasets each value would leave, the other facets applied
        var base = rows.filter(function (d) { return matches(d, f.key); }), counts = f.values.map(function () { return 0; });
        base.forEach(function (d) { d[f.key].forEach(function (i) { counts[i] += 1; }); });
        f.values.forEach(function (v, i) { el("dx-" + f.key + "-" + i).nextSibling.lastChild.textContent = "(" + counts[i] + ")"; });
      });
      var body = el("atlas-dx-rows"), frag = document.createDocumentFragment();
      shown.forEach(function (d) {
        var tr = make("tr", {}), td = make("td", { "data-label": "Name" });
        td.appendChild(make("a", { href: root.getAttribute("data-datasets") + encodeURIComponent(d.id) + "/" }, d.name));
        tr.appendChild(td);
        tr.appendChild(make("td", { "data-label": "Subfield" }, label("sf", d)));
        tr.appendChild(make("td", { "data-label": "Modalities" }, label("mod", d)));
        tr.appendChild(make("td", { "data-label": "Scale" }, d.scale));
        tr.appendChild(make("td", { "data-label": "Access" }, label("access", d)));
        tr.appendChild(make("td", { "data-label": "Used by" }, d.used ? d.used + " (" + d.byRole.join(" / ") + ")" : ""));
        frag.appendChild(tr);
      });
      body.replaceChildren(frag);
      el("atlas-dx-status").textContent = shown.length === 0 ? "No dataset matches these filters." :
        shown.length + (shown.length === 1 ? " dataset matches." : " datasets match.");
      var p = new URLSearchParams();
      if (q) p.set("search", q);
      facets.forEach(function (f) { Array.from(sel[f.key]).sort(function (a, b) { return a - b; }).forEach(function (i) { p.append(f.key, f.values[i][0]); }); });
      history.replaceState(null, "", location.pathname + (p.toString() ? "?" + p.toString() : ""));
    }
    el("atlas-dx-q").addEventListener("input", function (e) { q = e.target.value.trim(); draw(); });
    el("atlas-dx-reset").addEventListener("click", function () {
      q = ""; el("atlas-dx-q").value = "";
      facets.forEach(function (f) { sel[f.key].clear(); });
      box.querySelectorAll("input").forEach(function (i) { i.checked = false; });
      draw();
    });
    el("atlas-dx-csv").addEventListener("click", function () {
      function cell(v) { v = String(v); if (/^[=+\-@\t\r]/.test(v)) v = "'" + v; return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
      var lines = [["id", "name", "subfield", "kind", "modalities", "scale", "access", "tasks", "papers", "pretrain", "finetune", "evaluate"].join(",")];
      shown.forEach(function (d) {
        lines.push([d.id, d.name, label("sf", d), label("kind", d), label("mod", d), d.scale, label("access", d), label("task", d), d.used]
          .concat(d.byRole).map(cell).join(","));
      });
      var a = make("a", { href: URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv" })), download: "hfm-atlas-datasets.csv" });
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
    draw();
    root.setAttribute("data-ready", "true");
  });
})();
