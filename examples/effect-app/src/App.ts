/**
 * The app's layer composition, from the bottom up: its own PostgreSQL client
 * (migrated), Clientele's store and `Complaints` service over that same client,
 * then the app's own services. The client layer is built once, so the app and
 * Clientele share one pool — and one transaction when the app opens one.
 */
import * as Layer from "effect/Layer"
import * as Clientele from "./Clientele.js"
import * as Db from "./Db.js"
import * as OrderDesk from "./OrderDesk.js"
import * as Warehouse from "./Warehouse.js"

/** The database and Clientele on it: what the app's own services are built over. */
export const infrastructure = Clientele.layer.pipe(Layer.provideMerge(Db.layer))

/** The whole app: the order desk and the warehouse, over the infrastructure. */
export const layer = OrderDesk.layer.pipe(
  Layer.provideMerge(Warehouse.layer),
  Layer.provideMerge(infrastructure),
)
