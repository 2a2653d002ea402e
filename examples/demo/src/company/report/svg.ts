/**
 * The smallest pieces of SVG the demo draws with: escaping, elements with their
 * attributes, and the document around a picture, either a file of its own (the guides'
 * pictures) or inlined in the HTML report. Coordinates are rounded to a tenth of a
 * pixel, which keeps a picture of thousands of points small and its bytes the same
 * from run to run.
 */

/** An element's attributes, in the order they are written; numbers are coordinates. */
export type Attributes = Readonly<Record<string, string | number>>

/** Escapes text for the content of an XML or HTML element. */
export const escapeText = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** Escapes text for a double-quoted XML or HTML attribute. */
export const escapeAttribute = (text: string): string => escapeText(text).replace(/"/g, "&quot;")

/** A coordinate or length rounded to a tenth: `12.345` → `12.3`. */
export const coordinate = (value: number): string => String(Math.round(value * 10) / 10)

/** Writes attributes, each preceded by a space. */
export const attributes = (attrs: Attributes): string =>
  Object.entries(attrs)
    .map(
      ([name, value]) =>
        ` ${name}="${typeof value === "number" ? coordinate(value) : escapeAttribute(value)}"`,
    )
    .join("")

/** An element; `content` is written as it is (escape text with `escapeText`), none makes it empty. */
export const element = (name: string, attrs: Attributes, content?: string): string =>
  content === undefined
    ? `<${name}${attributes(attrs)}/>`
    : `<${name}${attributes(attrs)}>${content}</${name}>`

/** A text at (x, y), its content escaped. */
export const text = (x: number, y: number, content: string, attrs: Attributes = {}): string =>
  element("text", { x, y, ...attrs }, escapeText(content))

/** A line from (x1, y1) to (x2, y2). */
export const line = (
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  attrs: Attributes = {},
): string => element("line", { x1, y1, x2, y2, ...attrs })

/** A rectangle from its top-left corner. */
export const rect = (
  x: number,
  y: number,
  width: number,
  height: number,
  attrs: Attributes = {},
): string => element("rect", { x, y, width, height, ...attrs })

/** A circle around (cx, cy). */
export const circle = (cx: number, cy: number, r: number, attrs: Attributes = {}): string =>
  element("circle", { cx, cy, r, ...attrs })

/** A point of a polyline, in pixels. */
export type Point = readonly [x: number, y: number]

/** A polyline through `points`; its other attributes follow `points`. */
export const polyline = (points: ReadonlyArray<Point>, attrs: Attributes = {}): string =>
  element("polyline", {
    points: points.map(([x, y]) => `${coordinate(x)},${coordinate(y)}`).join(" "),
    ...attrs,
  })

/** A group giving its children common attributes (a fill, a class). */
export const group = (attrs: Attributes, children: ReadonlyArray<string>): string =>
  element("g", attrs, children.join(""))

/** The frame of a picture: its size, what it shows, and where it is going to live. */
export interface Picture {
  readonly width: number
  readonly height: number
  /** What the picture shows, for screen readers and as a tooltip. */
  readonly title: string
  /** A longer description, read after the title. */
  readonly description?: string
  /** The id of the `<title>` element; unique in the page when the picture is inlined. */
  readonly id: string
  /** A file of its own (with the SVG namespace and a final newline) rather than inlined in HTML. */
  readonly standalone?: boolean
  /** A style sheet of its own, for a standalone file (an inlined picture uses the page's). */
  readonly style?: string
  /** A background colour; none leaves it transparent. */
  readonly background?: string
}

/** The `<svg>` document around `body`, one element per line, labelled by its title. */
export const svgDocument = (picture: Picture, body: ReadonlyArray<string>): string => {
  const { width, height, id } = picture
  const descriptionId = `${id}-description`
  const lines = [
    `<svg${attributes({
      ...(picture.standalone === true ? { xmlns: "http://www.w3.org/2000/svg" } : {}),
      width,
      height,
      viewBox: `0 0 ${coordinate(width)} ${coordinate(height)}`,
      role: "img",
      "aria-labelledby": picture.description === undefined ? id : `${id} ${descriptionId}`,
    })}>`,
    element("title", { id }, escapeText(picture.title)),
    ...(picture.description === undefined
      ? []
      : [element("desc", { id: descriptionId }, escapeText(picture.description))]),
    ...(picture.style === undefined ? [] : [element("style", {}, picture.style)]),
    ...(picture.background === undefined
      ? []
      : [rect(0, 0, width, height, { fill: picture.background })]),
    ...body,
    "</svg>",
  ]
  return `${lines.join("\n")}${picture.standalone === true ? "\n" : ""}`
}
