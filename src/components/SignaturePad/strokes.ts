/**
 * Platform-free part of the signature pad: strokes as points, and whether they amount to
 * something drawn. A tap leaves a dot, not a signature, so confirm stays disabled until the
 * strokes cover MIN_INK_LENGTH CSS px.
 */
export interface Point {
  x: number
  y: number
}

export const MIN_INK_LENGTH = 12
export const INK_COLOR = '#1f2421'
export const PAPER_COLOR = '#ffffff'
/** stroke width in CSS px */
export const INK_WIDTH = 3

/** The minimal 2d context API both platforms provide (DOM canvas and weapp Canvas type 2d). */
export interface Ctx2d {
  beginPath(): void
  moveTo(x: number, y: number): void
  lineTo(x: number, y: number): void
  stroke(): void
  fillRect(x: number, y: number, w: number, h: number): void
  scale(x: number, y: number): void
  setTransform?(a: number, b: number, c: number, d: number, e: number, f: number): void
  lineWidth: number
  lineCap: string
  lineJoin: string
  strokeStyle: unknown
  fillStyle: unknown
}

export class StrokeTracker {
  private last: Point | null = null
  private length = 0

  get inkLength(): number {
    return this.length
  }

  get hasInk(): boolean {
    return this.length >= MIN_INK_LENGTH
  }

  begin(p: Point, ctx: Ctx2d | null): void {
    this.last = p
    if (!ctx) return
    ctx.beginPath()
    ctx.moveTo(p.x, p.y)
    // a dot is drawn, even if it does not count as a signature
    ctx.lineTo(p.x + 0.01, p.y + 0.01)
    ctx.stroke()
  }

  /** Draws to `p`; returns true while a stroke is open. */
  move(p: Point, ctx: Ctx2d | null): boolean {
    const from = this.last
    if (!from) return false
    this.length += Math.hypot(p.x - from.x, p.y - from.y)
    this.last = p
    if (ctx) {
      ctx.beginPath()
      ctx.moveTo(from.x, from.y)
      ctx.lineTo(p.x, p.y)
      ctx.stroke()
    }
    return true
  }

  /** Closes the stroke; true when one was open (a pointerup without a stroke returns false). */
  end(): boolean {
    const open = this.last !== null
    this.last = null
    return open
  }

  reset(): void {
    this.last = null
    this.length = 0
  }
}

/** Scales the context to device pixels, paints the paper and sets the pen. */
export function preparePaper(ctx: Ctx2d, cssWidth: number, cssHeight: number, dpr: number): void {
  if (ctx.setTransform) ctx.setTransform(1, 0, 0, 1, 0, 0)
  ctx.scale(dpr, dpr)
  ctx.fillStyle = PAPER_COLOR
  ctx.fillRect(0, 0, cssWidth, cssHeight)
  ctx.strokeStyle = INK_COLOR
  ctx.lineWidth = INK_WIDTH
  ctx.lineCap = 'round'
  ctx.lineJoin = 'round'
}
