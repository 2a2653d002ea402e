// Schemas shared by the models' public modules.
import * as Schema from "effect/Schema"

/** A model parameter: a finite number above 0. */
export const PositiveParameter = Schema.Number.pipe(
  Schema.finite(),
  Schema.greaterThan(0),
  Schema.annotations({ message: () => "a model parameter is a finite number above 0" }),
)
