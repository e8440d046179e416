#!/usr/bin/python3
"""Drain3 baseline for bench/logs-throughput.ts --cli: mines every raw line of FILE with Drain3's default
settings and its README's generic masks, and writes line,cluster_id,template to OUT.csv, like
`hindsight logs parse FILE --out OUT.csv`. Timed by the caller as a whole process.

Run: python3 bench/drain3-parse.py FILE OUT.csv   (needs `pip install drain3`)
"""
import csv
import sys

from drain3 import TemplateMiner
from drain3.masking import MaskingInstruction
from drain3.template_miner_config import TemplateMinerConfig

# The generic masks of Drain3's README / drain3.ini example.
MASKS = [
    (r"((?<=[^A-Za-z0-9])|^)(([0-9a-f]{2,}:){3,}([0-9a-f]{2,}))((?=[^A-Za-z0-9])|$)", "ID"),
    (r"((?<=[^A-Za-z0-9])|^)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})((?=[^A-Za-z0-9])|$)", "IP"),
    (r"((?<=[^A-Za-z0-9])|^)([0-9a-f]{6,} ?){3,}((?=[^A-Za-z0-9])|$)", "SEQ"),
    (r"((?<=[^A-Za-z0-9])|^)([0-9A-F]{4} ?){4,}((?=[^A-Za-z0-9])|$)", "SEQ"),
    (r"((?<=[^A-Za-z0-9])|^)(0x[a-f0-9A-F]+)((?=[^A-Za-z0-9])|$)", "HEX"),
    (r"((?<=[^A-Za-z0-9])|^)([\-\+]?\d+)((?=[^A-Za-z0-9])|$)", "NUM"),
]


def main() -> None:
    src, out = sys.argv[1], sys.argv[2]
    config = TemplateMinerConfig()
    config.masking_instructions = [MaskingInstruction(p, m) for p, m in MASKS]
    config.profiling_enabled = False
    miner = TemplateMiner(config=config)
    ids = []
    with open(src, encoding="utf-8", errors="replace") as f:
        for line in f:
            ids.append(miner.add_log_message(line.rstrip("\n"))["cluster_id"])
    templates = {c.cluster_id: c.get_template() for c in miner.drain.clusters}
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["line", "cluster_id", "template"])
        for k, cid in enumerate(ids, 1):
            w.writerow([k, cid, templates[cid]])


if __name__ == "__main__":
    main()
