"""The project's own models live in the core; they are registered here, under the `unionhub` app."""

from unionhub.core.exportlog import ExportLog
from unionhub.core.jobs import Job

__all__ = ["ExportLog", "Job"]
