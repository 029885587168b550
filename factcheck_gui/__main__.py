"""``python -m factcheck_gui`` starts the window."""

from factcheck_gui.ui.app import main

raise SystemExit(main())
