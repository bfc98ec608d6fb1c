#!/usr/bin/env python3
"""Derive irflow's compact ATT&CK Enterprise catalogue from MITRE's STIX data.

Input (either form of the same release):
  * a STIX bundle, e.g. enterprise-attack/enterprise-attack-18.1.json of mitre-attack/attack-stix-data, or
  * the enterprise-attack/ directory of mitre/cti (one JSON file per object, attack-pattern/ is read).

Output (stdout): a tab-separated file, one technique or sub-technique per line:
  id <TAB> name <TAB> tactics (comma-separated shortnames, in kill-chain order as given) <TAB> status
where status is `active`, `revoked` or `deprecated`. Only `active` ids can be mapped to an incident; the others are
kept so that a refusal can say why an id is not accepted. Lines starting with '#' are comments; the first comment
line states the ATT&CK version.

Usage: python3 tools/attack/derive.py <bundle.json | enterprise-attack-dir> <attack-version> > \
         src/main/resources/attack/enterprise-attack-<attack-version>.tsv
"""
import glob
import json
import os
import sys


def attack_patterns(source):
    if os.path.isdir(source):
        for path in sorted(glob.glob(os.path.join(source, "attack-pattern", "*.json"))):
            with open(path, encoding="utf-8") as f:
                yield from (o for o in json.load(f)["objects"] if o.get("type") == "attack-pattern")
    else:
        with open(source, encoding="utf-8") as f:
            yield from (o for o in json.load(f)["objects"] if o.get("type") == "attack-pattern")


def attack_id(obj):
    for ref in obj.get("external_references", []):
        if ref.get("source_name") == "mitre-attack" and ref.get("external_id"):
            return ref["external_id"]
    return None


def clean(text):
    return " ".join(text.replace("\t", " ").split())


def main(source, version):
    rank = {"active": 0, "deprecated": 1, "revoked": 2}
    rows = {}
    for obj in attack_patterns(source):
        tid = attack_id(obj)
        if tid is None:
            continue
        status = "revoked" if obj.get("revoked") else "deprecated" if obj.get("x_mitre_deprecated") else "active"
        tactics = [p["phase_name"] for p in obj.get("kill_chain_phases", []) if p.get("kill_chain_name") == "mitre-attack"]
        row = (tid, clean(obj.get("name", "")), ",".join(tactics), status)
        # When an id occurs more than once, an active object wins over a deprecated or revoked one.
        if tid not in rows or rank[status] < rank[rows[tid][3]]:
            rows[tid] = row
    key = lambda t: [int(part) for part in t[1:].split(".")]
    out = sys.stdout
    out.write(f"# ATT&CK Enterprise {version}; derived by tools/attack/derive.py; see SOURCE.md and NOTICE.txt\n")
    out.write("# id\tname\ttactics\tstatus\n")
    for tid in sorted(rows, key=key):
        out.write("\t".join(rows[tid]) + "\n")
    active = sum(1 for r in rows.values() if r[3] == "active")
    print(f"{len(rows)} ids, {active} active", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
