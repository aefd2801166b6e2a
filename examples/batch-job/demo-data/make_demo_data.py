#!/usr/bin/env python3
"""Writes the batch job's demo data from the breast-cancer CSV (stdlib only, deterministic).

Run from the repository root:  python3 examples/batch-job/demo-data/make_demo_data.py

- training.csv  398 labelled rows: what the demo champion is trained on (its reference).
- incoming.csv  171 other rows, as production sends them: a case id, the 30 features, no label.
                They drifted: tumours measure larger (mean_radius x1.25, worst_area x1.3), texture
                readings moved (mean_texture +4), and every fourth row lost its smoothness_error reading.
- labelled.csv  the same 171 cases with their confirmed diagnosis and every reading (labels arrive
                after scoring): the retraining job's fresh data and the promotion gate's holdout.
"""
import csv
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "examples/quickstart/src/main/resources/breast_cancer.csv"
OUT = ROOT / "examples/batch-job/src/main/resources/demo"


def fmt(v):
    return repr(round(v, 6)).rstrip("0").rstrip(".") if "." in repr(round(v, 6)) else repr(round(v, 6))


def main():
    with SOURCE.open(newline="") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    order = list(range(len(data)))
    random.Random(20261123).shuffle(order)
    training = [data[i] for i in order[:398]]
    production = [data[i] for i in order[398:]]
    features = header[:-1]
    col = {name: i for i, name in enumerate(header)}

    def shifted(row):
        out = list(row)
        out[col["mean_radius"]] = fmt(float(row[col["mean_radius"]]) * 1.25)
        out[col["mean_texture"]] = fmt(float(row[col["mean_texture"]]) + 4)
        out[col["worst_area"]] = fmt(float(row[col["worst_area"]]) * 1.3)
        return out

    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "training.csv").open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(training)
    with (OUT / "incoming.csv").open("w", newline="") as f, (OUT / "labelled.csv").open("w", newline="") as g:
        wi = csv.writer(f, lineterminator="\n")
        wl = csv.writer(g, lineterminator="\n")
        wi.writerow(["case_id"] + features)
        wl.writerow(["case_id"] + header)
        for n, row in enumerate(production):
            case = "case-%04d" % (n + 1)
            s = shifted(row)
            wl.writerow([case] + s)
            incoming = s[:-1]
            if n % 4 == 0:
                incoming[col["smoothness_error"]] = ""
            wi.writerow([case] + incoming)


if __name__ == "__main__":
    main()
