-- Schema version 4: where a document's text came from, and how sure OCR was of it.

ALTER TABLE documents ADD COLUMN text_source TEXT;       -- layer (the file's own text) | ocr
ALTER TABLE documents ADD COLUMN ocr_confidence REAL;    -- mean word confidence 0..1 when text_source is ocr
CREATE INDEX documents_hash ON documents (content_hash);  -- unchanged documents are not read again
