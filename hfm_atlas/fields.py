"""The building blocks of every schema: the strict base model and the checked text, slug and URL types."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

SCHEMA_VERSION = "1.0"

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ARXIV_PATTERN = r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value or "\t" in value:
        raise ValueError("must be one line: no line breaks or tabs (write it on one line, or use a paragraph field)")
    return value


_SHARED_MAX = 200_000  # distinct values kept per table and process: about 10 MB of table at most


def _checked_once(check: Any) -> Any:
    """A validator running `check` once per distinct value and returning one string per value: names and
    links repeat across records (a paper's link is often its datasets' evidence too), and pydantic makes a
    new string per field (sharing both: pymalloc's live blocks 15 MB less after loading 100,000 synthetic papers)."""
    seen: dict[str, str] = {}

    def validate(value: str) -> str:
        shared = seen.get(value)
        if shared is not None:
            return shared
        check(value)
        if len(seen) < _SHARED_MAX:
            seen[value] = value
        return value

    return validate


# One line of prose; the limits stop absurd input, not real titles (the longest in the survey is ~250).
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400), AfterValidator(_one_line)]
Paragraph = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), AfterValidator(_checked_once(_one_line))]


_URL = re.compile(r"https?://(?P<host>[^/?#]*)(?P<rest>[/?#].*)?", re.IGNORECASE | re.DOTALL)
_HOSTNAME = re.compile(r"(?=[^:]{1,253}(?::|$))(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9-]{2,63}\.?(?::\d{1,5})?", re.IGNORECASE)
_IPV6 = re.compile(r"\[[0-9a-f:.]+\](?::\d{1,5})?", re.IGNORECASE)
_IPV4 = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?")
# Whitespace, controls, and invisible or reordering characters (zero-width, bidi) have no place in a link.
_URL_UNSAFE = re.compile("[\\s\\x00-\\x1f\\x7f-\\x9f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2069\\ufeff]")


def _check_url(value: str) -> None:
    """An absolute http(s) URL with a plain host, or ValueError saying what is wrong."""
    m = _URL.fullmatch(value)
    if not m:
        raise ValueError("must be an absolute http(s) URL, e.g. https://example.org/paper")
    bad = _URL_UNSAFE.search(value)
    if bad:
        raise ValueError(f"holds U+{ord(bad.group(0)):04X} (a space, control or invisible character); a link has none")
    host = m.group("host")
    if "@" in host:
        raise ValueError("holds a user name or password before '@' (the link would go to the host after it); give the plain address")
    if not (_HOSTNAME.fullmatch(host) or _IPV6.fullmatch(host) or _IPV4.fullmatch(host)):
        if not host.isascii():
            raise ValueError("has a host with non-ASCII letters; write it in its punycode form (xn--...) so that look-alike hosts show")
        raise ValueError("must be an absolute http(s) URL with a host name, e.g. https://example.org/paper")


Url = Annotated[str, StringConstraints(max_length=1000), AfterValidator(_checked_once(_check_url))]
# A slug naming another record (a dataset, an application, a base model): the same few thousand ids recur in
# every paper, so each is one string per process (100,000 synthetic papers name datasets 150,000 times).
Ref = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80), AfterValidator(_checked_once(lambda _: None))]


class _EmptyList(list):
    """The one empty list every record's unset list field holds (empty_list): a paper had 5-7 of its own, 56
    bytes each (pymalloc's live blocks 20 MB less after loading 100,000 synthetic papers). Shared, so it refuses
    to change; pydantic serializes it as a list."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("a record's empty list is shared by every record: build a new list instead of changing it")

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return empty_list, ()


_EMPTY = _EmptyList()


def empty_list() -> list:
    """default_factory of every list field of a record: the one shared, unchangeable empty list."""
    return _EMPTY


class Strict(BaseModel):
    """Base of every schema: unknown keys are errors, so a typo never vanishes silently.

    Cross-field checks (model validators) begin their message with the field they
    concern, "field: message", so the error reporter can point at that field's line.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)

    def model_post_init(self, context: Any, /) -> None:
        # Pydantic gives every instance its own set of the fields given (a paper and its parts hold
        # about 3 KB of such sets, 40% of its memory). The models are frozen, so the set never
        # changes: share one per combination of fields. (A set, not a frozenset: pydantic's serializer takes
        # only a set, for model_dump(exclude_unset=True).)
        object.__setattr__(self, "__pydantic_fields_set__", _shared(self.__pydantic_fields_set__))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled from a forked child back to the build (validate.py). Pydantic's own __getstate__ and
        # __setstate__ build and copy dictionaries per model in Python; a record is frozen and its fields are
        # valid already, so it is rebuilt from them (10,000 synthetic papers, per paper: pickling 26-29 ->
        # 18-21 us, unpickling 19-26 -> 16-22 us, 1,073 -> 976 bytes), its set of fields given shared again.
        return _rebuilt, (type(self), self.__dict__, self.__pydantic_fields_set__)


def _rebuilt(cls: type[Strict], values: dict[str, Any], given: set[str]) -> Strict:
    record = cls.__new__(cls)
    object.__setattr__(record, "__dict__", values)
    object.__setattr__(record, "__pydantic_fields_set__", _shared(given))
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


_FIELDS_GIVEN: dict[frozenset[str], set[str]] = {}


def _shared(given: set[str]) -> set[str]:
    key = frozenset(given)
    shared = _FIELDS_GIVEN.get(key)
    if shared is None:
        shared = _FIELDS_GIVEN[key] = set(key)
    return shared
