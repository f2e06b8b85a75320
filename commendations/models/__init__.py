"""Commendation rounds under "3 nắm, 3 biết, 3 làm": criteria, nominations, decisions, awards.

Split by noun into the modules below; the file helpers stay here, where the migrations name them.
"""

import secrets

# The migrations name `commendations.models.private_storage`; the storage itself is the core's.
from unionhub.core.storage import PrivateStorage, private_storage  # noqa: F401

DECISION_TYPE = "QĐ"  # the document type code in "Số: 123-QĐ/QĐTB"


def _random_name(folder: str, filename: str) -> str:
    # The stored name tells nothing about the file and cannot be guessed; the original name is kept
    # in the database for display.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"commendations/{folder}/{secrets.token_hex(16)}.{extension[:5]}"


def evidence_path(instance, filename: str) -> str:
    return _random_name("evidence", filename)


def image_path(instance, filename: str) -> str:
    return _random_name("images", filename)


def new_verification_code() -> str:
    return secrets.token_urlsafe(16)


# The models, by noun (imported after the helpers above, which they use).
from commendations.models.criteria import *  # noqa: E402, F403
from commendations.models.decisions import *  # noqa: E402, F403
from commendations.models.nominations import *  # noqa: E402, F403
from commendations.models.rounds import *  # noqa: E402, F403
from commendations.models.verification import *  # noqa: E402, F403
