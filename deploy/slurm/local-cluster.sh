#!/usr/bin/env bash
# A real single-node Slurm (slurmctld + slurmd + munged) on this machine, for
# trying deploy/slurm/ and for CI. Not for production: one node, no accounting.
#
#   deploy/slurm/local-cluster.sh start  [STATE_DIR]   start it (again: no-op)
#   deploy/slurm/local-cluster.sh stop   [STATE_DIR]   stop what start started
#   deploy/slurm/local-cluster.sh status [STATE_DIR]   say whether it is up
#
# STATE_DIR (default ${TMPDIR:-/tmp}/authsim-slurm) holds slurm.conf, the state,
# logs and pid files, and an `env` file setting SLURM_CONF, which the client
# commands (sbatch, sinfo, ...) need:  . STATE_DIR/env
#
# Needs root (slurmd runs jobs as their owner; munged runs as the munge user)
# and the Debian packages slurmctld slurmd slurm-client munge.
set -euo pipefail

readonly TIMEOUT_S=60 # bound on every wait: a broken setup fails, never hangs

die() {
    echo "local-cluster.sh: error: $*" >&2
    exit 1
}
say() { echo "local-cluster.sh: $*" >&2; }

usage() {
    sed -n '5,7p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage
action=$1
state=${2:-${TMPDIR:-/tmp}/authsim-slurm}
case $action in start | stop | status) ;; *) usage ;; esac
mkdir -p "$state"
state=$(cd "$state" && pwd -P) # absolute: it goes into slurm.conf
conf=$state/slurm.conf

# The pid of daemon NAME started from this STATE_DIR, if that process still runs
# under that name (a recycled pid is never mistaken for it).
live_pid() {
    local name=$1 file=$state/$1.pid pid
    [[ -s $file ]] || return 1
    pid=$(<"$file")
    [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/comm ]] || return 1
    [[ $(<"/proc/$pid/comm") == "$name" ]] && ! gone "$pid" || return 1
    echo "$pid"
}

# The node's state as sinfo reports it ("idle", "down*", ...), or nothing.
# `timeout`: a client command that cannot reach the controller retries for long.
node_state() {
    SLURM_CONF=$conf timeout 5 sinfo -h -o %t 2>/dev/null | head -n 1 || true
}

no_jobs() { [[ -z $(SLURM_CONF=$conf timeout 5 squeue -h -o %A 2>/dev/null) ]]; }

munge_works() { munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; }

# Polls COMMAND until it succeeds; fails after TIMEOUT_S seconds.
wait_until() {
    local deadline=$((SECONDS + TIMEOUT_S))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

tail_logs() {
    local log
    for log in "$state"/slurmctld.log "$state"/slurmd.log; do
        [[ -s $log ]] && { echo "--- last lines of $log" >&2; tail -n 15 "$log" >&2; }
    done
    return 0
}

# Whether process PID has ended (a zombie has: where no init reaps, one stays).
gone() { [[ ! -e /proc/$1 ]] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# Stops daemon NAME (if this STATE_DIR started it) and waits until it is gone.
stop_daemon() {
    local name=$1 pid
    pid=$(live_pid "$name") || { rm -f "$state/$name.pid"; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_until gone "$pid"; then
        say "$name (pid $pid) ignored SIGTERM for ${TIMEOUT_S}s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        wait_until gone "$pid" || die "$name (pid $pid) does not die"
    fi
    rm -f "$state/$name.pid"
    say "stopped $name (pid $pid)"
}

check_packages() {
    local missing=() cmd pkg
    for pair in slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client sinfo:slurm-client \
        munged:munge munge:munge unmunge:munge; do
        cmd=${pair%%:*} pkg=${pair#*:}
        if ! command -v "$cmd" >/dev/null 2>&1 && ! [[ -x /usr/sbin/$cmd ]]; then
            [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
        fi
    done
    ((${#missing[@]} == 0)) ||
        die "missing ${missing[*]}; install with: apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge"
}

start_munge() {
    if munge_works; then
        # A munged already serves this machine (the system's, or an earlier start):
        # use it, and leave stopping it to whoever started it.
        return 0
    fi
    id munge >/dev/null 2>&1 || die "no user munge: reinstall the munge package"
    [[ -s /etc/munge/munge.key ]] || {
        say "creating /etc/munge/munge.key"
        runuser -u munge -- mungekey --create >/dev/null || die "could not create /etc/munge/munge.key"
    }
    install -d -o munge -g munge -m 0755 /run/munge
    runuser -u munge -- /usr/sbin/munged </dev/null >/dev/null 2>&1 ||
        die "munged did not start; see /var/log/munge/munged.log"
    wait_until munge_works || die "munged started but munge -n | unmunge fails; see /var/log/munge/munged.log"
    cp /run/munge/munged.pid "$state/munged.pid" # so that stop stops this one only
    say "started munged (pid $(<"$state/munged.pid"))"
}

write_config() {
    local node cpus
    node=$(hostname -s)
    cpus=$(nproc)
    mkdir -p "$state/ctld" "$state/spool"
    # Settings checked in /work/shared/SLURM.md. MinJobAge and the scheduler
    # parameters make `sbatch --wait` return within ~2 s of a job's end instead of
    # ~30 s; there is no accounting, so finished jobs leave no record to query.
    cat >"$conf" <<EOF
# Written by deploy/slurm/local-cluster.sh: a single-node test cluster.
ClusterName=authsim-local
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
MinJobAge=4
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
    printf 'export SLURM_CONF=%q\n' "$conf" >"$state/env"
}

start() {
    [[ $(id -u) == 0 ]] || die "run as root: slurmd must be able to run jobs as their owner and munged as the munge user"
    check_packages
    if live_pid slurmctld >/dev/null && live_pid slurmd >/dev/null && [[ $(node_state) == idle ]]; then
        say "already running; . $state/env"
        return 0
    fi
    # Another Slurm on this machine would hold the ports this one needs.
    local other
    for name in slurmctld slurmd; do
        live_pid "$name" >/dev/null && continue
        for other in $(pgrep -x "$name" || true); do
            gone "$other" || die "a $name not started from $state is running (pid $other): stop it first"
        done
    done
    start_munge
    write_config
    export SLURM_CONF=$conf
    # -c: a fresh controller state (no jobs left from an earlier start); -i: no
    # complaint about the missing state files of a first start.
    live_pid slurmctld >/dev/null ||
        slurmctld -f "$conf" -c -i </dev/null >>"$state/slurmctld.stdout" 2>&1 ||
        { tail_logs; die "slurmctld did not start"; }
    live_pid slurmd >/dev/null ||
        slurmd -f "$conf" -N "$(hostname -s)" </dev/null >>"$state/slurmd.stdout" 2>&1 ||
        { tail_logs; die "slurmd did not start"; }
    # Up when the node reports idle; a daemon that died on the way fails at once.
    local deadline=$((SECONDS + TIMEOUT_S)) node
    while node=$(node_state) && [[ $node != idle ]]; do
        for name in slurmctld slurmd; do
            wait_until test -s "$state/$name.pid" || true
            live_pid "$name" >/dev/null || { tail_logs; die "$name exited during start-up"; }
        done
        ((SECONDS < deadline)) || { tail_logs; die "the node is still '${node:-unreachable}' after ${TIMEOUT_S}s, not idle"; }
        sleep 0.1
    done
    say "running: node $(hostname -s), $(nproc) CPUs, partition local; state in $state"
    say "for sbatch, sinfo, squeue: . $state/env"
}

stop() {
    if live_pid slurmctld >/dev/null; then
        # Cancel what is left, so that no job step outlives the daemons.
        local jobs
        jobs=$(SLURM_CONF=$conf timeout 5 squeue -h -o %A 2>/dev/null || true)
        if [[ -n $jobs ]]; then
            # shellcheck disable=SC2086 # one job id per word
            SLURM_CONF=$conf timeout 5 scancel $jobs 2>/dev/null || true
            wait_until no_jobs ||
                say "some jobs still listed after ${TIMEOUT_S}s; stopping anyway"
        fi
    fi
    stop_daemon slurmd
    stop_daemon slurmctld
    stop_daemon munged # only if this STATE_DIR started it
}

status() {
    local up=0
    for name in munged slurmctld slurmd; do
        if pid=$(live_pid "$name"); then echo "$name: running (pid $pid)"; else echo "$name: not started from $state"; fi
    done
    if [[ -s $conf ]] && live_pid slurmctld >/dev/null; then
        echo "node: $(node_state)"
        [[ $(node_state) == idle || $(node_state) == mix || $(node_state) == alloc ]] && up=1
    fi
    ((up)) && echo "SLURM_CONF: . $state/env"
    ((up))
}

"$action"
