import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { type MinimizeOptions, minimize, type Objective } from "../src/internal/optimize.js"
import {
  digamma,
  logAddExp,
  logBeta,
  logGamma,
  logHypergeometric,
  sigmoid,
} from "../src/internal/special.js"

/** |actual − expected| within `relative` of the expected value's size (or of 1 near 0). */
const expectRelativelyClose = (actual: number, expected: number, relative: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    relative * Math.max(1, Math.abs(expected)),
  )
}

/** A log-uniform draw between `min` and `max`. */
const logUniform = (min: number, max: number) =>
  FastCheck.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map(Math.exp)

const EULER_GAMMA = 0.5772156649015329

describe("logGamma, logBeta", () => {
  it("CHN-1 logGamma(½) is ½ ln π (Γ(½) = √π)", () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 15)
  })

  it("CHN-1 logGamma(n) is ln (n − 1)! for n = 1 … 171", () => {
    let logFactorial = 0
    for (let n = 1; n <= 171; n++) {
      if (n > 1) logFactorial += Math.log(n - 1)
      expectRelativelyClose(logGamma(n), logFactorial, 1e-14)
    }
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15)
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-15)
  })

  it("CHN-1 logGamma matches values computed in arbitrary precision, on both sides of the switch to Stirling at 10", () => {
    const reference: ReadonlyArray<readonly [number, number]> = [
      [1e-8, 18.42068073818021],
      [0.1, 2.252712651734206],
      [1 / 3, 0.9854206469277671],
      [2.5, 0.2846828704729192],
      [9.99, 12.779315214350193],
      [10.01, 12.824350262448247],
      [100, 359.1342053695754],
      [1e6, 12815504.569147611],
      [1e10, 220258509288.81058],
      [1e15, 3.3538776394910668e16],
    ]
    for (const [x, expected] of reference) expectRelativelyClose(logGamma(x), expected, 2e-15)
  })

  it("CHN-1 logGamma of large x agrees with Stirling's leading terms (x − ½) ln x − x + ½ ln 2π", () => {
    for (const x of [1e4, 1e6, 1e8, 1e12, 1e15]) {
      const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI)
      // The next term, 1/(12x), is the whole difference.
      expect(Math.abs(logGamma(x) - stirling - 1 / (12 * x))).toBeLessThanOrEqual(
        1e-15 * Math.abs(stirling) + 1e-12,
      )
    }
  })

  it("CHN-1 logGamma satisfies the recurrence ln Γ(x + 1) = ln Γ(x) + ln x", () => {
    FastCheck.assert(
      FastCheck.property(logUniform(1e-6, 1e8), (x) => {
        expect(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x))).toBeLessThanOrEqual(
          1e-13 * Math.max(1, Math.abs(logGamma(x + 1))),
        )
      }),
      { numRuns: 500 },
    )
  })

  it("CHN-1 logGamma satisfies the reflection Γ(x)Γ(1 − x) = π / sin(πx) on (0, 1)", () => {
    // x ≤ ½ only: there sin(πx) is well conditioned and 1 − x exact; the pair covers (0, 1).
    FastCheck.assert(
      FastCheck.property(FastCheck.double({ min: 1e-6, max: 0.5, noNaN: true }), (x) => {
        expectRelativelyClose(
          logGamma(x) + logGamma(1 - x),
          Math.log(Math.PI / Math.sin(Math.PI * x)),
          1e-13,
        )
      }),
      { numRuns: 300 },
    )
  })

  it("CHN-1 logBeta is ln Γ(a) + ln Γ(b) − ln Γ(a + b), with B(1, b) = 1/b", () => {
    FastCheck.assert(
      FastCheck.property(logUniform(1e-4, 1e4), logUniform(1e-4, 1e4), (a, b) => {
        expect(logBeta(a, b)).toBe(logGamma(a) + logGamma(b) - logGamma(a + b))
        // ln Γ(b) − ln Γ(1 + b) cancels: the error is a few units in the last place of ln Γ(1 + b).
        expect(Math.abs(logBeta(1, b) + Math.log(b))).toBeLessThanOrEqual(
          1e-14 * Math.max(1, Math.abs(logGamma(1 + b))),
        )
        expect(logBeta(a, b)).toBeCloseTo(logBeta(b, a), 10)
      }),
      { numRuns: 200 },
    )
  })
})

describe("digamma", () => {
  it("CHN-1 digamma has its known values ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, and arbitrary-precision ones", () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 10)
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2, 10)
    const reference: ReadonlyArray<readonly [number, number]> = [
      [0.1, -10.423754940411076],
      [2.5, 0.7031566406452432],
      [9.99, 2.250700372831201],
      [100, 4.600161852738087],
    ]
    for (const [x, expected] of reference) expectRelativelyClose(digamma(x), expected, 1e-10)
  })

  it("CHN-1 digamma is the derivative of logGamma (central differences)", () => {
    FastCheck.assert(
      FastCheck.property(logUniform(1e-3, 1e5), (x) => {
        const h = 1e-5 * x
        const difference = (logGamma(x + h) - logGamma(x - h)) / (2 * h)
        expect(Math.abs(digamma(x) - difference)).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(digamma(x))),
        )
      }),
      { numRuns: 300 },
    )
  })

  it("CHN-1 digamma satisfies its recurrence ψ(x + 1) = ψ(x) + 1/x", () => {
    FastCheck.assert(
      FastCheck.property(logUniform(1e-4, 1e6), (x) => {
        expect(Math.abs(digamma(x + 1) - digamma(x) - 1 / x)).toBeLessThanOrEqual(
          1e-12 * Math.max(1, 1 / x, Math.abs(digamma(x))),
        )
      }),
      { numRuns: 300 },
    )
  })
})

describe("sigmoid, logAddExp", () => {
  it("CHN-1 sigmoid and logAddExp (softplus as logAddExp(0, x)) stay finite and exact at ±1000", () => {
    expect(logAddExp(0, 1000)).toBe(1000)
    expect(logAddExp(0, -1000)).toBe(0)
    expect(logAddExp(0, 0)).toBeCloseTo(Math.LN2, 15)
    expect(sigmoid(1000)).toBe(1)
    expect(sigmoid(-1000)).toBe(0)
    expect(sigmoid(0)).toBe(0.5)
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12)
    expect(logAddExp(-1000, -1000)).toBeCloseTo(-1000 + Math.LN2, 12)
    expect(logAddExp(0, -1000)).toBe(0)
  })

  it("CHN-1 logAddExp(0, x) is ln(1 + eˣ), sigmoid its derivative, and sigmoid(x) + sigmoid(−x) = 1", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expectRelativelyClose(logAddExp(0, x), Math.log(1 + Math.exp(x)), 1e-14)
        expect(sigmoid(x) + sigmoid(-x)).toBeCloseTo(1, 15)
        const h = 1e-5
        expect((logAddExp(0, x + h) - logAddExp(0, x - h)) / (2 * h)).toBeCloseTo(sigmoid(x), 8)
      }),
      { numRuns: 200 },
    )
  })
})

describe("logHypergeometric (ln ₂F₁)", () => {
  it("CHN-1 logHypergeometric is 0 at z = 0", () => {
    expect(logHypergeometric(2.5, 3, 4, 0)).toBe(0)
    expect(logHypergeometric(1000.3, 1002.4, 1001.7, 0)).toBe(0)
  })

  it("CHN-1 logHypergeometric matches ₂F₁(1, 1; 2; z) = −ln(1 − z)/z up to z = 0.9999", () => {
    for (const z of [1e-12, 1e-6, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999])
      expectRelativelyClose(logHypergeometric(1, 1, 2, z), Math.log(-Math.log1p(-z) / z), 1e-11)
  })

  it("CHN-1 logHypergeometric matches ₂F₁(a, b; b; z) = (1 − z)^−a, including a = 1000 near z = 1 without overflow", () => {
    FastCheck.assert(
      FastCheck.property(
        logUniform(1e-3, 1e3),
        logUniform(1e-3, 1e3),
        FastCheck.double({ min: 0, max: 0.9999, noNaN: true }),
        (a, b, z) => {
          expectRelativelyClose(logHypergeometric(a, b, b, z), -a * Math.log1p(-z), 1e-10)
        },
      ),
      { numRuns: 300 },
    )
    // The plain series of (1 − z)^−1000.3 at z = 0.9999 is about e^9213, far beyond a double.
    const value = logHypergeometric(1000.3, 1002.4, 1002.4, 0.9999)
    expect(Number.isFinite(value)).toBe(true)
    expectRelativelyClose(value, -1000.3 * Math.log1p(-0.9999), 1e-12)
  })

  it("CHN-1 logHypergeometric matches ₂F₁(½, 1; 3/2; z²) = artanh(z)/z and ₂F₁(½, ½; 3/2; z²) = arcsin(z)/z", () => {
    for (const z of [1e-4, 0.3, 0.7, 0.9, 0.99]) {
      expectRelativelyClose(
        logHypergeometric(0.5, 1, 1.5, z * z),
        Math.log(Math.atanh(z) / z),
        1e-11,
      )
      expectRelativelyClose(
        logHypergeometric(0.5, 0.5, 1.5, z * z),
        Math.log(Math.asin(z) / z),
        1e-11,
      )
    }
  })

  it("CHN-1 logHypergeometric with the models' large-count parameters (x = 1000) equals its Euler transform and is finite", () => {
    // The BG/NBD conditional expectation at x = 1000: ₂F₁(r + x, b + x; a + b + x − 1; z).
    FastCheck.assert(
      FastCheck.property(
        logUniform(0.05, 10),
        logUniform(0.05, 10),
        logUniform(1.01, 10),
        FastCheck.double({ min: 0.001, max: 0.999, noNaN: true }),
        (r, b, a, z) => {
          const x = 1000
          const value = logHypergeometric(r + x, b + x, a + b + x - 1, z)
          expect(Number.isFinite(value)).toBe(true)
          // ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z), summed the other way round.
          const c = a + b + x - 1
          const transformed =
            (c - (r + x) - (b + x)) * Math.log1p(-z) +
            logHypergeometric(c - (r + x), c - (b + x), c, z)
          expectRelativelyClose(value, transformed, 1e-9)
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe("BFGS minimiser", () => {
  const options: MinimizeOptions = {
    maxIterations: 500,
    gradientTolerance: 1e-8,
    stallTolerance: 1e-6,
  }

  const rosenbrock: Objective = (point, gradient) => {
    let value = 0
    gradient.fill(0)
    for (let i = 0; i + 1 < point.length; i++) {
      const x = point[i] as number
      const y = point[i + 1] as number
      value += (1 - x) ** 2 + 100 * (y - x * x) ** 2
      gradient[i] = (gradient[i] as number) - 2 * (1 - x) - 400 * x * (y - x * x)
      gradient[i + 1] = (gradient[i + 1] as number) + 200 * (y - x * x)
    }
    return value
  }

  it("CHN-1 BFGS minimises the Rosenbrock function from (−1.2, 1) to (1, 1)", () => {
    const result = minimize(rosenbrock, [-1.2, 1], options)
    expect(result.reason).toBe("converged")
    expect(result.point[0]).toBeCloseTo(1, 6)
    expect(result.point[1]).toBeCloseTo(1, 6)
    expect(result.value).toBeLessThan(1e-12)
    for (const component of result.gradient)
      expect(Math.abs(component)).toBeLessThanOrEqual(options.gradientTolerance)
    expect(result.iterations).toBeLessThan(options.maxIterations)
    expect(result.evaluations).toBeGreaterThanOrEqual(result.iterations)
  })

  it("CHN-1 BFGS minimises the 4-dimensional Rosenbrock function", () => {
    const result = minimize(rosenbrock, [-1.2, 1, -1.2, 1], options)
    expect(result.reason).toBe("converged")
    for (const coordinate of result.point) expect(coordinate).toBeCloseTo(1, 6)
  })

  it("CHN-1 BFGS stopped early reports maxIterations with the point, value and gradient where it stopped", () => {
    const result = minimize(rosenbrock, [-1.2, 1], { ...options, maxIterations: 5 })
    expect(result.reason).toBe("maxIterations")
    expect(result.iterations).toBe(5)
    const gradient = new Float64Array(2)
    expect(result.value).toBe(rosenbrock(Float64Array.from(result.point), gradient))
    expect(Array.from(result.gradient)).toEqual(Array.from(gradient))
    expect(Math.max(...Array.from(result.gradient, Math.abs))).toBeGreaterThan(
      options.gradientTolerance,
    )
    // It did make progress from f(−1.2, 1) = 24.2.
    expect(result.value).toBeLessThan(24.2)
  })

  it("CHN-1 BFGS started at the minimum converges in 0 iterations", () => {
    const result = minimize(rosenbrock, [1, 1], options)
    expect(result.reason).toBe("converged")
    expect(result.iterations).toBe(0)
    expect(result.evaluations).toBe(1)
  })

  it("CHN-1 BFGS reports a non-finite start or gradient instead of iterating on garbage", () => {
    expect(
      minimize(
        (_, gradient) => {
          gradient.fill(0)
          return Number.NaN
        },
        [1, 2],
        options,
      ).reason,
    ).toBe("nonFiniteStart")
    expect(
      minimize(
        (_, gradient) => {
          gradient.fill(Number.POSITIVE_INFINITY)
          return 1
        },
        [1, 2],
        options,
      ).reason,
    ).toBe("nonFiniteGradient")
  })

  it("CHN-1 BFGS backs off steps into a region where the objective is not defined", () => {
    // x − ln x is defined for x > 0 only (NaN beyond), with its minimum at x = 1.
    const objective: Objective = (point, gradient) => {
      const x = point[0] as number
      gradient[0] = 1 - 1 / x
      return x - Math.log(x)
    }
    const result = minimize(objective, [30], options)
    expect(result.reason).toBe("converged")
    expect(result.point[0]).toBeCloseTo(1, 7)
  })

  it("CHN-1 BFGS finds the minimum of random positive-definite quadratics, however badly scaled", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(logUniform(1e-3, 1e3), { minLength: 2, maxLength: 4 }),
        FastCheck.array(FastCheck.double({ min: -10, max: 10, noNaN: true }), {
          minLength: 4,
          maxLength: 4,
        }),
        FastCheck.double({ min: -0.9, max: 0.9, noNaN: true }),
        (scales, centre, coupling) => {
          const n = scales.length
          // H = D (I + c·(offdiagonal neighbours)) D is positive definite for |c| < ½; keep it so.
          const link = coupling / 2
          const objective: Objective = (point, gradient) => {
            let value = 0
            for (let i = 0; i < n; i++) {
              const di =
                Math.sqrt(scales[i] as number) * ((point[i] as number) - (centre[i] as number))
              let hdi = di
              if (i > 0)
                hdi +=
                  link *
                  Math.sqrt(scales[i - 1] as number) *
                  ((point[i - 1] as number) - (centre[i - 1] as number))
              if (i + 1 < n)
                hdi +=
                  link *
                  Math.sqrt(scales[i + 1] as number) *
                  ((point[i + 1] as number) - (centre[i + 1] as number))
              value += 0.5 * di * hdi
              gradient[i] = Math.sqrt(scales[i] as number) * hdi
            }
            return value
          }
          const result = minimize(objective, new Float64Array(n), {
            maxIterations: 500,
            gradientTolerance: 1e-9,
            stallTolerance: 1e-7,
          })
          expect(result.reason).toBe("converged")
          for (let i = 0; i < n; i++) {
            // Where the curvature is tiny, a small gradient still allows a visible distance.
            const slack = 1e-6 / Math.min(...scales)
            expect(
              Math.abs((result.point[i] as number) - (centre[i] as number)),
            ).toBeLessThanOrEqual(slack)
          }
        },
      ),
      { numRuns: 100 },
    )
  })
})
