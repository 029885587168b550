"""factcheck-gui: take a news article apart claim by claim, locally."""

__version__ = "0.1.0"
APP_NAME = "factcheck-gui"
