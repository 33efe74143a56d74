"""R1 in SimPy 4, written the straightforward way, for `cargo bench --bench simpy`.

One cohort of users, one app used all day as a Poisson stream, a public client
that renews its access token (lifetime uniform between two bounds) when a use
finds it expired, and one fixed outage of the token service: a renewal during it
fails and that use is denied (no retries). A process per user, `env.timeout` per
use. It counts what the engine reports for these users, as docs/model.md
defines it: denials per attempt; lockouts, each from a denied use to the next
use served (the warm-up cut off, one still open at the horizon closed there),
in hours per 1,000 users, and the share of users with a denial; token requests
(every call to the token service, granted or not) per user-day and in the
busiest minute. Each only after the warm-up.

Prints one JSON object: uses played, the measured counts and those metrics,
their standard errors (users as independent clusters; none for the busiest
minute, one value a run), and the seconds `env.run` took.

Every number comes from the command line (the Rust bench passes its scenario's).
"""

import argparse
import json
import math
import random
import time

import simpy


class TokenService:
    """Up except in one fixed outage [start, end)."""

    def __init__(self, start, end):
        self.start = start
        self.end = end

    def up(self, now):
        return not (self.start <= now < self.end)


class Counts:
    def __init__(self, users, minutes):
        self.played = 0
        self.renewals = 0
        self.attempts = [0] * users
        self.denials = [0] * users
        self.lockout_seconds = [0.0] * users
        self.requests = [0] * users
        self.requests_by_minute = [0] * minutes


def user(env, i, rng, args, service, counts):
    """One user's uses of the app until the horizon."""
    rate = args.attempts_per_hour / 3600.0
    expiry = -math.inf
    # When the open lockout began (None: none open).
    locked_since = None
    try:
        while True:
            yield env.timeout(rng.expovariate(rate))
            now = env.now
            measured = now >= args.warmup
            counts.played += 1
            served = True
            if now >= expiry:
                if measured:
                    counts.requests[i] += 1
                    counts.requests_by_minute[int((now - args.warmup) // 60)] += 1
                if service.up(now):
                    expiry = now + rng.uniform(args.lifetime_min, args.lifetime_max)
                    counts.renewals += 1
                else:
                    served = False
            if measured:
                counts.attempts[i] += 1
                if not served:
                    counts.denials[i] += 1
            if not served and locked_since is None:
                locked_since = now
            if served and locked_since is not None:
                counts.lockout_seconds[i] += max(0.0, now - max(locked_since, args.warmup))
                locked_since = None
    finally:
        # The horizon: a lockout still open ends there.
        if locked_since is not None:
            counts.lockout_seconds[i] += max(0.0, args.horizon - max(locked_since, args.warmup))


def denial_rate_se(attempts, denials):
    """Standard error of a ratio estimator with users as clusters (delta method)."""
    n = len(attempts)
    a_bar = sum(attempts) / n
    rate = sum(denials) / sum(attempts)
    residuals = [d - rate * a for a, d in zip(attempts, denials)]
    var = sum(r * r for r in residuals) / (n - 1)
    return math.sqrt(var / n) / a_bar


def mean_and_se(values):
    n = len(values)
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, math.sqrt(var / n)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--users", type=int, required=True)
    p.add_argument("--attempts-per-hour", type=float, required=True)
    p.add_argument("--lifetime-min", type=float, required=True, help="seconds")
    p.add_argument("--lifetime-max", type=float, required=True, help="seconds")
    p.add_argument("--horizon", type=float, required=True, help="seconds")
    p.add_argument("--warmup", type=float, required=True, help="seconds")
    p.add_argument("--outage-start", type=float, required=True, help="seconds")
    p.add_argument("--outage-duration", type=float, required=True, help="seconds")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    env = simpy.Environment()
    service = TokenService(args.outage_start, args.outage_start + args.outage_duration)
    minutes = math.ceil((args.horizon - args.warmup) / 60)
    counts = Counts(args.users, minutes)
    master = random.Random(args.seed)
    processes = []
    for i in range(args.users):
        rng = random.Random(master.getrandbits(64))
        processes.append(user(env, i, rng, args, service, counts))
        env.process(processes[-1])

    start = time.perf_counter()
    env.run(until=args.horizon)
    # Each user's process is left waiting on its next use: closing them runs
    # their `finally`, which closes the lockouts still open at the horizon.
    for process in processes:
        process.close()
    seconds = time.perf_counter() - start

    attempts, denials = sum(counts.attempts), sum(counts.denials)
    per_1k = [1000.0 * s / 3600.0 for s in counts.lockout_seconds]
    lockout_hours, lockout_hours_se = mean_and_se(per_1k)
    locked_out, locked_out_se = mean_and_se([float(d > 0) for d in counts.denials])
    days = (args.horizon - args.warmup) / 86400.0
    requests, requests_se = mean_and_se([r / days for r in counts.requests])
    print(
        json.dumps(
            {
                "played": counts.played,
                "attempts": attempts,
                "denials": denials,
                "renewals": counts.renewals,
                "denial_rate": denials / attempts,
                "denial_rate_se": denial_rate_se(counts.attempts, counts.denials),
                "lockout_hours_per_1k_users": lockout_hours,
                "lockout_hours_per_1k_users_se": lockout_hours_se,
                "users_locked_out": locked_out,
                "users_locked_out_se": locked_out_se,
                "token_requests_per_user_day": requests,
                "token_requests_per_user_day_se": requests_se,
                "peak_token_requests_per_min": max(counts.requests_by_minute),
                "seconds": seconds,
            }
        )
    )


if __name__ == "__main__":
    main()
