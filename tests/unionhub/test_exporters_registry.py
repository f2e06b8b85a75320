"""Every downloadable file is a registered exporter of one of the apps, and each app walks its own."""

from django.utils.module_loading import autodiscover_modules

from unionhub.core.exports import EXPORTERS

# Each of these test modules walks every exporter whose identifier starts with the prefix, and
# fails when one has no download case (so a new exporter cannot go untested).
WALKED_BY = {
    "branches.": "tests/branches/test_exports.py",
    "events.": "tests/events/test_exports.py",
    "commendations.": "tests/commendations/test_exports.py",
    "unionhub.": "tests/unionhub/test_dashboard.py",
}


def test_every_exporter_belongs_to_an_app_whose_tests_walk_it():
    autodiscover_modules("exports")
    real = {name for name in EXPORTERS if not name.startswith("tests.")}
    assert real, "no exporter registered"
    orphans = {name for name in real if not name.startswith(tuple(WALKED_BY))}
    assert orphans == set()
    assert {"unionhub.dashboard"} == {name for name in real if name.startswith("unionhub.")}


def test_no_view_builds_a_file_response_itself():
    """Downloads go through export_response (which logs); no view makes or logs a file itself."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    views = [*root.glob("*/views/*.py"), *root.glob("unionhub/**/views.py")]
    assert len(views) > 15
    for path in views:
        text = path.read_text()
        for needle in ("xlsx_response(", "pdf_response(", "log_export("):
            if needle in text:
                offenders.append(f"{path.relative_to(root)}: {needle}")
    assert offenders == []
