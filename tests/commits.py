"""Counting the commits a block makes: a request should make one, in its unit of work."""
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session


@contextmanager
def count_commits():
    """The commits made inside the block: ``with count_commits() as commits: ...``."""
    commits = []

    def on_commit(session):
        if not session.in_nested_transaction():  # a savepoint released is not a commit
            commits.append(session)

    event.listen(Session, "after_commit", on_commit)
    try:
        yield commits
    finally:
        event.remove(Session, "after_commit", on_commit)
