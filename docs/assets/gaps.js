// HFM Atlas gap map: methods counted on two chosen axes, with a third as a filter, from the paper
// index (explorer-index.js: explorer.json and its facet columns).
// The page already shows one matrix (built with the site); this script lets the reader choose the axes
// and keeps the choice in the address bar. Every cell links to the explorer showing exactly its papers.
(function () {
  "use strict";
  var form = document.getElementById("atlas-gaps-form");
  var region = document.getElementById("atlas-gaps");
  var status = document.getElementById("atlas-gaps-status");
  if (!form || !region) return;
  var AXES = ["sf", "pre", "ada", "mod", "app"];

  window.AtlasIndex.open(form.getAttribute("data-src")).then(function (index) {
    return index.columns().then(function (columns) { return [index.meta, columns]; });
  }).then(function (got) {
    var data = got[0], columns = got[1];
    var facets = {};
    data.facets.forEach(function (f) { facets[f.key] = f; });
    var thin = parseInt(form.getAttribute("data-thin"), 10) || 2;
    var explorer = form.getAttribute("data-explorer");
    var speaks = JSON.parse(form.getAttribute("data-directions") || "{}");

    function values(key) {  // [[url value, label], ...] in the taxonomy's order
      var f = facets[key];
      if (f.terms) {
        return data.terms[f.terms].map(function (t) { return [t[0], key === "pre" ? (t[0] === "none" ? "none" : t[2]) : (key === "sf" || key === "ada" ? t[0] : t[1])]; });
      }
      return data[f.list].map(function (a) { return [a[0], a[1]]; });
    }
    function has(key, row, i) {  // does paper number `row` hold the axis's i-th value?
      var f = facets[key], v = columns[f.column][row];
      if (f.kind === "index") return v === i;
      if (f.kind === "mask") return (v & (1 << i)) !== 0;
      return v.indexOf(i) >= 0;
    }
    var methods = [];
    columns.kind.forEach(function (kind, row) { if (kind === 0) methods.push(row); });

    function draw() {
      var rows = form.elements.rows.value, cols = form.elements.cols.value, fk = form.elements.f.value, fv = form.elements.fv.value;
      var rv = values(rows), cv = values(cols), fi = fk ? values(fk).map(function (v) { return v[0]; }).indexOf(fv) : -1;
      var papers = fk && fi >= 0 ? methods.filter(function (row) { return has(fk, row, fi); }) : methods;
      var table = document.createElement("table");
      table.className = "atlas-gaps";
      var caption = table.createCaption();
      caption.textContent = "Methods by " + facets[rows].label.toLowerCase() + " (rows) and " + facets[cols].label.toLowerCase() + " (columns)"
        + (fk && fi >= 0 ? ", only " + facets[fk].label.toLowerCase() + " " + values(fk)[fi][1] : "");
      var head = table.createTHead().insertRow();
      var corner = document.createElement("th");
      corner.scope = "col";
      corner.textContent = facets[rows].label;
      head.appendChild(corner);
      cv.forEach(function (c) { var th = document.createElement("th"); th.scope = "col"; th.textContent = c[1]; marks(th, cols, c[0]); head.appendChild(th); });
      var body = table.createTBody(), empty = 0, thinCells = 0;
      rv.forEach(function (r, i) {
        var tr = body.insertRow(), th = document.createElement("th");
        th.scope = "row";
        th.textContent = r[1];
        marks(th, rows, r[0]);
        tr.appendChild(th);
        cv.forEach(function (c, j) {
          var n = 0;
          papers.forEach(function (row) { if (has(rows, row, i) && has(cols, row, j)) n += 1; });
          var td = tr.insertCell(), a = document.createElement("a");
          var q = new URLSearchParams();
          q.append("kind", "method");
          q.append(rows, r[0]);
          if (cols !== rows) q.append(cols, c[0]);
          if (fk && fi >= 0 && fk !== rows && fk !== cols) q.append(fk, fv);
          a.href = explorer + "?" + q.toString();
          a.textContent = n;
          var label = r[1] + " and " + c[1] + ": " + n + (n === 1 ? " method" : " methods");
          a.title = label;
          a.setAttribute("aria-label", label);
          if (n === 0) { td.className = "atlas-gap-empty"; empty += 1; } else if (n <= thin) { td.className = "atlas-gap-thin"; thinCells += 1; }
          td.appendChild(a);
        });
      });
      region.replaceChildren(table);
      region.setAttribute("aria-label", caption.textContent);
      status.textContent = papers.length + " methods; " + empty + " empty and " + thinCells + " thin cells (1–" + thin + " methods).";
      var p = new URLSearchParams();
      p.set("rows", rows);
      p.set("cols", cols);
      if (fk && fi >= 0) { p.set("f", fk); p.set("fv", fv); }
      history.replaceState(null, "", location.pathname + "?" + p.toString());
    }
    function marks(th, axis, value) {  // the survey's future directions that speak to this row or column
      (speaks[axis + " " + value] || []).forEach(function (d) {
        var a = document.createElement("a");
        a.className = "atlas-gap-dir";
        a.href = d[1];
        a.title = "Future direction: " + d[0];
        a.setAttribute("aria-label", a.title);
        a.textContent = "\u2197";
        th.appendChild(document.createTextNode(" "));
        th.appendChild(a);
      });
    }
    function fillFilter(selected) {
      var fk = form.elements.f.value, select = form.elements.fv;
      select.replaceChildren();
      select.disabled = !fk;
      if (!fk) { select.add(new Option("(choose a filter)", "")); return; }
      values(fk).forEach(function (v) { select.add(new Option(v[1], v[0], false, v[0] === selected)); });
    }
    var params = new URLSearchParams(location.search);
    ["rows", "cols", "f"].forEach(function (name) {
      var v = params.get(name);
      if (v !== null && (name === "f" ? v === "" || AXES.indexOf(v) >= 0 : AXES.indexOf(v) >= 0)) form.elements[name].value = v;
    });
    fillFilter(params.get("fv"));
    form.hidden = false;
    form.addEventListener("change", function (event) {
      if (event.target.name === "f") fillFilter("");
      draw();
    });
    draw();
    region.setAttribute("data-ready", "true");
  });
})();
