"""Load files and folders into SourceDocuments, one loader per format.

Every problem with a file becomes a ``LoadError`` whose message says why, so a batch can report it and go on.
"""

from __future__ import annotations

import json
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

from ingest.dates import document_date, first_date_field
from ingest.documents import LoadError, SourceDocument  # noqa: F401  (LoadError: its import home for callers)
from ingest.limits import LimitExceeded, ParseLimits, check_docx, check_html
from ingest.ocr import IMAGE_SUFFIXES

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | IMAGE_SUFFIXES | {".pdf", ".docx", ".jsonl"}


def load_file(path: Path, max_bytes: int, limits: ParseLimits = ParseLimits()) -> list[SourceDocument]:
    """Load one file into one document (or several, for a .jsonl of articles), within ``limits`` (ingest/limits.py;
    ingest/isolate.py adds the memory and time caps)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"unsupported file type {suffix or '(none)'}; supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}")
    try:
        size = path.stat().st_size
    except OSError as e:
        raise LoadError(f"cannot open: {os_reason(e)}") from e
    if size == 0:
        raise LoadError("empty file")
    if size > max_bytes:
        raise LoadError(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (RAG_MAX_FILE_MB)")
    try:
        if suffix in TEXT_SUFFIXES:
            docs = [_load_text(path)]
        elif suffix in HTML_SUFFIXES:
            docs = [_load_html(path, limits)]
        elif suffix == ".pdf":
            from ingest.pdf import load_pdf

            docs = [load_pdf(path, limits)]
        elif suffix in IMAGE_SUFFIXES:
            from ingest.ocr import load_image

            docs = [load_image(path, limits.ocr)]
        elif suffix == ".docx":
            check_docx(path, limits)
            docs = [_load_docx(path)]
        else:
            docs = _load_jsonl(path)
    except LoadError:
        raise
    except LimitExceeded as e:
        raise LoadError(str(e)) from None
    except OSError as e:
        raise LoadError(f"cannot read: {os_reason(e)}") from e
    except RecursionError as e:
        raise LoadError("document structure is nested too deeply to parse") from e
    for d in docs:  # one day format for every source of dates (ingest/dates.py)
        d.date, warning = document_date(d.date, path)
        if warning:
            d.warnings.append(warning)
    return docs


def os_reason(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        return e.strerror.lower()
    if isinstance(e, RuntimeError):
        return "symbolic link loop"
    return str(e) or type(e).__name__


# --- text -----------------------------------------------------------------------------------------------

def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode text of unknown encoding; refuse binary. Returns (text, warnings)."""
    if not data.strip():
        raise LoadError("empty file (whitespace only)")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), []
            except UnicodeDecodeError as e:
                raise LoadError(f"undecodable {enc} text: {e.reason} at byte {e.start}") from e
    try:
        text = data.decode("utf-8")
        warnings: list[str] = []
    except UnicodeDecodeError:
        if b"\x00" in data[:65536]:
            raise LoadError("binary content (NUL bytes), not text") from None
        from charset_normalizer import from_bytes

        best = from_bytes(data[:2_000_000]).best()
        if best is not None and best.chaos <= 0.3:
            text = data.decode(best.encoding, errors="replace")
            warnings = [f"not valid UTF-8; decoded as {best.encoding}"]
        else:
            replaced = data.decode("utf-8", errors="replace")
            n_bad = replaced.count("\ufffd")
            if n_bad > max(3, len(data) // 200):
                raise LoadError("undecodable text: not UTF-8 and no other encoding fits") from None
            # A few broken bytes in otherwise UTF-8 text: keep the text, mark the bytes.
            text, warnings = replaced, [f"invalid UTF-8: {n_bad} undecodable byte sequence(s) replaced"]
    sample = text[:65536]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    if bad > max(8, len(sample) * 0.02):
        raise LoadError("binary content, not text")
    return text, warnings


def _title_from_text(text: str, path: Path) -> str:
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            return line.lstrip("#").strip()
        # A short first line without a full stop reads as a headline.
        if len(line) <= 120 and not line.endswith((".", "?", "!", "”", '"')):
            return line
        break
    return path.stem.replace("_", " ").replace("-", " ").strip() or path.name


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Markdown-style front matter (``---`` / ``key: value`` lines / ``---``) → (fields, remaining text).

    Only flat ``key: value`` pairs are read (title, date, author, url), which is all an article needs.
    """
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields, text[m.end():]


def _load_text(path: Path) -> SourceDocument:
    text, warnings = decode_bytes(path.read_bytes())
    meta, text = split_front_matter(text)
    return SourceDocument(source=str(path), text=text, title=meta.get("title") or _title_from_text(text, path),
                          date=first_date_field(meta), author=meta.get("author") or None,
                          url=meta.get("url") or None, warnings=warnings)


# --- HTML -----------------------------------------------------------------------------------------------

def _load_html(path: Path, limits: ParseLimits) -> SourceDocument:
    raw, warnings = decode_bytes(path.read_bytes())
    return html_document(raw, source=str(path), fallback_title=path.stem, warnings=warnings, limits=limits)


def html_document(raw: str, *, source: str, fallback_title: str, url: str | None = None,
                  warnings: list[str] | None = None, limits: ParseLimits = ParseLimits()) -> SourceDocument:
    """Main text, title, author and date of an HTML page (trafilatura), or all its visible text as a fallback."""
    import trafilatura

    try:
        check_html(raw, limits)
    except LimitExceeded as e:
        raise LoadError(str(e)) from None
    warnings = list(warnings or [])
    try:
        result = trafilatura.bare_extraction(raw, url=url, with_metadata=True, include_comments=False,
                                             include_tables=True)
    except RecursionError:
        raise
    except Exception as e:  # lxml and trafilatura raise many types on broken markup
        raise LoadError(f"could not parse HTML: {e}") from e
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        text = _plain_html_text(raw)
        if text:
            warnings.append("no main article found; used all visible text")
    if not text or not text.strip():
        raise LoadError("no readable main text in the HTML (only markup or scripts)")
    title = getattr(result, "title", None) or fallback_title
    return SourceDocument(source=source, text=text, title=title, date=getattr(result, "date", None),
                          author=getattr(result, "author", None), url=url, warnings=warnings)


class _VisibleText(HTMLParser):
    """Collects text outside script/style. Fallback because lxml (under trafilatura) gives up past
    nesting depth 256, while this streaming parser has no depth limit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def _plain_html_text(raw: str) -> str:
    parser = _VisibleText()
    parser.feed(raw)
    parser.close()
    return "\n".join(parser.parts)


# --- DOCX -----------------------------------------------------------------------------------------------

def _load_docx(path: Path) -> SourceDocument:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        d = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise LoadError(f"not a valid .docx document: {e}") from e
    text = "\n\n".join(p.text.strip() for p in d.paragraphs if p.text.strip())
    if not text:
        raise LoadError("empty document: no text paragraphs")
    props = d.core_properties
    date = props.created.date().isoformat() if props.created else None
    return SourceDocument(source=str(path), text=text, title=(props.title or "").strip() or path.stem,
                          author=(props.author or "").strip() or None, date=date)


# --- JSONL of articles ----------------------------------------------------------------------------------

def _load_jsonl(path: Path) -> list[SourceDocument]:
    raw, _ = decode_bytes(path.read_bytes())
    docs: list[SourceDocument] = []
    problems: list[str] = []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {lineno}: invalid JSON ({e.msg})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            problems.append(f"line {lineno}: no 'text' field")
            continue
        url = obj.get("url") if isinstance(obj.get("url"), str) and obj.get("url") else None
        locator = jsonl_locator(obj, lineno)
        title = str(obj.get("title") or "").strip() or f"{path.stem} #{lineno}"
        docs.append(SourceDocument(source=f"{path}#{locator}", text=obj["text"], title=title,
                                   date=_str_or_none(first_date_field(obj)), author=_str_or_none(obj.get("author")),
                                   url=url))
    if not docs:
        raise LoadError("no articles: " + ("; ".join(problems[:3]) if problems else "file has no lines"))
    if problems:
        docs[0].warnings.append(f"skipped {len(problems)} line(s): " + "; ".join(problems[:3]))
    return docs


def jsonl_locator(obj: dict, lineno: int) -> str:
    """Where one article sits in a .jsonl file (the part after ``#`` in its source): its ``id``, else its
    ``url``, else ``L<line number>``."""
    url = obj.get("url") if isinstance(obj.get("url"), str) and obj.get("url") else None
    return str(obj.get("id") or url or f"L{lineno}")


def _str_or_none(v) -> str | None:
    return str(v).strip() or None if v is not None else None
