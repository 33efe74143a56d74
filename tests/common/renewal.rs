//! The annual-risk case in closed form (tests/fixtures/annual-risk/year.toml):
//! one app used all day, uses a Poisson stream of rate λ, access tokens renewed
//! on demand with lifetimes uniform on [a, b], no client retries, people as
//! clocks, and one service that fails after exponential up times (mean U) for
//! exponential repairs (mean μ). Times in hours.
//!
//! A user's token is a renewal process: a lifetime L, then the wait for the next
//! use, exponential with mean 1/λ. At an outage's start (an instant the user's
//! state does not influence) the user holds no token with probability
//! p0 = (1/λ) / (E[L] + 1/λ), else one with residual life r of density
//! P(L > r) / E[L]. Every use from the token's end τ (0 without one) to the
//! outage's end D is denied: λ E[(D - τ)+] denials. The lockout runs from the
//! first of them to the first use after D, whose expected length given
//! s = D - τ > 0 is s - (1 - e^(-λs))/λ + (1 - e^(-λs))/λ = s. With D exponential
//! (memoryless), E[(D - τ)+] = μ E[e^(-τ/μ)]. Renewal-reward and PASTA (uses see
//! time averages) then give, per hour, outages 1/(U + μ) each costing that much:
//! exact up to the chance that an outage starts within a token's life of the
//! last one's end, where the user's state is not yet stationary (about 1.5 h / U).

#![allow(dead_code)] // the tests and the benchmark each use their own part

pub struct Case {
    pub uses_per_hour: f64,
    /// Shortest and longest access-token lifetime.
    pub lifetime: (f64, f64),
    /// Mean up time and mean repair.
    pub up: f64,
    pub repair: f64,
}

impl Case {
    /// E[(D - τ)+]: the hours each outage leaves a user without a token.
    pub fn hours_without_token_per_outage(&self) -> f64 {
        let ((a, b), mu, lambda) = (self.lifetime, self.repair, self.uses_per_hour);
        let mean_life = (a + b) / 2.0;
        let none = (1.0 / lambda) / (mean_life + 1.0 / lambda);
        // ∫0^a e^(-r/μ) dr and ∫a^b (b - r)/(b - a) e^(-r/μ) dr, by parts.
        let flat = mu * (1.0 - (-a / mu).exp());
        let falling =
            mu * (b - a) * (-a / mu).exp() - mu * mu * ((-a / mu).exp() - (-b / mu).exp());
        let residual = (flat + falling / (b - a)) / mean_life;
        mu * (none + (1.0 - none) * residual)
    }

    pub fn outages_per_hour(&self) -> f64 {
        1.0 / (self.up + self.repair)
    }

    /// Denied uses / uses.
    pub fn denial_rate(&self) -> f64 {
        self.outages_per_hour() * self.hours_without_token_per_outage()
    }

    /// Lockout hours per 1,000 users over `hours` measured.
    pub fn lockout_hours_per_1k_users(&self, hours: f64) -> f64 {
        1000.0 * hours * self.denial_rate()
    }
}

/// The case of year.toml: 6 uses an hour, 60-90 minute tokens, 99.99% with
/// 1-hour repairs.
pub const YEAR: Case = Case {
    uses_per_hour: 6.0,
    lifetime: (1.0, 1.5),
    up: 9999.0,
    repair: 1.0,
};

impl Case {
    /// E[h(D)] and E[h(D)^2] over exponential repairs D, where h(d) = E[(d - τ)+],
    /// the hours an outage of length d leaves a user without a token on average:
    /// p0 d + (1 - p0) ∫0^d P(r <= s) ds, with P(r <= s) = ∫0^s P(L > x) dx / E[L].
    /// One pass of small steps up to 30 mean repairs.
    pub fn outage_moments(&self) -> (f64, f64) {
        let ((a, b), lambda, mu) = (self.lifetime, self.uses_per_hour, self.repair);
        let mean_life = (a + b) / 2.0;
        let none = (1.0 / lambda) / (mean_life + 1.0 / lambda);
        let survival = |x: f64| ((b - x) / (b - a)).clamp(0.0, 1.0);
        let step = mu / 20_000.0;
        let (mut d, mut cdf, mut within) = (0.0, 0.0, 0.0);
        let (mut first, mut second) = (0.0, 0.0);
        while d < 30.0 * mu {
            let half = cdf + survival(d + step / 2.0) * step / mean_life / 2.0;
            within += half * step;
            cdf += survival(d + step / 2.0) * step / mean_life;
            d += step;
            let h = none * d + (1.0 - none) * within;
            let weight = (-(d - step / 2.0) / mu).exp() / mu * step;
            (first, second) = (first + h * weight, second + h * h * weight);
        }
        (first, second)
    }

    /// The coefficient of variation of a year's lockout hours per user (or its
    /// denial rate) over a whole population, where users' own chance averages out:
    /// a compound Poisson sum of h(D) over the year's outages,
    /// sd / mean = sqrt(E[h^2]) / (E[h] sqrt(E[N])).
    pub fn population_year_cv(&self, hours: f64) -> f64 {
        let (first, second) = self.outage_moments();
        second.sqrt() / (first * (hours * self.outages_per_hour()).sqrt())
    }
}
