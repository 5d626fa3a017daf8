"""One module per schema revision; each sets PRAGMA user_version to its schema number."""
