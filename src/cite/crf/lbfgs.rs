//! L-BFGS (OWL-QN when an L1 term is set): minimises a smooth function plus `c1 × ‖x‖₁`.
//!
//! The direction comes from the two-loop recursion over the last `memory` steps. Without L1,
//! the line search brackets a step that satisfies the weak Wolfe conditions; with L1, it
//! backtracks along the projection onto the orthant of the current point (Andrew & Gao 2007).
//! Everything here is sequential, so the result depends only on the function's values.

/// The optimiser's settings.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// How many past steps the inverse Hessian is built from.
    pub memory: usize,
    /// Stop after this many iterations.
    pub max_iterations: usize,
    /// Stop when the objective improved by less than this fraction over `period` iterations.
    pub epsilon: f64,
    /// See `epsilon`.
    pub period: usize,
    /// The L1 coefficient (0: plain L-BFGS).
    pub c1: f64,
    /// The most function evaluations one line search may take.
    pub max_line_search: usize,
}

/// Where the optimiser is after an iteration.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Iteration {
    /// The iteration, from 1.
    pub iteration: usize,
    /// The objective, L1 term included.
    pub objective: f64,
    /// The norm of the (pseudo-)gradient.
    pub gradient_norm: f64,
    /// The step taken along the search direction.
    pub step: f64,
    /// Function evaluations so far.
    pub evaluations: usize,
}

/// Why the optimiser stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The objective stopped improving, or the gradient vanished.
    Converged,
    /// The iteration limit was reached.
    MaxIterations,
    /// No step along even the steepest descent direction decreased the objective.
    LineSearchFailed,
}

/// The objective's smooth part: its value at `x`, its gradient written to the slice.
pub(crate) type Objective<'a> = dyn FnMut(&[f64], &mut [f64]) -> f64 + 'a;

/// The past steps `s` and gradient changes `y`, oldest first.
struct Memory {
    capacity: usize,
    pairs: Vec<(Vec<f64>, Vec<f64>, f64)>,
    spare: Vec<(Vec<f64>, Vec<f64>, f64)>,
    alphas: Vec<f64>,
}

impl Memory {
    fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            pairs: Vec::new(),
            spare: Vec::new(),
            alphas: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.spare.append(&mut self.pairs);
    }

    /// Remembers `s = x_new - x`, `y = g_new - g` if the curvature is positive.
    fn push(&mut self, x: &[f64], x_new: &[f64], g: &[f64], g_new: &[f64]) {
        let mut pair = if self.pairs.len() == self.capacity {
            self.pairs.remove(0)
        } else {
            self.spare.pop().unwrap_or_default()
        };
        pair.0.clear();
        pair.0.extend(x_new.iter().zip(x).map(|(a, b)| a - b));
        pair.1.clear();
        pair.1.extend(g_new.iter().zip(g).map(|(a, b)| a - b));
        let sy = dot(&pair.0, &pair.1);
        if sy > 1e-10 * dot(&pair.1, &pair.1).sqrt() * dot(&pair.0, &pair.0).sqrt() && sy > 0.0 {
            pair.2 = 1.0 / sy;
            self.pairs.push(pair);
        } else {
            self.spare.push(pair);
        }
    }

    /// `d = -H × gradient` by the two-loop recursion.
    fn direction(&mut self, gradient: &[f64], d: &mut [f64]) {
        d.iter_mut().zip(gradient).for_each(|(d, g)| *d = -g);
        self.alphas.clear();
        for (s, y, rho) in self.pairs.iter().rev() {
            let alpha = rho * dot(s, d);
            axpy(-alpha, y, d);
            self.alphas.push(alpha);
        }
        if let Some((s, y, _)) = self.pairs.last() {
            let gamma = dot(s, y) / dot(y, y);
            d.iter_mut().for_each(|d| *d *= gamma);
        }
        for ((s, y, rho), alpha) in self.pairs.iter().zip(self.alphas.iter().rev()) {
            let beta = rho * dot(y, d);
            axpy(alpha - beta, s, d);
        }
    }
}

/// The dot product, summed in order.
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    // Four running sums (a fixed order, so still deterministic) let the loop vectorise.
    let mut sums = [0.0f64; 4];
    let (a4, a_rest) = a.split_at(a.len() / 4 * 4);
    let (b4, b_rest) = b.split_at(a4.len().min(b.len()));
    for (x, y) in a4.chunks_exact(4).zip(b4.chunks_exact(4)) {
        for k in 0..4 {
            sums[k] += x[k] * y[k];
        }
    }
    let rest: f64 = a_rest.iter().zip(b_rest).map(|(x, y)| x * y).sum();
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + rest
}

/// `y += a × x`.
fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    y.iter_mut().zip(x).for_each(|(y, x)| *y += a * x);
}

fn norm(x: &[f64]) -> f64 {
    dot(x, x).sqrt()
}

fn l1(x: &[f64]) -> f64 {
    x.iter().map(|v| v.abs()).sum()
}

/// The pseudo-gradient of `f + c1 ‖x‖₁` (the gradient itself when `c1 == 0`).
fn pseudo_gradient(x: &[f64], g: &[f64], c1: f64, out: &mut [f64]) {
    for ((o, &x), &g) in out.iter_mut().zip(x).zip(g) {
        *o = if c1 == 0.0 {
            g
        } else if x < 0.0 || (x == 0.0 && g - c1 > 0.0) {
            g - c1
        } else if x > 0.0 || g + c1 < 0.0 {
            g + c1
        } else {
            0.0
        };
    }
}

/// The optimiser's state between iterations.
struct State<'a, 'f> {
    settings: &'a Settings,
    evaluate: &'a mut Objective<'f>,
    evaluations: usize,
    x_new: Vec<f64>,
    g_new: Vec<f64>,
}

impl State<'_, '_> {
    /// The full objective at `x_new` (projected onto the orthant of `x` under L1), with the
    /// smooth part's gradient in `g_new`.
    fn try_step(&mut self, x: &[f64], pg: &[f64], d: &[f64], step: f64) -> f64 {
        let c1 = self.settings.c1;
        for (((n, &x), &d), &pg) in self.x_new.iter_mut().zip(x).zip(d).zip(pg) {
            let mut value = x + step * d;
            if c1 > 0.0 {
                let orthant = if x != 0.0 { x } else { -pg };
                if value * orthant <= 0.0 {
                    value = 0.0;
                }
            }
            *n = value;
        }
        self.evaluations += 1;
        let f = (self.evaluate)(&self.x_new, &mut self.g_new);
        if c1 > 0.0 {
            f + c1 * l1(&self.x_new)
        } else {
            f
        }
    }

    /// Finds a step along `d` that decreases `f` enough; leaves the point in `x_new`, `g_new`.
    fn line_search(
        &mut self,
        x: &[f64],
        f: f64,
        pg: &[f64],
        d: &[f64],
        first: f64,
    ) -> Option<(f64, f64)> {
        const ARMIJO: f64 = 1e-4;
        const WOLFE: f64 = 0.9;
        let slope = dot(pg, d);
        let (mut step, mut low, mut high) = (first, 0.0f64, f64::INFINITY);
        let mut sufficient: Option<f64> = None;
        for _ in 0..self.settings.max_line_search {
            let f_new = self.try_step(x, pg, d, step);
            let decrease = if self.settings.c1 > 0.0 {
                self.x_new
                    .iter()
                    .zip(x)
                    .zip(pg)
                    .map(|((n, x), g)| (n - x) * g)
                    .sum()
            } else {
                step * slope
            };
            if !f_new.is_finite() || f_new > f + ARMIJO * decrease {
                high = step;
            } else if self.settings.c1 == 0.0 && dot(&self.g_new, d) < WOLFE * slope {
                sufficient = Some(step);
                low = step;
            } else {
                return Some((f_new, step));
            }
            step = if high.is_finite() {
                0.5 * (low + high)
            } else {
                2.1 * step
            };
        }
        // No step met both conditions: take the last one that decreased f enough.
        let step = sufficient?;
        Some((self.try_step(x, pg, d, step), step))
    }
}

/// Minimises `evaluate + c1 ‖x‖₁` from `x`, leaving the best point in `x`.
pub(crate) fn minimize(
    x: &mut Vec<f64>,
    settings: &Settings,
    evaluate: &mut Objective<'_>,
    report: &mut dyn FnMut(&Iteration),
) -> Stop {
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut f = evaluate(x, &mut g) + settings.c1 * l1(x);
    let mut pg = vec![0.0; n];
    pseudo_gradient(x, &g, settings.c1, &mut pg);
    let mut state = State {
        settings,
        evaluate,
        evaluations: 1,
        x_new: vec![0.0; n],
        g_new: vec![0.0; n],
    };
    let mut memory = Memory::new(settings.memory);
    let mut d = vec![0.0; n];
    let mut history = vec![f];
    for iteration in 1..=settings.max_iterations {
        if norm(&pg) <= 1e-10 * norm(x).max(1.0) {
            return Stop::Converged;
        }
        memory.direction(&pg, &mut d);
        if settings.c1 > 0.0 {
            d.iter_mut()
                .zip(&pg)
                .filter(|(d, g)| **d * **g >= 0.0)
                .for_each(|(d, _)| *d = 0.0);
        }
        if dot(&pg, &d) >= 0.0 || memory.pairs.is_empty() {
            memory.clear();
            d.iter_mut().zip(&pg).for_each(|(d, g)| *d = -g);
        }
        let first = if memory.pairs.is_empty() {
            1.0 / norm(&d)
        } else {
            1.0
        };
        let Some((f_new, step)) = state.line_search(x, f, &pg, &d, first) else {
            if memory.pairs.is_empty() {
                return Stop::LineSearchFailed;
            }
            memory.clear();
            continue;
        };
        memory.push(x, &state.x_new, &g, &state.g_new);
        std::mem::swap(x, &mut state.x_new);
        std::mem::swap(&mut g, &mut state.g_new);
        f = f_new;
        pseudo_gradient(x, &g, settings.c1, &mut pg);
        history.push(f);
        report(&Iteration {
            iteration,
            objective: f,
            gradient_norm: norm(&pg),
            step,
            evaluations: state.evaluations,
        });
        if converged(&history, settings) {
            return Stop::Converged;
        }
    }
    Stop::MaxIterations
}

/// Whether the objective improved by less than `epsilon` (relative) over the last `period`
/// iterations.
fn converged(history: &[f64], settings: &Settings) -> bool {
    let Some(&now) = history.last() else {
        return false;
    };
    let Some(&before) = history
        .len()
        .checked_sub(settings.period + 1)
        .and_then(|i| history.get(i))
    else {
        return false;
    };
    (before - now) / now.abs().max(f64::MIN_POSITIVE) < settings.epsilon
}
