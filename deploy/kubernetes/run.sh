#!/usr/bin/env bash
# Runs an authsim scenario split over a Kubernetes Indexed Job, then the merge.
#
# usage: deploy/kubernetes/run.sh [OPTIONS] [--] SCENARIO [AUTHSIM OPTIONS...]
#
#   --shards N        N shards, one pod each (default 4)
#   --parallelism P   at most P shard pods at once (default N)
#   --cpus C          CPUs each shard pod requests, authsim's --threads there (default 2)
#   --image IMAGE     the authsim image (built from deploy/kubernetes/Dockerfile)
#   --sweep           `authsim sweep` (AUTHSIM OPTIONS hold its --set PATH=V1,V2) instead of `run`
#   --run NAME        the folder on the volume: /work/NAME/{shards,run} (default STEM-UTCTIME)
#   --fetch DIR       copy the merged run folder here at the end (must not exist)
#   --timeout SECONDS give up waiting after this long (default 86400); the Jobs go on
#   -n NAMESPACE      the namespace (default: kubectl's current one)
#   --dry-run         print the ConfigMap and manifests this would apply, apply nothing
#
# AUTHSIM OPTIONS go to every shard, except --no-charts and --json, which go to
# the merge (--quiet goes to both). Needs kubectl, a ReadWriteMany storage class (deploy/kubernetes/
# pvc.yaml) and Kubernetes >= 1.29. The Jobs authsim-shards and authsim-merge of
# an earlier run must be deleted first (the script says how). docs/cluster.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
die() {
    echo "run.sh: error: $*" >&2
    exit 2
}
usage() {
    sed -n '4,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

shards=4 parallelism='' cpus=2 image='' command=run run='' fetch='' timeout=86400 ns=() dry_run=0
while [[ $# -gt 0 ]]; do
    if [[ $1 == --*=* ]]; then set -- "${1%%=*}" "${1#*=}" "${@:2}"; fi
    case $1 in
    -h | --help) usage 0 ;;
    --shards | --parallelism | --cpus | --image | --run | --fetch | --timeout | -n | --namespace)
        [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"
        case $1 in
        --shards) shards=$2 ;;
        --parallelism) parallelism=$2 ;;
        --cpus) cpus=$2 ;;
        --image) image=$2 ;;
        --run) run=$2 ;;
        --fetch) fetch=$2 ;;
        --timeout) timeout=$2 ;;
        *) ns=(--namespace "$2") ;;
        esac
        shift 2
        ;;
    --sweep) command=sweep; shift ;;
    --dry-run) dry_run=1; shift ;;
    --) shift; break ;;
    -*) die "unknown option $1 (authsim's own options go after SCENARIO); see --help" ;;
    *) break ;;
    esac
done
[[ $# -ge 1 ]] || die "no SCENARIO given; usage: deploy/kubernetes/run.sh [OPTIONS] [--] SCENARIO [AUTHSIM OPTIONS...]"
scenario=$1
shift
[[ -f $scenario ]] || die "$scenario: no such file (the scenario goes to the pods in a ConfigMap)"
for n in "$shards" "${parallelism:-1}" "$cpus" "$timeout"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "--shards, --parallelism, --cpus and --timeout take a positive whole number, got '$n'"
done
parallelism=${parallelism:-$shards}
[[ -z $fetch || ! -e $fetch ]] || die "$fetch already exists"
command -v kubectl >/dev/null 2>&1 || die "kubectl not found"
stem=$(basename "$scenario" .toml)
if [[ -z $run ]]; then
    run=$(echo "$stem" | tr -c 'A-Za-z0-9._\n-' '-')-$(date -u +%Y%m%d-%H%M%S)
fi
[[ $run =~ ^[A-Za-z0-9._-]+$ && $run != . && $run != .. ]] || die "--run takes a plain folder name, got '$run'"

shard_args=() merge_args=()
for arg in "$@"; do
    case $arg in
    --no-charts | --json) merge_args+=("$arg") ;; # what the run folder holds / prints
    --quiet) shard_args+=("$arg") merge_args+=("$arg") ;;
    --out | --out=* | --shard | --shard=* | --resume | --resume=*) die "$arg is run.sh's to set" ;;
    *) shard_args+=("$arg") ;;
    esac
done

k() { kubectl "${ns[@]}" "$@"; }

# The Jobs' manifests as shipped, with this run's shard count, CPUs and image.
render() {
    local edits=(-e "s|^\( *completions:\) [0-9]*|\1 $shards|" -e "s|^\( *parallelism:\) [0-9]*|\1 $parallelism|")
    # The shards' CPU request, which the pods pass to authsim as --threads.
    [[ $1 != shards.yaml ]] || edits+=(-e "s|^\( *cpu:\) \"[0-9]*\"|\1 \"$cpus\"|")
    [[ -z $image ]] || edits+=(-e "s|^\( *image:\) [^ ]*|\1 $image|")
    sed "${edits[@]}" "$here/$1"
}

# Everything a pod needs to know, in the ConfigMap authsim-run; the arguments
# one per line (so one holding a newline cannot be passed).
for arg in "${shard_args[@]}" "${merge_args[@]}"; do
    [[ $arg != *$'\n'* ]] || die "an argument holds a newline: $arg"
done
configmap() {
    kubectl create configmap authsim-run --dry-run=client -o yaml \
        --from-file=scenario.toml="$scenario" \
        --from-literal=command="$command" \
        --from-literal=shards="$shards" \
        --from-literal=run="$run" \
        --from-literal=args="$(printf '%s\n' "${shard_args[@]}")" \
        --from-literal=merge-args="$(printf '%s\n' "${merge_args[@]}")"
}

if [[ $dry_run == 1 ]]; then
    configmap
    echo "---"
    cat "$here/pvc.yaml"
    echo "---"
    render shards.yaml
    echo "--- # once the Job authsim-shards is complete:"
    render merge.yaml
    exit 0
fi

for job in authsim-shards authsim-merge; do
    if k get job "$job" >/dev/null 2>&1; then
        die "job $job of an earlier run is still there; its run folder stays on the volume. Delete the jobs first: kubectl ${ns[*]} delete job authsim-shards authsim-merge --ignore-not-found"
    fi
done
[[ -n $image ]] || echo "run.sh: no --image: the pods run the manifests' image, $(sed -n 's/^ *image: \([^ ]*\).*/\1/p' "$here/shards.yaml")" >&2
configmap | k apply -f - >/dev/null
k apply -f "$here/pvc.yaml" >/dev/null
render shards.yaml | k apply -f - >/dev/null
echo "job authsim-shards: $shards shards of $command $scenario into /work/$run/shards on the volume authsim-work" >&2

# Waits until job $1 is Complete (0) or Failed (1); polls, bounded by --timeout.
wait_job() {
    local deadline=$((SECONDS + timeout)) conditions
    while ((SECONDS < deadline)); do
        # A failed query (the API server busy, say) is asked again, not fatal.
        conditions=$(k get job "$1" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type} {end}') || true
        [[ " $conditions " == *" Complete "* ]] && return 0
        [[ " $conditions " == *" Failed "* ]] && return 1
        sleep 5
    done
    die "job $1 not finished after ${timeout}s; it goes on (kubectl ${ns[*]} get job $1)"
}

wait_job authsim-shards ||
    die "job authsim-shards failed: kubectl ${ns[*]} logs -l job-name=authsim-shards --prefix --tail=20. Shards done so far stay on the volume; delete the jobs and rerun with --run $run to resume them"
echo "shards done; merging" >&2
render merge.yaml | k apply -f - >/dev/null
wait_job authsim-merge ||
    die "job authsim-merge failed: kubectl ${ns[*]} logs job/authsim-merge"
k logs job/authsim-merge
echo "wrote /work/$run/run on the volume authsim-work" >&2

if [[ -n $fetch ]]; then
    # kubectl cp needs a running pod that mounts the volume.
    render fetch-pod.yaml | k apply -f - >/dev/null
    k wait --for=condition=Ready pod/authsim-fetch --timeout=300s >/dev/null
    k cp "authsim-fetch:/work/$run/run" "$fetch"
    k delete pod authsim-fetch --wait=false >/dev/null
    echo "copied it to $fetch" >&2
fi
