#!/usr/bin/env python3
"""Checks deploy/kubernetes/ without a cluster, as far as that goes.

    deploy/kubernetes/test-locally.py AUTHSIM SCENARIO [run.sh OPTIONS and AUTHSIM OPTIONS...]

1. `run.sh --dry-run` renders the ConfigMap and the manifests; every document
   must parse, and pass `kubernetes-validate --strict` (Kubernetes 1.29 and the
   newest it knows) where that is installed (pip install kubernetes-validate).
2. The pods' own scripts, taken from the rendered Jobs, run here with /config
   and /work pointing at a scratch folder: every index of the Indexed Job, one
   of them interrupted (SIGTERM, as an evicted pod) and retried, which must
   resume; then the merge Job's script. The pods' environment is the Job's, with
   the downward API's CPU request (AUTHSIM_THREADS) worked out as the kubelet
   does, and each pod must pass it to authsim as --threads.
3. The merged folder must equal `authsim run|sweep` on one machine, byte for
   byte, but for the provenance (`command`, `shards` in summary.json; the same
   rows of report.html; files.json's listing of summary.json).

What it cannot check: the Kubernetes API server's own validation, scheduling,
retries by the Job controller, the volume, the image.
"""
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def fail(message):
    sys.exit(f"test-locally.py: FAIL: {message}")


def files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def without_provenance(name, data):
    if name == "summary.json":
        summary = json.loads(data)
        summary.pop("command", None)
        summary.pop("shards", None)
        return summary
    if name == "files.json":  # its listing of summary.json, as tests/common/folders.rs
        listing = json.loads(data)
        listing["files"] = [f for f in listing["files"] if f["file"] != "summary.json"]
        return listing
    if name == "report.html":
        rows = ("<tr><td>command</td>", "<tr><td>merged from shards</td>")
        return [line for line in data.decode().splitlines() if not line.startswith(rows)]
    return data


def cpus(quantity):
    """A Kubernetes CPU quantity ("2", "1.5", "500m") in CPUs."""
    quantity = str(quantity)
    return int(quantity[:-1]) / 1000 if quantity.endswith("m") else float(quantity)


def pod_env(container):
    """The container's environment as the kubelet sets it: plain values, and the
    downward API's resource fields (CPU ones only: what the manifests use),
    rounded up in units of the divisor."""
    env = {}
    for var in container.get("env", []):
        if "value" in var:
            env[var["name"]] = var["value"]
            continue
        field = var["valueFrom"]["resourceFieldRef"]
        kind, resource = field["resource"].split(".")
        if resource != "cpu" or field.get("containerName", container["name"]) != container["name"]:
            fail(f"test-locally.py cannot work out {var}")
        value = cpus(container.get("resources", {}).get(kind, {}).get("cpu", 0))
        env[var["name"]] = str(math.ceil(value / cpus(field.get("divisor", "1"))))
    return env


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    authsim = str(Path(sys.argv[1]).resolve())
    args = sys.argv[2:]

    # 1. Render and validate.
    rendered = subprocess.run([str(HERE / "run.sh"), "--dry-run", "--run", "local", *args],
                              capture_output=True, text=True)
    if rendered.returncode != 0:
        fail(f"run.sh --dry-run: {rendered.stderr}")
    docs = [d for d in yaml.safe_load_all(rendered.stdout) if d]
    kinds = [d["kind"] for d in docs]
    if kinds != ["ConfigMap", "PersistentVolumeClaim", "Job", "Job"]:
        fail(f"run.sh --dry-run rendered {kinds}")
    config, _, shards_job, merge_job = docs
    validator = shutil.which("kubernetes-validate")
    if validator:
        for version in ("1.29.0", None):
            command = [validator, "--strict", "--quiet"] + (["-k", version] if version else []) + ["-"]
            check = subprocess.run(command, input=rendered.stdout, capture_output=True, text=True)
            if check.returncode != 0:
                fail(f"kubernetes-validate {version or 'newest'}: {check.stdout}{check.stderr}")
        print("manifests: valid for Kubernetes 1.29 and the newest kubernetes-validate knows")
    else:
        print("manifests: parsed (kubernetes-validate not installed: not checked against the API schema)")

    spec = shards_job["spec"]
    n = spec["completions"]
    if spec["completionMode"] != "Indexed" or int(config["data"]["shards"]) != n:
        fail("the Indexed Job's completions and the ConfigMap's shards differ")

    with tempfile.TemporaryDirectory(prefix="authsim-k8s-") as tmp:
        tmp = Path(tmp)
        (tmp / "config").mkdir()
        for key, value in config["data"].items():
            (tmp / "config" / key).write_text(value)
        (tmp / "work").mkdir()

        def script(job):
            container = job["spec"]["template"]["spec"]["containers"][0]
            text = container["args"][0]
            return text.replace("/config/", f"{tmp}/config/").replace("/work/", f"{tmp}/work/")

        if Path(authsim).name != "authsim":
            fail("AUTHSIM must be a binary named authsim (the pods call it by that name)")
        # The pods call `authsim`: here a wrapper that notes its arguments, one
        # call a line, and runs AUTHSIM.
        (tmp / "bin").mkdir()
        calls = tmp / "calls"
        wrapper = tmp / "bin" / "authsim"
        wrapper.write_text(f'#!/bin/sh\necho "$*" >>"{calls}"\nexec "{authsim}" "$@"\n')
        wrapper.chmod(0o755)
        env = dict(os.environ, PATH=f"{tmp / 'bin'}:{os.environ['PATH']}")
        shard_script = script(shards_job)
        shard_container = shards_job["spec"]["template"]["spec"]["containers"][0]
        shard_env = dict(env, **pod_env(shard_container))
        # The thread count each pod must give authsim: the CPU request, whole CPUs,
        # unless the args carry their own.
        requested = math.ceil(cpus(shard_container["resources"]["requests"]["cpu"]))
        if shard_env.get("AUTHSIM_THREADS") != str(requested):
            fail(f"AUTHSIM_THREADS is {shard_env.get('AUTHSIM_THREADS')}, not the CPU request {requested}")
        own = [a for a in config["data"]["args"].splitlines() if a.startswith("--threads")]
        threads = None if own else f"--threads {requested}"

        def pod(index, **kw):
            return subprocess.Popen(["sh", "-c", shard_script], env=dict(shard_env, JOB_COMPLETION_INDEX=str(index)),
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)

        # 2. Index 0 is evicted once its journal has a replication, then retried.
        run_dir = tmp / "work" / config["data"]["run"]
        first = pod(0)
        journal = run_dir / "shards" / "1" / "replications.journal"
        deadline = time.monotonic() + 60
        while not (journal.exists() and journal.stat().st_size > 0):
            if first.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.01)
        first.send_signal(signal.SIGTERM)
        said, _ = first.communicate(timeout=60)
        interrupted = first.returncode != 0
        print(f"pod 0: {'evicted mid-run' if interrupted else 'finished before the eviction'} (exit {first.returncode})")
        for index in range(n):
            p = pod(index)
            said, _ = p.communicate(timeout=600)
            if p.returncode != 0:
                fail(f"pod {index} exited {p.returncode}: {said}")
            if index == 0 and interrupted and "resuming" not in said:
                fail(f"the retried pod 0 did not resume: {said}")
            print(f"pod {index}: {said.strip().splitlines()[0]}")

        # Every shard's authsim, the evicted pod's and its retry's included, had the threads.
        shard_calls = calls.read_text().splitlines()
        if len(shard_calls) != n + 1:
            fail(f"{len(shard_calls)} calls of authsim for {n} pods: {shard_calls}")
        for call in shard_calls:
            if threads and f" {threads} " not in f" {call} ":
                fail(f"a pod did not pass authsim {threads}: authsim {call}")
        print("every pod ran authsim " + (threads or "with the args' own --threads"))

        merge = subprocess.run(["sh", "-c", script(merge_job)], env=env, capture_output=True, text=True, timeout=600)
        if merge.returncode != 0:
            fail(f"merge pod exited {merge.returncode}: {merge.stdout}{merge.stderr}")
        print(f"merge pod: {merge.stdout.strip().splitlines()[0]}")

        # 3. The same run on one machine.
        data = config["data"]
        extra = [a for a in data["args"].splitlines() if a] + [a for a in data["merge-args"].splitlines() if a]
        single = subprocess.run([authsim, data["command"], f"{tmp}/config/scenario.toml", *extra,
                                 "--out", str(tmp / "single"), "--quiet"], capture_output=True, text=True)
        if single.returncode != 0:
            fail(f"the single run: {single.stderr}")
        merged, alone = files(run_dir / "run"), files(tmp / "single")
        if merged.keys() != alone.keys():
            fail(f"files differ: {sorted(merged.keys() ^ alone.keys())}")
        for name in merged:
            if without_provenance(name, merged[name]) != without_provenance(name, alone[name]):
                fail(f"{name} differs from the single run's")
        print(f"merged folder = single run, byte for byte but for provenance ({len(merged)} files)")


if __name__ == "__main__":
    main()
