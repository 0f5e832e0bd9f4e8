"""The import contract "the core never imports the contributions app" (``setup.cfg``) lists the
core's modules one by one: a contract on the whole ``wagtail_social`` package would count the
app's imports as internal to it and see nothing. This test keeps the list complete."""

import configparser
import os
from pathlib import Path

import wagtail_social

# The suite may run against the installed wheel (tox): setup.cfg is then in the source tree only.
SOURCE_DIR = Path(os.environ.get("WAGTAIL_SOCIAL_SOURCE_DIR") or Path(__file__).resolve().parents[1])
SETUP_CFG = SOURCE_DIR / "setup.cfg"
NOT_CODE = {
    "contributions",
    "search",
    "locale",
    "static",
    "templates",
    "migrations",
    "__pycache__",
    "__init__.py",
}


def test_every_core_module_is_in_the_contract():
    config = configparser.ConfigParser()
    assert config.read(SETUP_CFG), f"{SETUP_CFG} not found"
    contract = config["importlinter:contract:core-imports-no-contributions"]
    listed = set(contract["source_modules"].split())
    package = Path(wagtail_social.__file__).parent
    modules = {
        f"wagtail_social.{path.stem}"
        for path in package.iterdir()
        if path.name not in NOT_CODE and (path.suffix == ".py" or (path / "__init__.py").exists())
    }
    assert modules - listed == set()
    assert contract["forbidden_modules"].split() == ["wagtail_social.contributions", "wagtail_social.search"]
