"""`python -m huiwu`: the same as the `huiwu` command."""

from huiwu.cli import main

if __name__ == "__main__":
    main()
