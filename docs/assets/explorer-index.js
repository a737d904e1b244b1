/* HFM Atlas paper index: the explorer's data, fetched as it is needed (hfm_atlas/explorer.py writes it).
 *
 * Shared by the explorer, the gap map and the compare page. explorer.json holds the facets, their
 * terms and the counts before any filter; the facet columns, the rows on screen, the search words
 * and the texts that check a quoted phrase each come from their own small file, fetched once.
 *
 *   AtlasIndex.open(url) -> Promise of an index:
 *     index.meta                    explorer.json
 *     index.columns()               Promise of {column name: [value per paper]}
 *     index.match(alternatives)     Promise of a Uint8Array (1 = the paper matches) or null (no search)
 *     index.rows(numbers)           Promise of {number: [id, title, short name]}
 *     index.ids(), index.titleRank()
 *
 * A search is a list of alternatives (OR), each a list of terms that must all match. A term matches
 * a paper when each of its words begins a word of the paper's title, short name, summary or
 * authors (the words of hfm_atlas/explorer.py's `words`); a term of several words (a "quoted
 * phrase" or sam-med2d) must also occur as written. Words of one letter wait for a second.
 */
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}]+/gu;

  function hex(text) {
    return Array.from(new TextEncoder().encode(text)).map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function open(url) {
    var base = url.replace(/[^\/]*$/, ""), files = {};
    function get(path) {
      if (!files[path]) {
        files[path] = fetch(base + path).then(function (r) {
          if (!r.ok) throw new Error(path + ": HTTP " + r.status);
          return /\.gz$/.test(path) ? window.AtlasUnpack(r) : r.json();
        });
        files[path].catch(function () { delete files[path]; });  // a failed fetch may be retried
      }
      return files[path];
    }
    return get(url.slice(base.length)).then(function (meta) {
      var n = meta.total, folder = meta.folder, words = {}, lastQuery = null, lastMatch = null;

      // The papers holding a word that begins with `token`, as a 0/1 mask (cached per token). The file is
      // that of its first two characters (code points, as Python counts them: not UTF-16 halves).
      function wordMask(token) {
        if (words[token]) return words[token];
        words[token] = get(folder + "words/" + hex(Array.from(token).slice(0, 2).join("")) + ".json").catch(function (err) {
          if (/HTTP 404/.test(err.message)) return { words: [], rows: [] };  // no paper has a word with these letters
          throw err;
        }).then(function (shard) {
          // A scan, not a binary search: a shard holds a few thousand words at most, and Python sorts
          // them by code point where JavaScript would compare UTF-16 units.
          var mask = new Uint8Array(n), list = shard.words;
          for (var i = 0; i < list.length; i++) {
            if (list[i].lastIndexOf(token, 0) !== 0) continue;
            var gaps = shard.rows[i], row = 0;
            for (var k = 0; k < gaps.length; k++) { row += gaps[k]; mask[row] = 1; }
          }
          return mask;
        });
        words[token].catch(function () { delete words[token]; });
        return words[token];
      }

      function texts(chunks) {
        return Promise.all(chunks.map(function (c) { return get(folder + meta.textFile.replace("{}", c)); }));
      }

      // One alternative: every term's words present, then each phrase checked in the text.
      function alternative(terms) {
        var tokens = [], phrases = [];
        terms.forEach(function (term) {
          var found = term.toLowerCase().match(WORD) || [];
          found.forEach(function (t) { if (t.length > 1 && tokens.indexOf(t) < 0) tokens.push(t); });
          if (found.length > 1 || (found.length === 1 && found[0] !== term.toLowerCase())) phrases.push(term.toLowerCase());
        });
        return Promise.all(tokens.map(wordMask)).then(function (masks) {
          var out = new Uint8Array(n).fill(1);
          masks.forEach(function (m) { for (var i = 0; i < n; i++) out[i] &= m[i]; });
          if (!phrases.length) return out;
          var chunks = [], size = meta.textChunk;
          for (var i = 0; i < n; i++) { if (out[i] && chunks.indexOf((i / size) | 0) < 0) chunks.push((i / size) | 0); }
          return texts(chunks).then(function (loaded) {
            chunks.forEach(function (c, k) {
              var text = loaded[k];
              for (var j = 0; j < text.length; j++) {
                var row = c * size + j;
                if (out[row]) { for (var p = 0; p < phrases.length; p++) { if (text[j].indexOf(phrases[p]) < 0) { out[row] = 0; break; } } }
              }
            });
            return out;
          });
        });
      }

      var index = {
        meta: meta,
        columns: function () { return get(folder + "columns.json"); },
        ids: function () { return get(folder + "ids.json"); },
        titleRank: function () { return get(folder + "title-rank.json"); },
        match: function (alternatives) {
          var key = JSON.stringify(alternatives);
          if (!alternatives.length) return Promise.resolve(null);
          if (key === lastQuery) return lastMatch;
          lastQuery = key;
          lastMatch = Promise.all(alternatives.map(alternative)).then(function (masks) {
            var out = masks[0];
            for (var a = 1; a < masks.length; a++) { for (var i = 0; i < n; i++) out[i] |= masks[a][i]; }
            return out;
          });
          lastMatch.catch(function () { lastQuery = null; });
          return lastMatch;
        },
        rows: function (numbers) {
          var chunks = [];
          numbers.forEach(function (r) { var c = (r / meta.rowChunk) | 0; if (chunks.indexOf(c) < 0) chunks.push(c); });
          return Promise.all(chunks.map(function (c) { return get(folder + "rows-" + c + ".json"); })).then(function (loaded) {
            var out = {};
            numbers.forEach(function (r) { var c = (r / meta.rowChunk) | 0; out[r] = loaded[chunks.indexOf(c)][r - c * meta.rowChunk]; });
            return out;
          });
        },
      };
      return index;
    });
  }

  // The search box's grammar: alternatives split by OR (in capitals), each a list of words or
  // "quoted phrases" that must all occur. "BioBERT OR PubMedBERT" finds either.
  function parseQuery(q) {
    return q.split(/\s+OR\s+/).map(function (part) {
      var terms = [], re = /"([^"]+)"|(\S+)/g, m;
      while ((m = re.exec(part))) { var t = (m[1] || m[2]).trim(); if (t && t.toLowerCase() !== "or") terms.push(t); }
      return terms;
    }).filter(function (terms) { return terms.length; });
  }

  window.AtlasIndex = { open: open, parseQuery: parseQuery };
})();
