// HFM Atlas: shared helpers and small behaviours of every page.

// The JSON of a file stored gzipped for the site's scripts (urls.PACKED): unpacked here, unless the server
// already sent it decoded (a host that serves .gz with Content-Encoding: gzip).
window.AtlasUnpack = function (response) {
  return response.arrayBuffer().then(function (buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
  });
};

// Stacked tables (phones): each cell of a built table is labelled with its column's name, from the table's
// header, once here instead of in every cell of every page (tables drawn by a script label their own cells).
document.querySelectorAll("table.atlas-stack").forEach(function (table) {
  if (!table.tHead) return;
  var names = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
  Array.prototype.forEach.call(table.tBodies, function (body) {
    Array.prototype.forEach.call(body.rows, function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        if (!cell.hasAttribute("data-label") && names[i]) cell.setAttribute("data-label", names[i]);
      });
    });
  });
});

// Copy buttons for the BibTeX blocks of paper pages (shown only when the clipboard can be used).
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.textContent).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy BibTeX"; }, 2000);
    });
  });
});

// Leaderboards: sort by a column's button, filter by setting and metric (the table is complete without this).
document.querySelectorAll("table[data-board]").forEach(function (table) {
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var form = document.querySelector("form[data-board-filters]");
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function cellKey(row, i, numeric) {
    var cell = row.cells[i];
    if (numeric) { return parseFloat(cell.getAttribute("data-value") || cell.textContent) || 0; }
    return cell.textContent.trim().toLowerCase();
  }
  heads.forEach(function (th, i) {
    var numeric = th.getAttribute("data-sort") === "number";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "atlas-sort";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var descending = th.getAttribute("aria-sort") !== "descending";
      heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      rows.sort(function (a, b) {
        var x = cellKey(a, i, numeric), y = cellKey(b, i, numeric);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  if (!form) { return; }
  form.hidden = false;
  var params = new URLSearchParams(location.search);
  ["mode", "metric"].forEach(function (name) { if (params.get(name)) { form.elements[name].value = params.get(name); } });
  function apply() {
    var mode = form.elements.mode.value, metric = form.elements.metric.value, shown = 0;
    rows.forEach(function (row) {
      var keep = (!mode || row.getAttribute("data-mode") === mode) && (!metric || row.getAttribute("data-metric") === metric);
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    form.elements.shown.value = shown + " of " + rows.length + " results shown";
    var query = new URLSearchParams();
    if (mode) { query.set("mode", mode); }
    if (metric) { query.set("metric", metric); }
    history.replaceState(null, "", location.pathname + (query.toString() ? "?" + query : "") + location.hash);
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
});

// Term chips: a term's definition as its tooltip. Pages do not repeat the definitions (a fifth of a paper
// page): the site holds each once, in assets/atlas-terms.json, keyed by where a chip links (explorer/?pre=GL).
(function () {
  var me = document.currentScript, root = me && me.src.replace(/assets\/atlas\.js(\?.*)?$/, ""), terms = null, loading = null;
  if (!root || root === me.src) return;
  function define(event) {
    var chip = event.target.closest ? event.target.closest("a.atlas-tag") : null;
    if (!chip || chip.hasAttribute("data-defined") || chip.href.indexOf(root) !== 0) return;
    if (!loading) {
      loading = fetch(root + "assets/atlas-terms.json").then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; }).then(function (t) { terms = t; });
    }
    loading.then(function () {
      var text = terms[chip.href.slice(root.length)];
      chip.setAttribute("data-defined", "");
      if (text) chip.title = text;
    });
  }
  document.addEventListener("mouseover", define);
  document.addEventListener("focusin", define);
})();
