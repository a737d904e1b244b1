"""From urls.COMPRESS_DOWNLOADS_FROM papers the downloads and the API's files are published gzipped, and every link follows."""

from __future__ import annotations

import datetime as dt
import gzip

from conftest import FIXTURES, ROOT

from hfm_atlas import urls
from hfm_atlas.site import make_site
from hfm_atlas.validate import load_catalogue

AT = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def _site():
    catalogue = load_catalogue(FIXTURES / "atlas")[0]
    return make_site(catalogue, ROOT / "templates", urls.Linker(), "", AT)


def _whole(path: str) -> bool:
    return path.startswith("downloads/") or path.startswith("api/")


def test_a_large_catalogue_publishes_its_downloads_gzipped_and_links_to_them(monkeypatch):
    plain = _site()
    monkeypatch.setattr(urls, "COMPRESS_DOWNLOADS_FROM", 1)  # the fixture's few papers count as large
    large = _site()
    downloads = sorted(p for p in plain.files if _whole(p))
    assert len(downloads) == 10  # five downloads, five API files
    for path in downloads:
        assert path not in large.files
        data = large.files[path + ".gz"]
        assert gzip.decompress(data) == (plain.files[path] if isinstance(plain.files[path], bytes) else plain.files[path].encode("utf-8"))
        assert data == _site().files[path + ".gz"]  # no time in the gzip header: the same bytes every build
    assert {p for p in large.files if not _whole(p)} == {p for p in plain.files if not _whole(p)}
    page = next(p for p in large.pages if p.src == urls.DOWNLOADS).body
    assert 'href="../downloads/hfm-atlas.csv.gz"' in page and 'href="../downloads/hfm-atlas.sqlite.gz"' in page and "gunzip" in page
    assert '<a href="../api/papers.json.gz"><code>papers.json.gz</code></a>' in page and "api/papers.json\"" not in page
    explorer = next(p for p in large.pages if p.src == urls.EXPLORER).body
    assert "downloads/hfm-atlas.bib.gz" in explorer and "downloads/hfm-atlas.bib\"" not in explorer


def test_a_small_catalogue_publishes_them_as_they_are():
    site = _site()
    assert "downloads/hfm-atlas.csv" in site.files and "api/papers.json" in site.files
    assert [p for p in site.files if p.endswith(".gz")] == [p for p in site.files if p.startswith(urls.PACKED)]  # only what scripts unpack
    assert "gunzip" not in next(p for p in site.pages if p.src == urls.DOWNLOADS).body


def test_only_whole_catalogue_files_are_gzipped():
    assert urls.download("api/papers.json", 10**6) == "api/papers.json.gz"
    assert urls.download("api/other/papers.json", 10**6) == "api/other/papers.json"  # a file of the API's folders stays plain


def test_text_given_in_pieces_compresses_to_the_bytes_of_its_whole_text():
    import random

    from hfm_atlas.files import DOWNLOAD_LEVEL, compressed

    rng = random.Random(5)
    for count in (0, 1, 7, 3000):  # 3,000 pieces of up to 400 characters pass the 256 KB feeding step
        pieces = ["".join(rng.choice("abcé😀<{}, \n") for _ in range(rng.randint(0, 400))) for _ in range(count)]
        assert compressed(iter(pieces)) == compressed("".join(pieces))
        assert gzip.decompress(compressed(iter(pieces))).decode("utf-8") == "".join(pieces)
        raw = [piece.encode("utf-8") for piece in pieces]  # bytes in pieces (the SQLite file, read in blocks)
        assert compressed(iter(raw)) == compressed(b"".join(raw))
        fast = compressed(iter(raw), DOWNLOAD_LEVEL)  # the downloads' level: the header says which
        assert fast == compressed(b"".join(raw), DOWNLOAD_LEVEL) and gzip.decompress(fast) == b"".join(raw)


def test_a_download_written_as_it_is_compressed_has_the_bytes_of_the_whole(tmp_path):
    """The build writes gzipped files piece by piece (published_files streamed, write_files): no compressed file is held."""
    from hfm_atlas.files import DOWNLOAD_LEVEL, compressed
    from hfm_atlas.site import published_files, write_files

    text = ["paper %d, " % i * 7 for i in range(60_000)]  # over 256 KB: several pieces of deflate output
    files = [("downloads/hfm-atlas.csv", iter(text)), ("api/papers.json", iter(text))]
    streamed = list(published_files(files, 10**6, streamed=True))
    assert [path for path, _ in streamed] == ["downloads/hfm-atlas.csv.gz", "api/papers.json.gz"]
    assert all(not isinstance(content, (str, bytes)) for _, content in streamed)  # pieces, not a whole
    written = write_files(published_files([(p, iter(text)) for p, _ in files], 10**6, streamed=True), tmp_path)
    for path in written:  # both downloads: the downloads' level
        assert (tmp_path / path).read_bytes() == compressed("".join(text), DOWNLOAD_LEVEL)
    assert gzip.decompress((tmp_path / written[0]).read_bytes()).decode() == "".join(text)


def test_the_api_written_in_pieces_is_the_json_of_the_whole_document():
    import json

    from hfm_atlas.exports import api_chunks, api_document

    catalogue = load_catalogue(FIXTURES / "atlas")[0]
    whole = json.dumps({"schema_version": json.loads(api_document("papers", [], AT))["schema_version"],
                        "generated_at": "2026-01-01T00:00:00Z", "total": len(catalogue.papers),
                        "papers": [p.model_dump(mode="json", exclude_none=True) for p in catalogue.papers]},
                       ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c") + "\n"
    assert "".join(api_chunks("papers", catalogue.papers, AT)) == whole
    assert len(list(api_chunks("papers", catalogue.papers, AT))) == len(catalogue.papers) + 2  # one piece a record


def test_api_records_written_by_pydantic_equal_compact_json_of_their_dump(tmp_path):
    """papers, datasets and applications are written by pydantic's own JSON writer (exports._without_floats: no float in their schema): byte for
    byte what compact_json writes of each record's dump, on the real catalogue and on records whose text holds
    quotes, backslashes, "<", line breaks and non-ASCII letters (the hostile fixtures)."""
    import datetime as dt
    import json
    import shutil

    from conftest import FIXTURES, ROOT

    from hfm_atlas.explorer import compact_json
    from hfm_atlas.exports import api_document
    from hfm_atlas.validate import load_catalogue

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "atlas", data)
    for f in (FIXTURES / "hostile" / "harmless").rglob("*.yaml"):
        target = data / f.relative_to(FIXTURES / "hostile" / "harmless")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, target)
    at = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for catalogue in (load_catalogue(data)[0], load_catalogue(ROOT / "data")[0]):
        for kind in ("papers", "datasets", "applications"):
            records = getattr(catalogue, kind)
            assert records
            text = api_document(kind, records, at)
            want = ",".join(compact_json(r.model_dump(mode="json", exclude_none=True)) for r in records)
            assert want in text and json.loads(text)[kind] == json.loads("[" + want + "]")
    hostile = api_document("papers", load_catalogue(data)[0].papers, at)
    assert "\\u003c" in hostile and "<" not in hostile
