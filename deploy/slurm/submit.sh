#!/usr/bin/env bash
# Splits an authsim run over a Slurm job array and merges it, as two jobs.
#
# usage: deploy/slurm/submit.sh [OPTIONS] [--] SCENARIO [AUTHSIM OPTIONS...]
#
#   --shards N         split the replications into N shards, one array task each (default 4)
#   --parallelism M    at most M shards run at once (the array's %M; default: as many as Slurm may)
#   --sweep            run `authsim sweep` (AUTHSIM OPTIONS hold its --set PATH=V1,V2) instead of `run`
#   --workdir DIR      shards, logs and the run folder go here (default results/STEM-slurm-UTCTIME)
#   --out RUN_DIR      the merged run folder (default WORKDIR/run); must not exist
#   --wait             wait for the merge; exit with its exit code (or a failed shard's)
#   --resume           complete an earlier submission in WORKDIR: finished shards are
#                      kept, interrupted ones resume, missing ones run
#   --job-name NAME    Slurm job names NAME-shard and NAME-merge (default authsim-STEM)
#   --cpus-per-task C  CPUs per shard (authsim gets --threads C); --time T, --partition P
#   --sbatch ARG       pass ARG to both sbatch calls (repeatable), e.g. --sbatch=--account=lab
#
# AUTHSIM OPTIONS go to every shard (--seed, --replications, --set, ...), except
# --no-charts, --json and --format, which go to the merge (--quiet goes to both). The jobs run in this folder, so
# SCENARIO may be relative, and take ${AUTHSIM:-authsim} and PATH from here.
# Slurm's own SBATCH_* variables (SBATCH_ACCOUNT, ...) apply too. docs/cluster.md
# has the details.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
die() {
    echo "submit.sh: error: $*" >&2
    exit 2
}
usage() {
    sed -n '4,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

argv=("$@")
shards=4 parallelism='' command=run workdir='' out='' wait=0 resume=0 job_name='' sbatch_opts=()
while [[ $# -gt 0 ]]; do
    # "--opt=V" is read as "--opt V".
    if [[ $1 == --*=* ]]; then set -- "${1%%=*}" "${1#*=}" "${@:2}"; fi
    case $1 in
    -h | --help) usage 0 ;;
    --shards | --parallelism | --workdir | --out | --job-name | --cpus-per-task | --time | --partition | --sbatch)
        [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"
        case $1 in
        --shards) shards=$2 ;;
        --parallelism) parallelism=$2 ;;
        --workdir) workdir=$2 ;;
        --out) out=$2 ;;
        --job-name) job_name=$2 ;;
        --sbatch) sbatch_opts+=("$2") ;;
        *) sbatch_opts+=("$1=$2") ;;
        esac
        shift 2
        ;;
    --sweep) command=sweep; shift ;;
    --wait) wait=1; shift ;;
    --resume) resume=1; shift ;;
    --) shift; break ;;
    -*) die "unknown option $1 (authsim's own options go after SCENARIO); see --help" ;;
    *) break ;;
    esac
done
[[ $# -ge 1 ]] || die "no SCENARIO given; usage: deploy/slurm/submit.sh [OPTIONS] [--] SCENARIO [AUTHSIM OPTIONS...]"
scenario=$1
shift
[[ $shards =~ ^[1-9][0-9]*$ ]] || die "--shards must be a positive whole number, got '$shards'"
[[ -z $parallelism || $parallelism =~ ^[1-9][0-9]*$ ]] ||
    die "--parallelism must be a positive whole number (at most that many shards at once), got '$parallelism'"
# The array's task range, throttled by Slurm's %M where asked.
array=1-$shards${parallelism:+%$parallelism}

# Sort authsim's options: output options of the merge, the rest for the shards.
shard_args=() merge_args=() value_of=
for arg in "$@"; do
    if [[ -n $value_of ]]; then
        merge_args+=("$arg") value_of=
        continue
    fi
    case $arg in
    --no-charts | --json | --format=*) merge_args+=("$arg") ;; # what the run folder holds / prints
    --format) merge_args+=("$arg") value_of=1 ;;
    --quiet | -q) shard_args+=("$arg") merge_args+=("$arg") ;;
    --out | --out=* | -o | -o?*) die "give the run folder as submit.sh --out RUN_DIR, before SCENARIO" ;;
    --shard | --shard=* | --resume | --resume=*) die "$arg is submit.sh's to set (see --shards, --resume)" ;;
    *) shard_args+=("$arg") ;;
    esac
done

command -v sbatch >/dev/null 2>&1 ||
    die "sbatch not found: run this where Slurm's client commands are (a login node), or start a local test cluster: deploy/slurm/local-cluster.sh start && . \${TMPDIR:-/tmp}/authsim-slurm/env"
authsim=${AUTHSIM:-authsim}
command -v "$authsim" >/dev/null 2>&1 ||
    die "authsim not found ('$authsim'): put it on PATH or set AUTHSIM=/path/to/authsim (the jobs use the same)"
# An absolute path, so that the jobs find the very binary this found.
if [[ $authsim == */* ]]; then authsim=$(cd "$(dirname "$authsim")" && pwd -P)/$(basename "$authsim"); fi
export AUTHSIM=$authsim

stem=$(basename "$scenario")
stem=${stem%.toml}
[[ -n $workdir ]] || workdir=results/$stem-slurm-$(date -u +%Y%m%d-%H%M%S)
job_name=${job_name:-authsim-${stem//[^A-Za-z0-9._-]/-}}
if [[ -e $workdir/shards && $resume == 0 ]]; then
    die "$workdir already holds shards: add --resume to complete them, or choose another --workdir"
fi
if [[ $resume == 1 && ! -d $workdir/shards ]]; then
    die "--resume: $workdir holds no shards to complete"
fi
mkdir -p "$workdir/logs" "$workdir/status" || die "cannot create $workdir"
workdir=$(cd "$workdir" && pwd -P)
out=${out:-$workdir/run}
[[ $out == /* ]] || out=$PWD/$out
[[ ! -e $out ]] || die "$out already exists: authsim never writes over a run folder"
rm -f "$workdir"/status/* # exit codes of an earlier submission would mislead --wait

# Submits with sbatch; prints the job id. The jobs run in this folder.
submit() {
    local id
    id=$(sbatch --parsable --chdir="$PWD" "${sbatch_opts[@]}" "$@") || die "sbatch refused the job (its message is above)"
    echo "${id%%;*}" # --parsable prints "ID" or "ID;CLUSTER"
}

array_id=$(submit --array="$array" --job-name="$job_name-shard" \
    --output="$workdir/logs/shard-%a.out" \
    "$here/shard.sbatch" "$workdir" "$shards" "$command" "$scenario" "${shard_args[@]}")
merge_opts=(--dependency="afterok:$array_id" --kill-on-invalid-dep=yes
    --job-name="$job_name-merge" --output="$workdir/logs/merge.out")
merge_job=("$here/merge.sbatch" "$workdir" "$shards" "$out" "${merge_args[@]}")
printf '%s\n' "${BASH_SOURCE[0]} ${argv[*]@Q}" "shards: job $array_id" >"$workdir/jobs"
echo "shards: job $array_id, array $array ($command $scenario); logs in $workdir/logs" >&2

if [[ $wait == 0 ]]; then
    merge_id=$(submit "${merge_opts[@]}" "${merge_job[@]}")
    echo "merge: job $merge_id" >>"$workdir/jobs"
    echo "merge: job $merge_id, once every shard has succeeded, writes $out" >&2
    echo "follow with: squeue -j $array_id,$merge_id" >&2
    exit 0
fi

# sbatch --wait gives the merge's exit code, but 0 for a merge cancelled because
# a shard failed: the status files written by the jobs say what happened.
sbatch --wait --parsable --chdir="$PWD" "${sbatch_opts[@]}" "${merge_opts[@]}" "${merge_job[@]}" |
    {
        read -r id && id=${id%%;*} && echo "merge: job $id" >>"$workdir/jobs" &&
            echo "merge: job $id; waiting for it (Ctrl-C stops the waiting, not the jobs: scancel $array_id $id)" >&2
        cat >/dev/null
    } || true
rc=${PIPESTATUS[0]}
grep -q '^merge: job' "$workdir/jobs" ||
    die "sbatch refused the merge job (its message is above); the shards, job $array_id, go on: scancel $array_id"
if [[ -s $workdir/status/merge ]]; then
    rc=$(<"$workdir/status/merge")
    if [[ $rc == 0 ]]; then echo "wrote $out" >&2; else echo "merge failed (exit $rc): see $workdir/logs/merge.out" >&2; fi
    exit "$rc"
fi
worst=0
for ((k = 1; k <= shards; k++)); do
    status=$workdir/status/shard-$k
    if [[ ! -s $status ]]; then
        echo "shard $k/$shards did not finish: see $workdir/logs/shard-$k.out" >&2
        worst=$((worst > 1 ? worst : 1))
    elif [[ $(<"$status") != 0 ]]; then
        echo "shard $k/$shards failed (exit $(<"$status")): see $workdir/logs/shard-$k.out" >&2
        worst=$((worst > $(<"$status") ? worst : $(<"$status")))
    fi
done
echo "the merge did not run (sbatch exit $rc); to complete the run, submit again with --resume --workdir $workdir" >&2
exit $((worst > 0 ? worst : 1))
