// Column-wise scoring shared by the purchase models: P(alive) and the conditional
// expectation for every customer in one plain loop.
import type { Observations, Scores } from "../Fitting.js"

/** The arithmetic mean of a column (0 when empty). */
export const meanOf = (values: ArrayLike<number>): number => {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] as number
  return values.length === 0 ? 0 : sum / values.length
}

/**
 * P(alive) and E[Y(horizon) | x, t_x, T] = P(alive) · E[Y(horizon) | alive] for
 * every customer. Customers are taken as they are: the fits validate, scoring
 * trusts (an invalid row scores NaN).
 */
export const scores = (
  observations: Observations,
  horizon: number,
  probabilityAlive: (x: number, recency: number, age: number) => number,
  expectedIfAlive: (x: number, age: number) => number,
): Scores => {
  const { frequency, recency, age } = observations
  const n = frequency.length
  const alive = new Float64Array(n)
  const expected = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const x = frequency[i] as number
    const t = age[i] as number
    const probability = probabilityAlive(x, recency[i] as number, t)
    alive[i] = probability
    expected[i] = probability * expectedIfAlive(x, t)
  }
  return {
    timeUnit: observations.timeUnit,
    horizon,
    probabilityAlive: alive,
    expectedPurchases: expected,
  }
}
