"""`python -m signoff`: the same command as the `signoff` script."""

from signoff.cli.app import main

if __name__ == "__main__":
    main()
