"""`python -m coordinator` runs the same command as `coordinator`."""

from coordinator.cli import main

raise SystemExit(main())
