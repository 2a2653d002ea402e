/**
 * Building the page's elements from data without a UI framework: text is always set
 * as text (never parsed as HTML), so nothing in the data can inject markup.
 */

/** Attributes of an element; `undefined` leaves one out. */
export type Attributes = Readonly<Record<string, string | number | undefined>>

/** What an element may contain: elements, text, or nothing. */
export type Child = Node | string | number | null | undefined | false

const append = (parent: Node, children: ReadonlyArray<Child>) => {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)))
  }
}

const setAttributes = (target: Element, attributes: Attributes) => {
  for (const [name, value] of Object.entries(attributes))
    if (value !== undefined) target.setAttribute(name, String(value))
}

/** An HTML element with its attributes and children. */
export const html = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: ReadonlyArray<Child>
): HTMLElementTagNameMap[K] => {
  const created = document.createElement(tag)
  setAttributes(created, attributes)
  append(created, children)
  return created
}

const svgNamespace = "http://www.w3.org/2000/svg"

/** An SVG element with its attributes and children. */
export const svg = <K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: ReadonlyArray<Child>
): SVGElementTagNameMap[K] => {
  const created = document.createElementNS(svgNamespace, tag)
  setAttributes(created, attributes)
  append(created, children)
  return created
}
