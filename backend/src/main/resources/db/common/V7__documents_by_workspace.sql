-- A workspace's documents by workspace only, not by (workspace, last change): every commit moves
-- a document's updated_at, and with it in the index each commit rewrote an index entry as well as
-- the row (on SQLite one more page per transaction; on PostgreSQL an update that cannot stay on
-- its page, HOT, so new entries in every index of the table). A listing sorts its few documents.
DROP INDEX documents_by_workspace;
CREATE INDEX documents_by_workspace ON documents (workspace_id);
