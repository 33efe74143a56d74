"""R1 in SimPy 4, written the straightforward way, for `cargo bench --bench simpy`.

One cohort of users, one app used all day as a Poisson stream, a public client
that renews its access token (lifetime uniform between two bounds) when a use
finds it expired, and one fixed outage of the token service: a renewal during it
fails and that use is denied (no retries). A process per user, `env.timeout` per
use. Prints one JSON object: uses played, measured attempts and denials (after
the warm-up), renewals, the standard error of the denial rate (users as
independent clusters), and the seconds `env.run` took.

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
    def __init__(self, users):
        self.played = 0
        self.renewals = 0
        self.attempts = [0] * users
        self.denials = [0] * users


def user(env, i, rng, args, service, counts):
    """One user's uses of the app until the horizon."""
    rate = args.attempts_per_hour / 3600.0
    expiry = -math.inf
    while True:
        yield env.timeout(rng.expovariate(rate))
        now = env.now
        counts.played += 1
        served = True
        if now >= expiry:
            if service.up(now):
                expiry = now + rng.uniform(args.lifetime_min, args.lifetime_max)
                counts.renewals += 1
            else:
                served = False
        if now >= args.warmup:
            counts.attempts[i] += 1
            if not served:
                counts.denials[i] += 1


def denial_rate_se(attempts, denials):
    """Standard error of a ratio estimator with users as clusters (delta method)."""
    n = len(attempts)
    a_bar = sum(attempts) / n
    rate = sum(denials) / sum(attempts)
    residuals = [d - rate * a for a, d in zip(attempts, denials)]
    var = sum(r * r for r in residuals) / (n - 1)
    return math.sqrt(var / n) / a_bar


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
    counts = Counts(args.users)
    master = random.Random(args.seed)
    for i in range(args.users):
        rng = random.Random(master.getrandbits(64))
        env.process(user(env, i, rng, args, service, counts))

    start = time.perf_counter()
    env.run(until=args.horizon)
    seconds = time.perf_counter() - start

    attempts, denials = sum(counts.attempts), sum(counts.denials)
    print(
        json.dumps(
            {
                "played": counts.played,
                "attempts": attempts,
                "denials": denials,
                "renewals": counts.renewals,
                "denial_rate": denials / attempts,
                "denial_rate_se": denial_rate_se(counts.attempts, counts.denials),
                "seconds": seconds,
            }
        )
    )


if __name__ == "__main__":
    main()
