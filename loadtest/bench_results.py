#!/usr/bin/env python3
"""Turns the raw measurements of run-bench into results/latest.json,
latest.md and the data for latency.svg.

usage: bench_results.py RAW_DIR OUT_DIR QUICK RATE COLD_RATE COMPUTE_RATE HOSTCALL_RATE
"""
import datetime
import glob
import json
import os
import platform
import sys

TARGETS = {  # name: (what, comparison, limit)
    "warm_vs_process": ("warm p50 at least 5x lower than process", ">=", 5.0),
    "warm_vs_cold": ("warm p50 at least 3x lower than cold", ">=", 3.0),
    "warm_max_rps": ("warm maximum throughput at least 2,000 req/s", ">=", 2000.0),
    "http_overhead_p50_us": ("HTTP overhead (p50 minus time in sandbox) at most 50 us", "<=", 50.0),
    "compute_vs_process": ("sha256 of 16 KiB: warm p50 at least 3x lower than process", ">=", 3.0),
    "floor_p50_us": ("echo call + restore p50 at most 45 us (in process)", "<=", 45.0),
    "sha256_sandbox_vs_native": ("sha256 of 64 KiB: time in the sandbox at most 1.3x native",
                                 "<=", 1.3),
    "wordcount_1k_in_guest_us": ("wordcount of 1 KiB at most 150 us in the sandbox", "<=", 150.0),
    "kv_10_reads_p50_us": ("10 sequential kv_get per request: warm p50 over HTTP at most 900 us",
                           "<=", 900.0),
}
PERCENTILES = [("p50", "p50_us"), ("p90", "p90_us"), ("p99", "p99_us"),
               ("p99.9", "p999_us"), ("max", "max_us")]


def load(raw, name):
    with open(os.path.join(raw, name)) as f:
        return json.load(f)


def latency(run):
    keep = ["p50_us", "p90_us", "p99_us", "p999_us", "max_us", "mean_us", "rps",
            "ok", "errors", "connections", "target_rps", "sandbox_mean_us", "sandbox_p50_us",
            "cold_starts"]
    return {k: run[k] for k in keep}


def server_timing(run):
    """emberd's own account of the warm calls (Server-Timing), p50 by stage."""
    stages = ["http", "queue", "call", "sandbox", "total"]
    return {s: run.get(f"server_{s}_p50_us") for s in stages}


def gather(raw, rate, cold_rate):
    closed = {int(os.path.basename(p)[len("warm_closed_"):-5]): load(raw, os.path.basename(p))
              for p in glob.glob(os.path.join(raw, "warm_closed_*.json"))}
    best = max(closed, key=lambda c: closed[c]["rps"])
    warm = latency(load(raw, "warm_open.json"))
    warm.update(max_rps=closed[best]["rps"], max_rps_connections=best,
                closed_loop={str(c): latency(r) for c, r in sorted(closed.items())})
    cold = latency(load(raw, "cold_open.json"))
    cold["cold_start_fraction"] = cold["cold_starts"] / max(1, cold["ok"])
    cold["method"] = (f"emberd over HTTP, echo deployed with pool_min=0,pool_max=1 and the daemon's "
                      f"pool_idle_ms=1, called at {cold_rate} req/s: every sandbox is destroyed "
                      f"1 ms after its call, so each call makes a new VM from the snapshot "
                      f"(X-Ember-Cold-Start counted)")
    sandbox = load(raw, "sandbox.json")
    exec_run = load(raw, "exec.json")["results"][0]
    cold["exec_p50_us"] = exec_run["median"] * 1e6
    cold["exec_method"] = "hyperfine of 'ember exec echo.elf --input hi': a whole process, ELF load, init, snapshot, call"
    cold["sandbox_cold_boot_p50_us"] = sandbox["cold_boot_p50_us"]
    cold["sandbox_from_snapshot_p50_us"] = sandbox["from_snapshot_p50_us"]
    floor = {"p50_us": sandbox["call_restore_p50_us"], "p99_us": sandbox["call_restore_p99_us"],
             "in_guest_p50_us": sandbox["in_guest_p50_us"], "restore_p50_us": sandbox["restore_p50_us"],
             "exits_per_call": sandbox["exits_per_call_p50"]}
    compute = {"warm": latency(load(raw, "compute_warm.json")),
               "process": latency(load(raw, "compute_process.json")),
               "sandbox": {k[len("sha256_64k_"):]: v for k, v in sandbox.items()
                           if k.startswith("sha256_64k_")},
               "wordcount_1k": {k[len("wordcount_1k_"):]: v for k, v in sandbox.items()
                                if k.startswith("wordcount_1k_")}}
    return {"warm": warm, "cold": cold, "process": latency(load(raw, "process_open.json")),
            "floor": floor, "http_floor": latency(load(raw, "http_floor.json")),
            "compute": compute,
            "server_timing": server_timing(load(raw, "warm_open.json")), "rate": rate,
            "records": records(raw), "host_calls": host_calls(raw)}


def host_calls(raw):
    """N sequential kv_get calls per request: over HTTP (open loop) and in
    process (ember-hostcall-bench)."""
    http = {n: latency(load(raw, f"hostcalls_{n}.json")) for n in (1, 10, 100)}
    return {"http": {str(n): {"p50_us": run["p50_us"], "p99_us": run["p99_us"],
                              "sandbox_p50_us": run["sandbox_p50_us"]} for n, run in http.items()},
            "http_per_host_call_us": (http[100]["p50_us"] - http[1]["p50_us"]) / 99,
            "in_process": load(raw, "hostcall.json")}


def records(raw):
    """What keeping a record of every call costs: two daemons alike but for
    invocation_records.record (all, the default; none), and
    ember-record-bench's medians in process."""
    ways = {}
    for way in ("all", "none"):
        open_run = latency(load(raw, f"records_{way}_open.json"))
        closed_run = latency(load(raw, f"records_{way}_closed.json"))
        ways[way] = {"p50_us": open_run["p50_us"], "p99_us": open_run["p99_us"],
                     "closed_4_rps": closed_run["rps"]}
    micro = {}
    for b in load(raw, "record_bench.json")["benchmarks"]:
        if b.get("aggregate_name") == "median":
            micro[b["run_name"]] = b["real_time"]  # ns
    return dict(ways,
                p50_ratio=ways["all"]["p50_us"] / ways["none"]["p50_us"],
                closed_4_rps_ratio=ways["all"]["closed_4_rps"] / ways["none"]["closed_4_rps"],
                per_call_ns={"id_trace_reply": micro.get("every_call/real_time"),
                             "record": micro.get("recording/0/real_time"),
                             "record_8_log_lines": micro.get("recording/8/real_time"),
                             "record_2_threads": micro.get("recording/0/real_time/threads:2")})


def derive(r):
    warm = r["warm"]
    r["http_overhead_p50_us"] = warm["p50_us"] - warm["sandbox_p50_us"]
    r["http_overhead_mean_us"] = warm["mean_us"] - warm["sandbox_mean_us"]
    compute = r["compute"]
    r["ratios"] = {"warm_vs_process": r["process"]["p50_us"] / warm["p50_us"],
                   "warm_vs_cold": r["cold"]["p50_us"] / warm["p50_us"],
                   "warm_vs_cold_exec": r["cold"]["exec_p50_us"] / warm["p50_us"],
                   "compute_vs_process": compute["process"]["p50_us"] / compute["warm"]["p50_us"],
                   "sha256_sandbox_vs_native": compute["sandbox"]["sandbox_vs_native_ratio"]}
    figures = dict(r["ratios"], warm_max_rps=warm["max_rps"],
                   http_overhead_p50_us=r["http_overhead_p50_us"],
                   floor_p50_us=r["floor"]["p50_us"],
                   wordcount_1k_in_guest_us=compute["wordcount_1k"]["in_guest_p50_us"],
                   kv_10_reads_p50_us=r["host_calls"]["http"]["10"]["p50_us"])
    r["targets"] = {}
    for name, (what, op, limit) in TARGETS.items():
        value = figures[name]
        met = value >= limit if op == ">=" else value <= limit
        r["targets"][name] = {"what": what, "value": round(value, 2), "limit": limit, "met": met}


def ns(value):
    return "n/a" if value is None else f"{value / 1000:.2f} µs"


def markdown(r):
    w, c, p, h, f = r["warm"], r["cold"], r["process"], r["http_floor"], r["floor"]
    st = r["server_timing"]
    rec = r["records"]
    rows = [("warm (emberd, warm pool)", w, f"open loop {r['rate']} req/s"),
            ("cold (emberd, new VM per call)", c, f"open loop, {c['target_rps']:.0f} req/s"),
            ("process (fork/exec per request)", p, f"open loop {r['rate']} req/s"),
            ("HTTP alone (GET, no work)", h, f"open loop {r['rate']} req/s")]
    lines = [f"# Ember load test — {r['date']}{' (quick)' if r['quick'] else ''}", "",
             "Echo of 5 bytes, end-to-end over HTTP/1.1 keep-alive on 127.0.0.1, latency "
             "from each request's intended send time (open loop). Microseconds.", "",
             "| measurement | how | p50 | p90 | p99 | p99.9 | max | req/s |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for name, run, how in rows:
        lines.append(f"| {name} | {how} | " + " | ".join(f"{run[k]:.0f}" for _, k in PERCENTILES)
                     + f" | {run['rps']:.0f} |")
    lines.append(f"| floor (call + restore, no HTTP) | ember-sandbox-bench | {f['p50_us']:.0f} | | "
                 f"{f['p99_us']:.0f} | | | |")
    lines += ["", f"Warm maximum throughput (closed loop): **{w['max_rps']:.0f} req/s** with "
              f"{w['max_rps_connections']} connections"
              + "".join(f"; {n} conn: {x['rps']:.0f} req/s (p50 {x['p50_us']:.0f})"
                        for n, x in w["closed_loop"].items()) + ".", "",
              f"Cold method: {c['method']}; {c['cold_starts']:.0f} of {c['ok']:.0f} calls were cold "
              f"starts. Also: `ember exec` as a whole process {c['exec_p50_us']:.0f} µs (hyperfine "
              f"median); in process, a cold boot (ELF, init, snapshot) {c['sandbox_cold_boot_p50_us']:.0f} µs "
              f"and a sandbox from the snapshot {c['sandbox_from_snapshot_p50_us']:.0f} µs.", "",
              "## Where the warm time goes (p50)", "",
              "Medians of each part at 500 req/s; medians need not add up. emberd's parts "
              "come from its Server-Timing header.", "",
              "| part | µs |", "|---|---:|",
              f"| end to end (ember-load) | {w['p50_us']:.0f} |",
              f"| HTTP overhead = end to end − time inside the sandbox | {r['http_overhead_p50_us']:.0f} |",
              f"| in emberd, from the request's first byte to its reply ready (total) | {st['total']:.0f} |",
              f"| · reading, parsing and routing the request on the I/O thread (http) | {st['http']:.0f} |",
              f"| · taking a sandbox and handing the call to an executor thread (queue) | {st['queue']:.0f} |",
              f"| · the call on the executor thread (call) | {st['call']:.0f} |",
              f"| · · of which inside the guest (sandbox) | {st['sandbox']:.0f} |",
              f"| outside emberd: client, loopback TCP, wake-ups, the reply's write "
              f"(end to end − total) | {w['p50_us'] - st['total']:.0f} |",
              f"| for comparison: a whole loopback HTTP round trip without work (HTTP alone) | {h['p50_us']:.0f} |",
              "", "## Compute: SHA-256", "",
              f"16 KiB over HTTP at {r['compute_rate']} req/s (open loop), p50: warm emberd "
              f"{r['compute']['warm']['p50_us']:.0f} µs (in the sandbox "
              f"{r['compute']['warm']['sandbox_p50_us']:.0f}), fork/exec of the same C code "
              f"built natively {r['compute']['process']['p50_us']:.0f} µs.", "",
              f"64 KiB in process: in the sandbox {r['compute']['sandbox']['in_guest_p50_us']:.0f} µs "
              f"(call + restore {r['compute']['sandbox']['call_restore_p50_us']:.0f}, first call of a "
              f"fresh sandbox {r['compute']['sandbox']['first_call_in_guest_us']:.0f}), natively "
              f"{r['compute']['sandbox']['native_p50_us']:.0f} µs. Wordcount of 1 KiB: "
              f"{r['compute']['wordcount_1k']['in_guest_p50_us']:.0f} µs in the sandbox "
              f"({r['compute']['wordcount_1k']['call_restore_p50_us']:.0f} with restore). "
              f"VM exits per call: echo {r['floor']['exits_per_call']:.0f}, sha256 "
              f"{r['compute']['sandbox']['exits_per_call_p50']:.0f}.",
              "", "## What invocation records cost", "",
              "Two daemons alike but for `invocation_records.record` (`all`, the default, and "
              "`none`), each serving only echo, measured in turns in this run; and what one "
              "record costs in process (ember-record-bench, medians of 9).", "",
              "| | records: all | records: none | ratio |", "|---|---:|---:|---:|",
              f"| warm p50, open loop {r['rate']} req/s (µs) | {rec['all']['p50_us']:.0f} | "
              f"{rec['none']['p50_us']:.0f} | {rec['p50_ratio']:.2f} |",
              f"| warm p99 (µs) | {rec['all']['p99_us']:.0f} | {rec['none']['p99_us']:.0f} | |",
              f"| closed loop, 4 connections (req/s) | {rec['all']['closed_4_rps']:.0f} | "
              f"{rec['none']['closed_4_rps']:.0f} | {rec['closed_4_rps_ratio']:.2f} |", "",
              f"In process, per call: the id, trace context and reply every call has "
              f"{ns(rec['per_call_ns']['id_trace_reply'])}; the record added by `all` "
              f"{ns(rec['per_call_ns']['record'])} (with 8 log lines "
              f"{ns(rec['per_call_ns']['record_8_log_lines'])}, from 2 threads at once "
              f"{ns(rec['per_call_ns']['record_2_threads'])}).",
              "", "## Sequential host calls", "",
              "A request that makes N `kv_get` calls one after the other (tests/guests/t_kv, "
              f"handler `reads`, a 100-byte value in SQLite): over HTTP, open loop at "
              f"{r['hostcall_rate']} req/s, and in process (ember-hostcall-bench, call + restore, "
              "no HTTP).", "",
              "| N | HTTP p50 (µs) | HTTP p99 (µs) | in process p50 (µs) | exits |",
              "|---:|---:|---:|---:|---:|"]
    hc = r["host_calls"]
    for n in ("1", "10", "100"):
        lines.append(f"| {n} | {hc['http'][n]['p50_us']:.0f} | {hc['http'][n]['p99_us']:.0f} | "
                     f"{hc['in_process'][f'reads_{n}_call_restore_p50_us']:.0f} | "
                     f"{hc['in_process'][f'reads_{n}_exits_p50']:.0f} |")
    lines += ["", f"One host call (the slope from N = 1 to N = 100): "
              f"{hc['in_process']['per_host_call_us']:.1f} µs in process, of which the store's "
              f"own get is {hc['in_process']['store_get_p50_us']:.1f} µs; "
              f"{hc['http_per_host_call_us']:.1f} µs over HTTP.",
              "", "## Ratios and targets", "",
              "| figure | value | target | |", "|---|---:|---:|---|"]
    for name, t in r["targets"].items():
        op = "≥" if TARGETS[name][1] == ">=" else "≤"
        lines.append(f"| {t['what']} | {t['value']:g} | {op} {t['limit']:g} | "
                     f"{'met' if t['met'] else '**missed**'} |")
    lines.append(f"| warm vs cold by `ember exec` (whole process) | {r['ratios']['warm_vs_cold_exec']:.1f} | | |")
    return "\n".join(lines) + "\n"


def plot_data(r):
    series = [r["warm"], r["cold"], r["process"], r["http_floor"]]
    lines = ["# percentile warm cold process http_alone floor"]
    for label, key in PERCENTILES:
        floor = {"p50_us": r["floor"]["p50_us"], "p99_us": r["floor"]["p99_us"]}.get(key, "NaN")
        lines.append(f'"{label}" ' + " ".join(f"{s[key]:.1f}" for s in series) + f" {floor}")
    return "\n".join(lines) + "\n"


def main():
    raw, out, quick, rate, cold_rate, compute_rate, hostcall_rate = sys.argv[1:8]
    r = gather(raw, int(rate), int(cold_rate))
    r["compute_rate"] = int(compute_rate)
    r["hostcall_rate"] = int(hostcall_rate)
    r["quick"] = quick == "1"
    r["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    r["machine"] = {"cpus": os.cpu_count(), "kernel": platform.release()}
    derive(r)
    with open(os.path.join(out, "latest.json"), "w") as f:
        json.dump(r, f, indent=2)
        f.write("\n")
    with open(os.path.join(out, "latest.md"), "w") as f:
        f.write(markdown(r))
    with open(os.path.join(out, "latency.dat"), "w") as f:
        f.write(plot_data(r))


if __name__ == "__main__":
    main()
