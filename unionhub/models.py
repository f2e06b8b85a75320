"""The project's own model lives in the core; it is registered here, under the `unionhub` app."""

from unionhub.core.exportlog import ExportLog

__all__ = ["ExportLog"]
