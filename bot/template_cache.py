"""The answer templates' compiled code, kept between runs so a start does not compile them again:
jinja2's bytecode cache in a private temporary folder (checked against each template's source and
the Python version), never in the way of an answer: a folder that cannot be used means compiling
as before."""

from __future__ import annotations

import logging

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket

log = logging.getLogger(__name__)


class _KeptCode(FileSystemBytecodeCache):
    """jinja2's file cache, with a failure to read or write a file only logged."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError as exc:
            log.debug("template code not read (%s)", exc)

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            log.debug("template code not kept (%s)", exc)


def template_cache() -> BytecodeCache | None:
    """The cache for the templates' Environment; None when no private folder can be had."""
    try:
        return _KeptCode()
    except (OSError, RuntimeError) as exc:
        log.info("compiled templates are not kept between runs (%s)", exc)
        return None
