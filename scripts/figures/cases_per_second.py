"""One Markdown row: the property cases recorded in a family's JSON reports
(build/figures/reports-<family>/*.json, written by the property executables)
divided by the wall time of that run. Usage: cases_per_second.py FAMILY DIR SECONDS"""
import json
import pathlib
import sys

family, directory, seconds = sys.argv[1], pathlib.Path(sys.argv[2]), float(sys.argv[3])
cases = 0
for path in sorted(directory.glob("*.json")):
    cases += sum(int(r.get("cases", 0)) for r in json.loads(path.read_text())["results"])
rate = cases / seconds if seconds > 0 else float("nan")
print(f"| {family} | {cases} | {seconds:.2f} | {rate:,.0f} |")
