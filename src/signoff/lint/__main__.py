"""`python -m signoff.lint PATH...`."""

from signoff.lint.cli import main

raise SystemExit(main())
