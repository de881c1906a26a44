"""Run the benchmarks: `python -m bench [kit] [pages] [load] [--runs N] [--rounds R]`.

Without a name, all three run. Figures are wall-clock medians on this machine,
each printed beside a baseline measured in the same run (a one-page PDF, a
bare view behind the same middleware), so that a loaded machine shows up as a
slow baseline rather than as a slow page.
"""

import argparse
import os

BENCHMARKS = ("kit", "pages", "load")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"which benchmarks, among {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--runs", type=int, default=15, help="timed renders or requests per document or page (default 15)")
    parser.add_argument("--rounds", type=int, default=3, help="repeat the whole measure; the quietest round is reported (default 3)")
    parser.add_argument("--users", type=int, default=50, help="load: simulated users (default 50)")
    parser.add_argument("--duration", type=int, default=60, help="load: seconds of each phase (default 60)")
    parser.add_argument("--phases", default="baseline,steady,postgresql,redis",
                        help="load: which phases, among baseline, steady, postgresql, redis (default: all four)")
    args = parser.parse_args()
    names = args.names or list(BENCHMARKS)
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark {', '.join(sorted(unknown))}: choose among {', '.join(BENCHMARKS)}")

    if "load" in names:
        # Starts its own PostgreSQL, Redis and gunicorn: no Django in this process.
        from bench import load

        load.main(users=args.users, duration=args.duration, phases=tuple(args.phases.split(",")))
        names = [name for name in names if name != "load"]
    if not names:
        return

    # Rendering needs templates and static files; the pages need a database (a test database is created).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilience.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    if "kit" in names:
        from bench import kit_pdf

        kit_pdf.main(runs=args.runs, rounds=args.rounds)
    if "pages" in names:
        from bench import pages

        pages.main(runs=args.runs)


if __name__ == "__main__":
    main()
