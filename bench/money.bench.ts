/**
 * `Money.fromDecimal` of `@clientele/core` reading the prices of a transaction file —
 * exact decimal text to integer minor units, the currency checked against ISO 4217,
 * too many decimals or an unsafe amount refused — beside the floor: the same regular
 * expression and `Math.round(Number(text) * 10 ** digits)` with no validation and no
 * result object (inexact beyond 15 digits, and it accepts "19.999" for EUR).
 *
 * Workload: 1,000,000 seeded prices from one minor unit to 9,999.99 (0.01 to 9,999.99
 * in EUR), in one currency (EUR), and the same prices spread over five currencies (EUR,
 * USD, CNY, JPY with whole amounts, BHD with three decimals). Medians of 5 samples
 * after a warm-up.
 */
import { Money } from "@clientele/core"
import { type Benchmark, opsPerSecond, type Row, settleHeap } from "./harness.js"

/** A seeded stream in [0, 1) (mulberry32), so every run reads the same prices. */
const seeded = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const currencies = [
  ["EUR", 2],
  ["USD", 2],
  ["CNY", 2],
  ["JPY", 0],
  ["BHD", 3],
] as const

/** `count` prices as decimal text, each with its currency and that currency's decimals. */
const prices = (count: number, mixed: boolean) => {
  const random = seeded(20_241_231)
  const texts: Array<string> = []
  const codes: Array<string> = []
  const digits: Array<number> = []
  for (let i = 0; i < count; i++) {
    const [code, places] = mixed
      ? (currencies[i % currencies.length] ?? currencies[0])
      : currencies[0]
    // from one minor unit to 9,999 and all its decimals, written from the integer
    const scale = 10 ** places
    const minor = 1 + Math.floor(random() * (10_000 * scale - 1))
    const whole = Math.floor(minor / scale)
    texts.push(
      places === 0 ? String(minor) : `${whole}.${String(minor % scale).padStart(places, "0")}`,
    )
    codes.push(code)
    digits.push(places)
  }
  return { texts, codes, digits }
}

const decimal = /^([+-]?)(\d+)(?:\.(\d+))?$/

export const benchmark: Benchmark = {
  name: "Money: exact decimal prices to minor units",
  ours: "Money.fromDecimal",
  baseline: "regex + Number, unchecked",
  unit: "prices/s",
  run: async ({ quick }) => {
    const count = quick ? 100_000 : 1_000_000
    const rows: Array<Row> = []
    for (const mixed of [false, true]) {
      const { texts, codes, digits } = prices(count, mixed)
      let checksum = 0
      settleHeap()
      const ours = await opsPerSecond(count, () => {
        let sum = 0
        for (let i = 0; i < count; i++) {
          const parsed = Money.fromDecimal(texts[i] as string, codes[i] as string)
          if (parsed._tag === "Left") throw parsed.left
          sum += parsed.right.amount
        }
        checksum = sum
      })
      let floorChecksum = 0
      const floor = await opsPerSecond(count, () => {
        let sum = 0
        for (let i = 0; i < count; i++) {
          const text = texts[i] as string
          if (decimal.exec(text) === null) throw new Error(`not a decimal: ${text}`)
          sum += Math.round(Number(text) * 10 ** (digits[i] as number))
        }
        floorChecksum = sum
      })
      if (checksum !== floorChecksum)
        throw new Error(`the two parsers disagree: ${checksum} ≠ ${floorChecksum}`)
      rows.push({
        operation: mixed ? "fromDecimal, five currencies" : "fromDecimal, one currency",
        workload: `${count.toLocaleString("en-US")} prices`,
        ours,
        baseline: floor,
      })
    }
    return rows
  },
}
