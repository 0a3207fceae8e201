"""The comments of a show in the studio's SQLite file: written by the bus thread, read by the CLI.

The schema is the studio's (migration 7, studio/core/show/migrations.py); the gateway process does not
load the engine's database layer, so this is plain sqlite3 on the same file, set up as every studio
connection is (WAL, a busy timeout). One connection per thread: the bus thread owns its own.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from studio.errors import UserInputError
from studio.gateway.comments.model import Comment

BUSY_TIMEOUT_S = 5.0
MAX_SEARCH_RESULTS = 10_000
CLAIM_COLUMNS = ("author", "platform", "sku", "quantity", "time", "state")


@dataclass
class Rules:
    """A show's moderation and claim rules (`studio comments rules`)."""
    blocked_words: list[str] = field(default_factory=list)
    blocked_authors: list[str] = field(default_factory=list)
    claim_words: list[str] = field(default_factory=lambda: ["sold", "claim", "mine"])
    keywords: dict[str, str] = field(default_factory=dict)     # product keyword -> SKU
    hold_s: float = 600.0
    planned_minutes: float = 60.0


def connect(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def show_id(conn: sqlite3.Connection, show: str) -> int:
    row = conn.execute("SELECT id FROM shows WHERE name = ?", [show]).fetchone()
    if row is None:
        raise UserInputError(f"no show named {show!r} (studio show list)")
    return int(row[0])


def load_rules(conn: sqlite3.Connection, show: int) -> Rules:
    row = conn.execute("SELECT * FROM comment_rules WHERE show_id = ?", [show]).fetchone()
    if row is None:
        return Rules()
    return Rules(json.loads(row["blocked_words"]), json.loads(row["blocked_authors"]), json.loads(row["claim_words"]),
                 json.loads(row["keywords"]), float(row["hold_s"]), float(row["planned_minutes"]))


def save_rules(conn: sqlite3.Connection, show: int, rules: Rules) -> None:
    with conn:
        conn.execute("INSERT INTO comment_rules (show_id, blocked_words, blocked_authors, claim_words, keywords, hold_s, "
                     "planned_minutes) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(show_id) DO UPDATE SET "
                     "blocked_words = excluded.blocked_words, blocked_authors = excluded.blocked_authors, "
                     "claim_words = excluded.claim_words, keywords = excluded.keywords, hold_s = excluded.hold_s, "
                     "planned_minutes = excluded.planned_minutes",
                     [show, json.dumps(rules.blocked_words), json.dumps(rules.blocked_authors),
                      json.dumps(rules.claim_words), json.dumps(rules.keywords), rules.hold_s, rules.planned_minutes])


def insert_new(conn: sqlite3.Connection, show: int, comments: Iterable[Comment], blocked: dict[int, str]) -> list[Comment]:
    """Store the comments in one transaction; returns those that were new (their `id` set). A comment
    already stored (same platform and platform id) is skipped: a poll that overlaps is harmless."""
    fresh = []
    with conn:
        for position, comment in enumerate(comments):
            cursor = conn.execute(
                "INSERT OR IGNORE INTO comments (show_id, source, platform, platform_id, author, author_id, badges, "
                "text, posted_at, received_at, question, hidden, blocked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [show, comment.source, comment.platform, comment.platform_id, comment.author, comment.author_id,
                 json.dumps(comment.badges), comment.text, comment.posted_at, comment.received_at,
                 int(comment.question), int(comment.hidden), blocked.get(position)])
            if cursor.rowcount:
                comment.id = cursor.lastrowid
                fresh.append(comment)
    return fresh


def set_flag(conn: sqlite3.Connection, show: int, comment_id: int, flag: str, value: bool) -> bool:
    assert flag in ("hidden", "pinned")
    with conn:
        return conn.execute(f"UPDATE comments SET {flag} = ? WHERE id = ? AND show_id = ?",
                            [int(value), comment_id, show]).rowcount > 0


def _comment(row: sqlite3.Row) -> Comment:
    return Comment(platform=row["platform"], platform_id=row["platform_id"], author=row["author"], text=row["text"],
                   posted_at=row["posted_at"], author_id=row["author_id"], badges=json.loads(row["badges"]),
                   source=row["source"], received_at=row["received_at"], id=row["id"], question=bool(row["question"]),
                   hidden=bool(row["hidden"]), pinned=bool(row["pinned"]))


def get(conn: sqlite3.Connection, show: int, comment_id: int) -> Comment | None:
    row = conn.execute("SELECT * FROM comments WHERE id = ? AND show_id = ?", [comment_id, show]).fetchone()
    return _comment(row) if row is not None else None


def search(conn: sqlite3.Connection, show: int, text: str = "", limit: int = MAX_SEARCH_RESULTS,
           include_hidden: bool = True) -> list[Comment]:
    """The show's comments in time order (oldest first); `text` in the author or the text, any case."""
    where, args = "show_id = ?", [show]
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where += " AND (text LIKE ? ESCAPE '\\' OR author LIKE ? ESCAPE '\\')"
        args += [pattern, pattern]
    if not include_hidden:
        where += " AND hidden = 0 AND blocked IS NULL"
    rows = conn.execute(f"SELECT * FROM (SELECT * FROM comments WHERE {where} ORDER BY posted_at DESC, id DESC "
                        f"LIMIT ?) ORDER BY posted_at, id", [*args, limit]).fetchall()
    return [_comment(row) for row in rows]


def record_claim(conn: sqlite3.Connection, show: int, claim: dict) -> None:
    with conn:
        conn.execute("INSERT INTO claims (show_id, claim_id, comment_id, author, platform, sku, quantity, state, "
                     "claimed_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT(show_id, claim_id, claimed_at) DO UPDATE SET state = excluded.state, "
                     "changed_at = excluded.changed_at WHERE excluded.changed_at >= claims.changed_at",
                     [show, int(claim["claim_id"]), claim.get("comment_id"), claim["author"], claim["platform"],
                      claim["sku"], int(claim["quantity"]), claim["state"], float(claim["claimed_at"]),
                      float(claim["changed_at"])])


def claims_csv(conn: sqlite3.Connection, show: int) -> str:
    """author, platform, SKU, quantity, time (UTC, ISO 8601), state: one row per claim, in claim order."""
    import datetime as dt

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CLAIM_COLUMNS)
    for row in conn.execute("SELECT * FROM claims WHERE show_id = ? ORDER BY claimed_at, claim_id", [show]):
        when = dt.datetime.fromtimestamp(row["claimed_at"], dt.timezone.utc).isoformat(timespec="seconds")
        writer.writerow([_csv_safe(row["author"]), row["platform"], _csv_safe(row["sku"]), row["quantity"], when,
                         row["state"]])
    return out.getvalue()


def _csv_safe(value: str) -> str:
    """A spreadsheet runs a cell that starts with = + - @ as a formula: a commenter's name is no formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
