"""Full-text search of grievances: the console's search box and anything that lists its results.

`search(user, params)` is the one function: a query and the queue's filters in, the ordered
rows out. The console's results page draws them; an export writes them. Everything the user
may not see is out before anything is ranked (grievances.scoping.visible_grievances), and the
queue's filters (grievances.filters.QueueFilter) narrow the same way as on the queue.

How a query is read (docs/decisions.md, "Search"):

1. The first MAX_QUERY_CHARS characters, NFKC-normalised (full-width letters and digits become
   ordinary ones) and lower-cased, are split into terms at every character that is not a
   letter or a digit: punctuation, quotes, brackets, operators (`*`, `:`, `^`, `"`) are
   separators, never syntax. `OR`, `AND`, `NOT`, `NEAR` are words like any other.
2. A run of four or more Chinese characters is split into two-character words (the last takes
   an odd character: 拖欠工资 → 拖欠 工资; 拖欠工资款 → 拖欠 工资款), since most Chinese words
   have two characters and people type several without spaces.
3. Every term must appear (in the subject, the description, a reply or a contact note), in
   any order. Terms of three characters or more are looked up in the database's trigram index
   (FTS5 on SQLite, pg_trgm on PostgreSQL) over the whole history. When every term is shorter,
   no trigram index can serve it; the newest SHORT_SCAN_WINDOW cases the user may see (after
   the filters) are read instead, and the page says so.
4. The newest CANDIDATES matches are ranked: a term in the subject counts 3, each occurrence
   in the text 1 (at most 3 per term), the query's Chinese run found as typed 4 more; ties go
   to the newer case.

The index itself (migration grievances/0004_search_index) is kept current by database triggers.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from grievances.filters import NOT_CLOSED, QueueFilter
from grievances.models import Grievance
from grievances.scoping import visible_grievances
from orgs.scoping import scope_for, visible_units

MAX_QUERY_CHARS = 100
MAX_TERMS = 10
CANDIDATES = 500
SHORT_SCAN_WINDOW = 20_000
SNIPPET_CHARS = 80
WALK_COST_RATIO = 8  # PostgreSQL: a document read at random costs about 8 read in order
SCOPE_BITMAP_RATIO = 8  # PostgreSQL: and a scope's bitmap entry an eighth of one

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]
    phrases: tuple[str, ...]  # Chinese runs split in step 2, for the ranking's bonus
    truncated: bool

    @property
    def needs_scan(self) -> bool:
        return bool(self.terms) and all(len(t) < 3 for t in self.terms)


def _split_cjk(word: str) -> list[str]:
    if len(word) < 4 or not all(_CJK.match(c) for c in word):
        return [word]
    pieces = [word[i : i + 2] for i in range(0, len(word) - len(word) % 2, 2)]
    if len(word) % 2:
        pieces[-1] += word[-1]
    return pieces


def parse(raw: str) -> ParsedQuery:
    """The terms of a query, never failing: anything that is not a letter or a digit is a
    separator, so no input can reach the database as syntax."""
    text = unicodedata.normalize("NFKC", raw or "")
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS].lower()
    words = "".join(c if c.isalnum() else " " for c in text).split()
    terms: list[str] = []
    phrases: list[str] = []
    for w in words:
        pieces = _split_cjk(w)
        if len(pieces) > 1:
            phrases.append(w)
        terms.extend(pieces)
    unique: list[str] = []
    for t in terms:
        if t not in unique:
            unique.append(t)
    # A term inside another adds nothing: every term must appear anyway.
    unique = [t for t in unique if not any(t != o and t in o for o in unique)]
    return ParsedQuery(tuple(unique[:MAX_TERMS]), tuple(phrases), truncated)


# ---- the candidates: index or bounded scan -----------------------------------------------


def _scope_where(qs: QuerySet[Grievance]) -> tuple[str, list[Any]] | None:
    """The WHERE clause of the scoped, filtered queryset on the grievance table itself (so the
    database applies it row by row while it walks the index), or None when nothing is
    visible. Scoping and filters are conditions on the grievance row alone."""
    query = qs.query
    compiler = query.get_compiler(connection=connection)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        sql, params = "", []
    joined = {a for a, n in query.alias_refcount.items() if n} - {Grievance._meta.db_table}
    if joined:  # a scope or filter through another table: the plain, slower subquery
        inner, inner_params = qs.values("id").query.sql_with_params()
        return f"{Grievance._meta.db_table}.id IN ({inner})", list(inner_params)
    return (sql or "1=1"), list(params)


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fold(column: str, term: str) -> str:
    """The column, lower-cased only when the term has letters with case (Chinese has none,
    and lower() over every text read is the scan's largest cost)."""
    return f"lower({column})" if term != term.upper() else column


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _doc_scope(user: AbstractBaseUser | AnonymousUser) -> tuple[str, list[Any], float] | None:
    """PostgreSQL: the user's scope as a condition on the search document's copies of the
    case's scope columns (migration grievances/0008), with the planner's estimate of the share
    of all cases it admits; None when the user sees everything. The same conditions as
    grievances.scoping.visible_grievances; it only narrows what the database reads, the exact
    scope is applied on the case row after it."""
    scope = scope_for(user)
    if scope.everything or scope.all_units:
        return None
    units = sorted(scope.unit_ids) or [0]
    marks = ", ".join(["%s"] * len(units))
    arms: list[tuple[str, list[Any]]] = [
        (f"s.unit_id IN ({marks})", units),
        (f"s.review_unit_id IN ({marks})", units),
        ("s.owner_id = %s", [user.pk]),
        ("s.handler_id = %s", [user.pk]),
        ("s.created_by_id = %s", [user.pk]),
    ]
    # The arms overlap (one's own cases are mostly in one's units): the largest one is a
    # better guess of the whole than the planner's sum of them.
    rows = _remembered(
        (connection.alias, "scope", user.pk, tuple(units)),
        lambda: max(
            _estimate(f"SELECT 1 FROM grievances_searchdoc s WHERE {a}", p)  # noqa: S608
            for a, p in arms
        ),
    )
    return (
        "(" + " OR ".join(a for a, _p in arms) + ")",
        [x for _a, p in arms for x in p],
        min(rows / _documents(), 1.0),
    )


def _doc_states(form: QueueFilter) -> tuple[list[str] | None, bool]:
    """PostgreSQL: the states the queue's filters admit (grievances.filters.QueueFilter.apply:
    the state asked for, and closed cases only when asked for), to narrow the candidates on
    the search document's copy of the state (migration grievances/0010), None for any; and
    whether the state is all the filters ask (then the document answers them exactly)."""
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    states: list[str] | None = None
    if "closed" in form.fields and not data.get("closed"):
        states = [str(s) for s in NOT_CLOSED]
    if data.get("state"):
        states = [str(data["state"])] if states is None or data["state"] in states else []
    only_state = not any(v for k, v in data.items() if k not in ("state", "closed"))
    return states, only_state


_ESTIMATES: dict[tuple[Any, ...], tuple[float, float]] = {}
ESTIMATE_SECONDS = 300


def _remembered(key: tuple[Any, ...], compute: Callable[[], float]) -> float:
    """An estimate that changes only as the statistics do (the number of documents, a user's
    share of them), computed at most once every ESTIMATE_SECONDS per process: each is one to
    five planner round trips, which added 5 to 15 ms to every search. Only the choice of plan
    depends on it, never which cases are found."""
    now = time.monotonic()
    hit = _ESTIMATES.get(key)
    if hit is not None and now - hit[0] < ESTIMATE_SECONDS:
        return hit[1]
    if len(_ESTIMATES) > 10_000:
        _ESTIMATES.clear()
    value = compute()
    _ESTIMATES[key] = (now, value)
    return value


def _documents() -> float:
    """PostgreSQL: the number of search documents, as the statistics have it."""

    def count() -> float:
        with connection.cursor() as cur:
            cur.execute("SELECT reltuples FROM pg_class WHERE relname = 'grievances_searchdoc'")
            row = cur.fetchone()
        return max(float(row[0]) if row else 0.0, 1.0)

    return _remembered((connection.alias, "documents"), count)


def _estimate(sql: str, params: list[Any]) -> float:
    """PostgreSQL: the planner's estimate of the rows `sql` returns (planned, not run)."""
    with connection.cursor() as cur:
        cur.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        row = cur.fetchone()
    raw = row[0] if row else "[]"
    plans = json.loads(raw) if isinstance(raw, str) else raw
    return max(float(plans[0]["Plan"]["Plan Rows"]), 1.0) if plans else 1.0


def _walk_is_cheaper(
    matching: str, params: list[Any], share: float, filtered: float, scoped: bool
) -> bool:
    """PostgreSQL: whether to walk the documents newest first (reading about
    CANDIDATES * N / E of the N documents, in order) rather than read all the user's matching
    documents through the indexes (at random; about WALK_COST_RATIO times the cost per row,
    as measured at 1,000,000), plus, for a user who does not see everything, the bitmap of
    every document in the user's scope (about one SCOPE_BITMAP_RATIO-th of a row read in
    order per document: 25 ms for a branch's 200,000). `matching` counts the matches of the
    indexed word in all cases; `share` is the user's share of the cases, `filtered` that of
    the queue's filters."""
    documents = _documents()
    mine = _estimate(matching, params) * share
    # The walk stops at the 500th match the filters leave; the index reads every match.
    walk = CANDIDATES * documents / max(mine * filtered, 1.0)
    bitmap = WALK_COST_RATIO * mine + (share * documents / SCOPE_BITMAP_RATIO if scoped else 0)
    return walk < bitmap


def _candidates(
    parsed: ParsedQuery,
    where: str,
    where_params: list[Any],
    doc_scope: tuple[str, list[Any], float] | None = None,
    filtered: float = 1.0,
    states: list[str] | None = None,
    exact: bool = False,
) -> tuple[list[tuple[int, str, str]], bool]:
    """Up to CANDIDATES (id, subject, body) of matching visible cases, newest first, and
    whether a bounded scan was used."""
    long_terms = [t for t in parsed.terms if len(t) >= 3]
    short_terms = [t for t in parsed.terms if len(t) < 3]
    g = Grievance._meta.db_table
    scan = not long_terms
    walk = False
    # Only table names, numbers and %s placeholders are put into the SQL below; every value
    # (terms, the scope's ids) is a parameter.
    window = f"(SELECT max(id) FROM {g}) - {SHORT_SCAN_WINDOW}"  # noqa: S608
    if connection.vendor == "sqlite":
        # Short words are read from the FTS5 table's own content table (a plain rowid table,
        # twice as fast to read as through the virtual table).
        short_sql = "".join(
            f" AND (instr({_fold('c.c0', t)}, %s) > 0 OR instr({_fold('c.c1', t)}, %s) > 0)"
            for t in short_terms
        )
        short_params = [x for t in short_terms for x in (t, t)]
        if not scan:
            sql = (
                f"SELECT s.rowid, s.subject, s.body FROM grievances_search s"  # noqa: S608
                f" JOIN {g} ON {g}.id = s.rowid"
                + (" JOIN grievances_search_content c ON c.id = s.rowid" if short_terms else "")
                + f" WHERE grievances_search MATCH %s AND ({where}){short_sql}"
                f" ORDER BY s.rowid DESC LIMIT {CANDIDATES}"
            )
            params = [" AND ".join(_fts_phrase(t) for t in long_terms), *where_params]
        else:
            sql = (
                f"SELECT c.id, c.c0, c.c1 FROM grievances_search_content c"  # noqa: S608
                f" JOIN {g} ON {g}.id = c.id"
                f" WHERE c.id > {window} AND ({where}){short_sql}"
                f" ORDER BY c.id DESC LIMIT {CANDIDATES}"
            )
            params = list(where_params)
        params += short_params
    else:
        # The document's text lower-cased once (migration grievances/0010), as the terms are:
        # LIKE and strpos, no ILIKE or lower() per row read; the trigram index is on it.
        text = "s.folded"
        indexed = long_terms
        if len(long_terms) > 1:
            # Words that come together (heating, dormitory) fool the planner's estimate of
            # their AND, and it then skips the scope's indexes: only the word it expects
            # fewest of goes through the trigram index, the others are checked on the rows.
            indexed = [
                min(
                    long_terms,
                    key=lambda t: _remembered(
                        (connection.alias, "term", t),
                        lambda: _estimate(
                            f"SELECT 1 FROM grievances_searchdoc s WHERE {text} LIKE %s",  # noqa: S608
                            [_like(t)],
                        ),
                    ),
                )
            ]
        checked = [t for t in parsed.terms if t not in indexed]
        indexed_sql = "".join(f" AND {text} LIKE %s" for t in indexed)
        conditions = indexed_sql + "".join(f" AND strpos({text}, %s) > 0" for t in checked)
        term_params: list[Any] = [*(_like(t) for t in indexed), *checked]
        state_sql, state_params = "", []
        if states is not None:
            # The filters' states, on the document (migration grievances/0010): read before
            # any case row is.
            state_sql, state_params = " AND s.state = ANY(%s)", [list(states)]
            conditions += state_sql
            term_params += state_params
        bound = ""
        if scan:
            # The window's lower bound as a number, not a subquery, so that the planner
            # reads the window through the primary key.
            with connection.cursor() as cur:
                cur.execute(f"SELECT {window}")
                row = cur.fetchone()
            bound = f" AND s.grievance_id > {int(row[0] or 0) if row else 0}"
        # The scope's copies on the document (migration grievances/0008) and the trigram
        # index narrow what is read; the exact scope and the filters are then applied on the
        # case row.
        scope_sql, scope_params, share = doc_scope or ("TRUE", [], 1.0)
        inner = (
            f"SELECT s.grievance_id, s.subject, s.body"  # noqa: S608
            f" FROM grievances_searchdoc s WHERE {scope_sql}{bound}{conditions}"
        )
        inner_params = [*scope_params, *term_params]
        # Estimated on the indexed word alone (and the states): words typed together mostly
        # come together, and the planner, taking them as independent, would expect far too
        # few matches.
        matching = indexed_sql + state_sql if indexed else conditions
        walk = _walk_is_cheaper(
            f"SELECT 1 FROM grievances_searchdoc s WHERE TRUE{bound}{matching}",  # noqa: S608
            [*(_like(t) for t in indexed), *state_params] if indexed else term_params,
            share,
            filtered,
            doc_scope is not None,
        )
        if exact and walk:
            # The document's copies answer the scope and the filters exactly: no case row is
            # read (the rows shown are loaded through the scope and filters again).
            sql = (
                f"SELECT s.grievance_id, s.subject, s.body FROM grievances_searchdoc s"  # noqa: S608
                f" WHERE {scope_sql}{bound}{conditions}"
                f" ORDER BY s.grievance_id DESC LIMIT {CANDIDATES}"
            )
            params = [*scope_params, *term_params]
        elif exact:
            sql = (
                f"WITH m AS MATERIALIZED ({inner})"  # noqa: S608
                f" SELECT m.grievance_id, m.subject, m.body FROM m"
                f" ORDER BY m.grievance_id DESC LIMIT {CANDIDATES}"
            )
            params = inner_params
        elif walk:
            # Many of the user's cases match: newest first, stopping at the 500th (the
            # planner is told not to read every match through the index instead).
            sql = (
                f"SELECT s.grievance_id, s.subject, s.body FROM grievances_searchdoc s"  # noqa: S608
                f" JOIN {g} ON {g}.id = s.grievance_id"
                f" WHERE {scope_sql} AND ({where}){bound}{conditions}"
                f" ORDER BY s.grievance_id DESC LIMIT {CANDIDATES}"
            )
            params = [*scope_params, *where_params, *term_params]
        else:
            # Few do: all of them through the indexes (BitmapAnd), then the newest 500.
            sql = (
                f"WITH m AS MATERIALIZED ({inner})"  # noqa: S608
                f" SELECT m.grievance_id, m.subject, m.body FROM m"
                f" JOIN {g} ON {g}.id = m.grievance_id WHERE ({where})"
                f" ORDER BY m.grievance_id DESC LIMIT {CANDIDATES}"
            )
            params = [*inner_params, *where_params]
    with transaction.atomic(), connection.cursor() as cur:
        if walk:
            cur.execute("SET LOCAL enable_bitmapscan = off")
        cur.execute(sql, params)
        return [(int(r[0]), r[1], r[2]) for r in cur.fetchall()], scan


# ---- ranking and highlighting -------------------------------------------------------------


def _score(parsed: ParsedQuery, subject: str, body: str) -> int:
    s, b = subject.lower(), body.lower()
    score = 0
    for t in parsed.terms:
        score += 3 * (t in s) + min(b.count(t), 3)
    for p in parsed.phrases:
        score += 4 * (p in s or p in b)
    return score


def _spans(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the terms occur in `text`, merged, case-insensitively. Lower-casing must keep
    positions; where it would not (a few letters outside Chinese and English), nothing is
    marked rather than the wrong characters."""
    low = text.lower()
    if len(low) != len(text):
        return []
    spans = []
    for t in terms:
        start = low.find(t)
        while start >= 0:
            spans.append((start, start + len(t)))
            start = low.find(t, start + len(t))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def highlight(
    text: str, terms: tuple[str, ...], start: int = 0, end: int | None = None
) -> SafeString:
    """text[start:end] as HTML with the terms in <mark>: every piece of the user's text is
    escaped first, and only the <mark> tags this function writes are markup."""
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    for a, b in _spans(text, terms):
        a, b = max(a, start), min(b, end)
        if a >= b or b <= pos:
            continue
        a = max(a, pos)
        out.append(escape(text[pos:a]))
        out.append("<mark>" + escape(text[a:b]) + "</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    return mark_safe("".join(out))  # built from escaped pieces only


def _snippet_window(body: str, terms: tuple[str, ...]) -> tuple[int, int]:
    spans = _spans(body, terms)
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_CHARS // 3)
    return start, min(len(body), start + SNIPPET_CHARS)


def snippet(body: str, terms: tuple[str, ...]) -> SafeString:
    """About SNIPPET_CHARS characters of the text around its first match, highlighted."""
    start, end = _snippet_window(body, terms)
    html = highlight(body, terms, start, end)
    before = "…" if start > 0 else ""
    after = "…" if end < len(body) else ""
    return mark_safe(before + html + after)  # escaped in highlight()


def snippet_text(body: str, terms: tuple[str, ...]) -> str:
    """The same part of the text as snippet(), as plain text (for an export)."""
    start, end = _snippet_window(body, terms)
    return ("…" if start > 0 else "") + body[start:end] + ("…" if end < len(body) else "")


# ---- the one function ---------------------------------------------------------------------


@dataclass
class SearchResult:
    query: str
    parsed: ParsedQuery
    form: QueueFilter
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0  # ranked matches (at most CANDIDATES)
    capped: bool = False  # more matches exist than were ranked
    scanned: bool = False  # short words only: the newest SHORT_SCAN_WINDOW cases were read


def search(
    user: AbstractBaseUser | AnonymousUser,
    params: Mapping[str, Any],
    *,
    offset: int = 0,
    limit: int | None = None,
) -> SearchResult:
    """The cases `user` may see that match `params["q"]` and pass the queue's filters in
    `params`, ranked, as display rows from `offset` (`limit` rows, or all that were ranked):
    each row the queue's columns plus `subject_html` and `snippet` (highlighted, escaped).
    Never raises on what a user typed: a query with no words gives no rows."""
    from grievances.views.queue import _rows

    query = str(params.get("q", "") or "")
    data = {k: v for k, v in params.items() if k != "q"}
    form = QueueFilter(data or None, units=visible_units(user))
    if form.is_bound:
        form.is_valid()  # invalid filters are reported on the form and ignored
    parsed = parse(query)
    result = SearchResult(query=query, parsed=parsed, form=form)
    if not parsed.terms:
        return result
    visible = form.apply(visible_grievances(user))
    scope = _scope_where(visible)
    if scope is None:
        return result
    doc_scope, filtered, states, exact = None, 1.0, None, False
    if connection.vendor == "postgresql":
        doc_scope = _doc_scope(user)
        states, exact = _doc_states(form)
        unfiltered = _scope_where(visible_grievances(user))
        if not exact and unfiltered is not None and unfiltered != scope:
            # The share of the user's cases that the filters leave, as the planner sees it
            # (the states are estimated with the word, on the document).
            g = Grievance._meta.db_table
            where_sql = f"SELECT 1 FROM {g} WHERE "  # noqa: S608
            filtered = _estimate(where_sql + scope[0], scope[1]) / _estimate(
                where_sql + unfiltered[0], unfiltered[1]
            )
    found, result.scanned = _candidates(parsed, *scope, doc_scope, filtered, states, exact)
    result.capped = len(found) >= CANDIDATES
    ranked = sorted(found, key=lambda r: (-_score(parsed, r[1], r[2]), -r[0]))
    result.total = len(ranked)
    page = ranked[offset : None if limit is None else offset + limit]
    # Loaded through the scope and the filters again: the rows shown never depend on the
    # search document's copies alone.
    cases = visible.select_related("unit", "category", "owner", "handler").in_bulk(
        [r[0] for r in page]
    )
    ordered = [(cases[r[0]], r) for r in page if r[0] in cases]
    rows = _rows([g for g, _r in ordered])
    for row, (_g, (_id, subject, body)) in zip(rows, ordered, strict=True):
        row["subject_html"] = highlight(subject, parsed.terms)
        row["snippet"] = snippet(body, parsed.terms)
        row["snippet_text"] = snippet_text(body, parsed.terms)
    result.rows = rows
    return result
