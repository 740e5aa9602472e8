"""The readable summary (stdout) and the JSON report (--report PATH)."""

import json


def _short(x, limit=700):
    text = json.dumps(x, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + " ...(%d chars)" % len(text)


def print_summary(result, out, examples_limit=1500):
    print("", file=out)
    print("difftest: seeds %s, %d operations each, invalid rate %.2f" % (
        ", ".join(str(s) for s in result["seeds"]), result["ops_per_seed"],
        result["invalid_rate"]), file=out)
    print("wall time %.1f s (servers up in %.1f s)" % (result["wall_seconds"],
                                                       result["startup_seconds"]), file=out)
    print("", file=out)
    print("%-20s %7s %8s %8s %8s %6s %8s %9s" % ("operation", "ops", "invalid", "both ok",
                                                 "both err", "mixed", "differ", "requests"),
          file=out)
    for op, s in sorted(result["operations"].items()):
        print("%-20s %7d %8d %8d %8d %6d %8d %9d" % (
            op, s["ops"], s["invalid_generated"], s["both_ok"], s["both_error"], s["mixed"],
            s["differing"], s["requests"]), file=out)
    print("", file=out)
    buckets = result["buckets"]
    new = [b for b in buckets if not b["known"]]
    known = [b for b in buckets if b["known"]]
    print("%d difference buckets: %d new, %d known (allowlisted); %d resyncs" % (
        len(buckets), len(new), len(known), result["resyncs"]), file=out)
    for b in new:
        ex = b["example"]
        print("", file=out)
        print("[NEW] %dx %s / %s" % (b["count"], b["operation"], b["kind"]), file=out)
        if b["detail"]:
            print("    detail:  %s" % b["detail"], file=out)
        print("    example: seed %s, operation #%s (generator tag %s%s)" % (
            ex["seed"], ex["op_index"], ex["tag"],
            "" if ex["page"] in (None, 0) else ", page %s" % ex["page"]), file=out)
        print("    request: %s" % _short(ex["request"], examples_limit), file=out)
        print("    ddbemu:  %s" % _short(ex["ddbemu"], examples_limit), file=out)
        print("    local:   %s" % _short(ex["local"], examples_limit), file=out)
    if known:
        print("", file=out)
        print("known (allowlisted) buckets:", file=out)
        for b in known:
            print("  %5dx %-18s %-19s %s: %s" % (b["count"], b["operation"], b["kind"], b["known"],
                                                 b["detail"][:150]), file=out)
    if result["unused_allowlist_entries"]:
        print("", file=out)
        print("allowlist entries that matched nothing this run: %s" % ", ".join(
            result["unused_allowlist_entries"]), file=out)
    if result.get("aborted"):
        print("", file=out)
        print("ABORTED: %s" % result["aborted"], file=out)
    print("", file=out)
    print("result: %s" % ("PASS (every difference is known)" if result["passed"]
                          else "FAIL (%d new difference buckets)" % len(new)
                          if not result.get("aborted") else "FAIL (aborted)"), file=out)


def write_json(result, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
