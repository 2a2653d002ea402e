/**
 * The worker that computes the dashboard: it answers one request with the steps'
 * progress, then the dashboard as plain data, or the failure with its tag.
 */
import type { Progress } from "@clientele/example-demo/company/progress.ts"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { computeDashboard } from "./dashboard.ts"
import { failureReport } from "./failure.ts"
import type { Reply, Request } from "./messages.ts"

// `self` is the worker's scope; its one-argument `postMessage` and its `message`
// events type-check against the DOM library the rest of the page compiles with.
const reply = (message: Reply) => self.postMessage(message)

/** Progress as messages, at most one every 50 ms: the page redraws no faster. */
const progress: Progress = {
  start: (step, total = 0) => {
    reply({ kind: "step", step, total })
    let done = 0
    let sentAt = 0
    return {
      advance: (units = 1) => {
        done += units
        const now = performance.now()
        if (now - sentAt >= 50) {
          sentAt = now
          reply({ kind: "progress", done })
        }
      },
      // A step without a total keeps its bar indeterminate to the end.
      done: () => {
        if (total > 0) reply({ kind: "progress", done: total })
      },
    }
  },
}

self.addEventListener("message", (event: MessageEvent<Request>) => {
  void Effect.runPromiseExit(computeDashboard(event.data.parameters, progress)).then((exit) =>
    reply(
      Exit.isSuccess(exit)
        ? { kind: "computed", dashboard: exit.value }
        : { kind: "failed", failure: failureReport(exit.cause) },
    ),
  )
})
