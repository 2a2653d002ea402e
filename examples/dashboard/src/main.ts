/**
 * The page's entry: read the URL's parameters, show the loading panel, have the
 * worker compute the dashboard, then draw it — or the error panel with the error's
 * tag when anything fails, in the page or in the worker.
 */
import * as Either from "effect/Either"
import type { FailureReport, Reply, Request } from "./messages.ts"
import { parametersFrom } from "./parameters.ts"
import { dashboardView, errorView, loadingView } from "./view/page.ts"

const root = document.getElementById("app") ?? document.body

const showFailure = (failure: FailureReport) => {
  root.replaceChildren(errorView(failure))
  document.title = "Clientele dashboard · error"
}

const parameters = parametersFrom(window.location.search)
if (Either.isLeft(parameters)) {
  const error = parameters.left
  showFailure({ tag: error._tag, message: error.message, details: JSON.stringify(error, null, 2) })
} else {
  const loading = loadingView(parameters.right)
  root.replaceChildren(loading.element)
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" })
  worker.addEventListener("message", (event: MessageEvent<Reply>) => {
    const reply = event.data
    switch (reply.kind) {
      case "step":
        return loading.startStep(reply.step, reply.total)
      case "progress":
        return loading.advance(reply.done)
      case "computed":
        worker.terminate()
        root.replaceChildren(dashboardView(reply.dashboard))
        document.title = `Clientele dashboard · ${reply.dashboard.company.name}`
        return
      case "failed":
        worker.terminate()
        return showFailure(reply.failure)
    }
  })
  // The worker's script itself failed (it did not load, or threw outside the computation).
  worker.addEventListener("error", (event) => {
    worker.terminate()
    showFailure({
      tag: "WorkerError",
      message: event.message || "the worker failed",
      details: `${event.filename}:${event.lineno}`,
    })
  })
  const request: Request = { kind: "compute", parameters: parameters.right }
  worker.postMessage(request)
}
