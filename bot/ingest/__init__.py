"""Ingest of official DfE and Ofsted files into the records store.

`ingest_paths(engine, paths)` recognises each file by its header, loads it in one transaction
and returns an `IngestReport`; a broken file raises `IngestError` and changes nothing.
"""

from bot.ingest.errors import IngestError
from bot.ingest.pipeline import ingest_paths
from bot.ingest.report import FileResult, IngestReport

__all__ = ["FileResult", "IngestError", "IngestReport", "ingest_paths"]
