"""Participation figures at scale: the dashboard's figures and each report (``definitions``)
against a hand-written SQL ``GROUP BY`` of the same counts, and the memory and first byte of the
CSV and XLSX exports.

At ``--scale 1`` (the default): 10,000 employees in 20 departments, 1,000 pages, 1,000,000
reading records and 100,000 participation records (reactions, helpfulness answers, comments),
bulk-loaded (``bench/_kpi_load.py``). By default the script runs itself twice, once on SQLite
(the bench settings) and once on PostgreSQL (embedded, as the test suite's ``tests/postgres.py``
starts it), each in a process of its own, and prints (``--write``: writes) one table.

Targets: each figure within 2× of its raw ``GROUP BY``; the dashboard's figures in under a
second; exports of 10⁵ and 10⁶ rows grow memory by at most 50 MB, the CSV's first byte in under
a second.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common
from bench._kpi_queries import raw_queries

EXPORT_ROWS = (100_000, 1_000_000)


def setup(database: str) -> Path:
    if database == "postgres":
        os.environ["WAGTAIL_SOCIAL_BENCH_POSTGRES"] = "1"
    tmp = _common.setup_django()
    from django.test.utils import override_settings

    from bench._kpi_load import DEPARTMENT_PREFIX

    override_settings(WAGTAIL_SOCIAL_KPI_DEPARTMENT_GROUP_PREFIX=DEPARTMENT_PREFIX).enable()
    return tmp


def figure_cases(runs: int) -> list[tuple[str, float, float]]:
    """(case, definitions ms, raw SQL ms), medians of ``runs`` interleaved runs."""
    from wagtail_social_kpi import definitions, population, tables
    from wagtail_social_kpi.definitions import WEEK

    four = tables.last_full_weeks(4)
    half_year = tables.last_full_weeks(26)
    viewer = tables.ADMINISTRATOR

    def dashboard():
        figures = definitions.population_figures(four)
        figures.headline  # noqa: B018 (the four queries)
        return figures.by_department(population.departments())

    cases = [
        ("dashboard: population_figures, headline + departments (4 weeks)", dashboard),
        ("by_period, week (4 weeks)", lambda: definitions.by_period(four, WEEK)),
        ("by_period, week (26 weeks)", lambda: definitions.by_period(half_year, WEEK)),
        ("page_figures, every page (4 weeks)", lambda: definitions.page_figures(four, viewer)),
        (
            "section_figures, every section (4 weeks)",
            lambda: definitions.section_figures(four, viewer, tables.sections()),
        ),
    ]
    raw = raw_queries({"four": four, "half_year": half_year})
    results = []
    for (name, call), raw_call in zip(cases, raw, strict=True):
        ours, theirs = _common.interleaved_medians([call, raw_call], iterations=runs, warmups=1)
        print(f"  {name}: {ours:.0f} ms vs raw {theirs:.0f} ms ({ours / theirs:.1f}×)", file=sys.stderr)
        results.append((name, ours, theirs))
    return results


class Sink:
    """A file that keeps only the number of bytes written."""

    def __init__(self):
        self.size = 0

    def write(self, data) -> int:
        self.size += len(data)
        return len(data)

    def tell(self) -> int:
        return self.size

    def seek(self, *args) -> int:  # openpyxl may ask; nothing to seek in a sink
        return self.size

    def flush(self) -> None:
        pass


def synthetic_table(rows: int):
    """The by-day report's columns with ``rows`` made-up rows, made one at a time: a report by
    day cannot reach 10⁵ or 10⁶ rows (that would be 270 to 2,700 years of days)."""
    from wagtail_social_kpi.definitions import DateRange
    from wagtail_social_kpi.tables import Table

    start = datetime.date(2000, 1, 1)
    keys = [
        ("start", "From"),
        ("end", "To"),
        ("population", "Population"),
        ("readers", "Readers"),
        ("readers_percent", "Readers (%)"),
        ("engaged", "Engaged"),
        ("engaged_percent", "Engaged (%)"),
        ("active_contributors", "Active contributors"),
        ("active_contributors_percent", "Active contributors (%)"),
        ("views", "Views"),
    ]

    def row(n: int) -> dict:
        day = start + datetime.timedelta(days=n % 3_000_000)
        return {
            "start": day,
            "end": day,
            "population": 10_000,
            "readers": 4_000 + n % 1000,
            "readers_percent": 40.0 + (n % 100) / 10,
            "engaged": 900 + n % 100,
            "engaged_percent": 9.0,
            "active_contributors": 120 + n % 10,
            "active_contributors_percent": 1.2,
            "views": 50_000 + n % 5000,
        }

    return Table("day", DateRange(start, start), keys, range(rows), row)


def export_case(export_format: str, rows: int) -> tuple[float, float, float]:
    """(growth of the peak resident memory in MB, seconds, seconds to the first data row) of one
    export, in this process: call it in a fresh child (:func:`export_in_child`), where nothing
    else has raised the peak before."""
    from wagtail_social_kpi.exports import FileExport

    table = synthetic_table(rows)
    export = FileExport(table, delimiter=";")
    baseline = reset_peak_rss()
    started = time.perf_counter()
    first = None
    if export_format == "csv":
        sink = Sink()
        for count, chunk in enumerate(export.stream_csv(table.rows())):
            sink.write(chunk)
            if count == 1:
                first = time.perf_counter() - started
    else:
        import tempfile

        with tempfile.TemporaryFile() as output:
            export.write("xlsx", output, table.rows())
    spent = time.perf_counter() - started
    return peak_rss_mb() - baseline, spent, first if first is not None else spent


def peak_rss_mb() -> float:
    """The process's peak resident memory (``VmHWM``) since :func:`reset_peak_rss`, in MB."""
    return _status_kb("VmHWM") / 1024


def reset_peak_rss() -> float:
    """Start measuring the peak from now (Linux: writing 5 to ``clear_refs`` resets ``VmHWM``,
    so the peak of setting Django up does not hide the export's); the resident memory now, MB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmRSS") / 1024


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def export_in_child(export_format: str, rows: int) -> tuple[float, float, float]:
    """:func:`export_case` in a process of its own (Django set up on an empty database; the
    rows need none), so that its peak memory is the export's alone."""
    out = Path(f"/tmp/wagtail-social-kpi-export-{os.getpid()}.json")
    command = [sys.executable, __file__, "--export-child", f"{export_format}:{rows}", "--json", str(out)]
    subprocess.run(command, check=True)
    try:
        return tuple(json.loads(out.read_text()))
    finally:
        out.unlink()


def dashboard_page_ms(runs: int) -> float:
    """The whole dashboard page (headline, trend by week, departments, pyramid; 4 weeks), as a
    comms user asks for it: median ms of ``runs`` GETs."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    user = get_user_model().objects.create_superuser("bench-comms", "comms@example.com", "x")
    client = _common.logged_in_client(user)
    url = reverse("wagtail_social_kpi_admin:dashboard")

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return _common.median_ms(get, iterations=runs, warmups=1)


def real_first_byte() -> float:
    """Seconds from asking for the per-page CSV (every page, 4 weeks; figures computed and
    protected) to its first data row."""
    from wagtail_social_kpi import tables
    from wagtail_social_kpi.exports import FileExport

    started = time.perf_counter()
    table = tables.page_table(tables.last_full_weeks(4), tables.ADMINISTRATOR)
    stream = FileExport(table, delimiter=";").stream_csv(table.rows())
    next(stream)
    next(stream, None)
    return time.perf_counter() - started


def run_one(database: str, scale: float, runs: int) -> dict:
    tmp = setup(database)
    try:
        from bench._kpi_load import load

        print(f"== {database}, scale {scale}", file=sys.stderr)
        loaded = load(scale)
        result = {"database": database, "scale": scale, "loaded": loaded}
        result["figures"] = figure_cases(runs)
        result["dashboard_page_ms"] = dashboard_page_ms(runs)
        print(f"  dashboard page: {result['dashboard_page_ms']:.0f} ms", file=sys.stderr)
        result["first_byte_s"] = real_first_byte()
        return result
    finally:
        _common.cleanup(tmp)


def fmt_ratio(ours: float, theirs: float) -> str:
    ratio = ours / theirs if theirs else float("inf")
    return f"{ratio:.1f}×" + ("" if ratio <= 2 else " ⚠")


def measure_exports(export_rows: list[int]) -> list[tuple]:
    exports = []
    for rows in export_rows:
        for export_format in ("csv", "xlsx"):
            growth, spent, first = export_in_child(export_format, rows)
            print(f"  {export_format} {rows} rows: +{growth:.1f} MB, {spent:.1f} s", file=sys.stderr)
            exports.append((export_format, rows, growth, spent, first))
    return exports


def document(results: list[dict], exports: list[tuple]) -> str:
    first = results[0]
    loaded = first["loaded"]
    lines = [
        "## Participation figures (`bench/kpi.py`)",
        "",
        f"Measured on {datetime.date.today().isoformat()} at commit `{_common.git_commit()}`, on a "
        f"{_common.machine()}, at `--scale {first['scale']}`: {loaded['employees']:,} employees in 20 "
        f"department groups, {loaded['pages']:,} pages, {loaded['views']:,} reading records and "
        + ", ".join(f"{count:,} {kind}" for kind, count in loaded["participation"].items())
        + " (no poll votes), bulk-loaded in SQL over 26 weeks.",
        "",
        "Each case is the median of interleaved runs of the `definitions` function (what the dashboard, "
        "the reports and the exports call) against a hand-written SQL `GROUP BY` of the same counts "
        "(readers, engaged, contributors; `bench/_kpi_queries.py`). Target: at most 2×, the dashboard "
        "under a second.",
        "",
        "| Case | " + " | ".join(f"{r['database']} (ms) | raw (ms) | ratio" for r in results) + " |",
        "|---|" + "---:|---:|---:|" * len(results),
    ]
    for index, (name, *_rest) in enumerate(first["figures"]):
        cells = []
        for result in results:
            _name, ours, theirs = result["figures"][index]
            cells.append(f"{ours:.0f} | {theirs:.0f} | {fmt_ratio(ours, theirs)}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "The whole dashboard page (a comms user's GET: headline, trend by week, departments, pyramid, "
        "4 weeks; median): "
        + ", ".join(f"{r['database']} {r['dashboard_page_ms']:.0f} ms" for r in results)
        + ".",
        "",
        "Exports: growth of the peak resident memory (`VmHWM`, reset just before) over the resident memory "
        "before the export, in a process of its own, while the rows are written "
        "(CSV to a sink, XLSX through openpyxl's write-only workbook to a temporary file), rows made one "
        "at a time from a synthetic by-day table (a real report cannot reach 10⁵ rows: a day report "
        "would span centuries, and there are 1,000 pages); the database plays no part, so once. Target: "
        "growth at most 50 MB, the CSV's first byte under a second.",
        "",
        "| Format | Rows | Memory growth (MB) | Time (s) | First row (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for export_format, rows, growth, spent, first_row in exports:
        lines.append(
            f"| {export_format.upper()} | {rows:,} | {growth:.1f} | {spent:.1f} | "
            + (f"{first_row:.3f}" if export_format == "csv" else "–")
            + " |"
        )
    lines += [
        "",
        "First byte of a real CSV (every page, 4 weeks: figures computed, protected, first row written): "
        + ", ".join(f"{r['database']} {r['first_byte_s']:.2f} s" for r in results)
        + ".",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1: 10,000 employees, 10⁶ reading records")
    parser.add_argument("--database", choices=("both", "sqlite", "postgres"), default="both")
    parser.add_argument("--runs", type=int, default=5, help="runs per case (median)")
    parser.add_argument(
        "--export-rows",
        default=",".join(map(str, EXPORT_ROWS)),
        help="comma-separated row counts of the exports",
    )
    parser.add_argument("--json", help=argparse.SUPPRESS)  # a child run's results
    parser.add_argument("--export-child", help=argparse.SUPPRESS)  # FORMAT:ROWS, in a child
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    if args.export_child:
        export_format, rows = args.export_child.split(":")
        tmp = setup("sqlite")
        try:
            Path(args.json).write_text(json.dumps(export_case(export_format, int(rows))))
        finally:
            _common.cleanup(tmp)
        return
    export_rows = [int(rows) for rows in args.export_rows.split(",") if rows]
    if args.database != "both" and args.json:
        Path(args.json).write_text(json.dumps(run_one(args.database, args.scale, args.runs)))
        return
    results = []
    for database in ("sqlite", "postgres") if args.database == "both" else (args.database,):
        out = Path(f"/tmp/wagtail-social-kpi-bench-{os.getpid()}-{database}.json")
        command = [sys.executable, __file__, "--database", database, "--scale", str(args.scale)]
        command += ["--runs", str(args.runs), "--json", str(out)]
        subprocess.run(command, check=True)
        results.append(json.loads(out.read_text()))
        out.unlink()
    print("== exports", file=sys.stderr)
    exports = measure_exports(export_rows)
    body = document(results, exports)
    print(body)
    if args.write:
        _common.write_doc_section("kpi", body)


if __name__ == "__main__":
    main()
