/**
 * Lists what each given specifier exports at run time, for the release check to
 * turn into a TypeScript file that names every one of them: a value the JavaScript
 * exports but the published types leave out (or declare as a type only) is then a
 * compile error in the fresh project, not a user's surprise.
 *
 * Prints JSON: for each specifier, each export's own members when it is a
 * namespace object, or `null` for any other value.
 */

/**
 * Whether a value is a namespace (`export * as Money`): a module namespace object,
 * or the plain object a bundler builds in its place.
 */
const isNamespace = (value) => {
  if (typeof value !== "object" || value === null) return false
  if (value[Symbol.toStringTag] === "Module") return true
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

const listing = {}
for (const specifier of process.argv.slice(2)) {
  const module = await import(specifier)
  listing[specifier] = Object.fromEntries(
    Object.keys(module)
      .filter((name) => name !== "default")
      .sort()
      .map((name) => {
        const value = module[name]
        return [name, isNamespace(value) ? Object.keys(value).sort() : null]
      }),
  )
}
console.log(JSON.stringify(listing))
