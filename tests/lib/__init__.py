"""Shared pieces of the test suites, one job a module (loaded as plugins by tests/conftest.py):

- paths: where the examples, the test data and the bench live;
- fixtures: the temporary database, the frozen today and the in-process `goal` every test uses;
- writers: WRITERS, every way a command writes to the database, and the sentinel files they use;
- processes: `python -m goalcli` as a real process, and what its refusals look like;
- database: reading a database behind goalcli's back (dumps, rows, integrity);
- files: file modes, the usual umask, and running a child that obeys file modes as root;
- answers: answers files for the CLI suites;
- terminal: `goal` in a real terminal (pexpect);
- postgres: the PostgreSQL test server (GOALCLI_TEST_PG_URL), a database a test, `engine`;
- pg_reuse: a server database a worker keeps, put back as it was between its tests;
- snapshots: `snapshot`, histories many tests start from, built once a session and copied.
"""
