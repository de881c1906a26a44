"""Run the benchmarks: `python -m bench [--runs N] [--rounds R]`.

Figures are wall-clock medians on this machine, printed with their ratio to a
one-page WeasyPrint baseline measured in the same run, so that a loaded
machine shows up as a slow baseline rather than as a slow document.
"""

import argparse
import os


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed renders per document (default 15)")
    parser.add_argument("--rounds", type=int, default=3, help="repeat the whole measure; the quietest round is reported (default 3)")
    args = parser.parse_args()

    # Rendering needs templates and static files, not a database or a secret.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilience.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from bench import kit_pdf

    kit_pdf.main(runs=args.runs, rounds=args.rounds)


if __name__ == "__main__":
    main()
