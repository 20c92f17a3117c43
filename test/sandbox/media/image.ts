// Pictures drawn by code: the sandbox never downloads media. Each picture is a pure function of its seed, so a
// seeded world looks the same on every run and a restart with --data can regenerate what it did not persist.

/** 8-bit RGB, row-major, three bytes per pixel. */
export interface RgbImage {
  readonly width: number
  readonly height: number
  readonly pixels: Uint8Array
}

export type PatternKind = 'gradient' | 'circles' | 'stripes' | 'checker' | 'avatar'

export interface PatternOptions {
  readonly width: number
  readonly height: number
  readonly seed: number
  readonly kind?: PatternKind
}

/** A small deterministic generator (mulberry32), enough to pick colours and positions from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Colour = readonly [number, number, number]

function randomColour(random: () => number): Colour {
  // Saturated colours from the hue wheel look better than uniform RGB noise.
  const hue = random() * 6
  const sector = Math.floor(hue)
  const f = hue - sector
  const high = 230
  const low = 40 + Math.floor(random() * 60)
  const mid = Math.round(low + (high - low) * (sector % 2 === 0 ? f : 1 - f))
  const table: Colour[] = [
    [high, mid, low],
    [mid, high, low],
    [low, high, mid],
    [low, mid, high],
    [mid, low, high],
    [high, low, mid],
  ]
  return table[sector % 6]!
}

const mix = (a: Colour, b: Colour, t: number): Colour => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
]

/** Draws a text-free picture: a diagonal gradient with shapes chosen by `kind` on top. */
export function drawPattern({ width, height, seed, kind = 'gradient' }: PatternOptions): RgbImage {
  const random = seededRandom(seed)
  const from = randomColour(random)
  const to = randomColour(random)
  const accent = randomColour(random)
  const angle = random() * Math.PI * 2
  const dx = Math.cos(angle)
  const dy = Math.sin(angle)
  const circles = Array.from({ length: 3 + Math.floor(random() * 4) }, () => ({
    x: random() * width,
    y: random() * height,
    r: (0.08 + random() * 0.22) * Math.min(width, height),
    colour: randomColour(random),
  }))
  const stripe = Math.max(4, Math.round(Math.min(width, height) / (6 + random() * 10)))
  const pixels = new Uint8Array(width * height * 3)
  const span = Math.abs(dx) * width + Math.abs(dy) * height || 1
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = ((x - width / 2) * dx + (y - height / 2) * dy) / span + 0.5
      let colour = mix(from, to, Math.min(1, Math.max(0, t)))
      switch (kind) {
        case 'circles':
          for (const circle of circles) {
            const distance = Math.hypot(x - circle.x, y - circle.y)
            if (distance < circle.r) colour = mix(colour, circle.colour, 0.75)
          }
          break
        case 'stripes':
          if (Math.floor((x + y) / stripe) % 2 === 0) colour = mix(colour, accent, 0.35)
          break
        case 'checker':
          if ((Math.floor(x / stripe) + Math.floor(y / stripe)) % 2 === 0) colour = mix(colour, accent, 0.5)
          break
        case 'avatar': {
          // A head and shoulders silhouette, the shape people expect in a profile picture.
          const cx = width / 2
          const head = Math.hypot(x - cx, y - height * 0.4) < Math.min(width, height) * 0.2
          const body = Math.hypot((x - cx) / 1.6, y - height * 1.02) < Math.min(width, height) * 0.3
          if (head || body) colour = mix(colour, [245, 245, 245], 0.85)
          break
        }
        case 'gradient':
          break
      }
      const offset = (y * width + x) * 3
      pixels[offset] = colour[0]
      pixels[offset + 1] = colour[1]
      pixels[offset + 2] = colour[2]
    }
  }
  return { width, height, pixels }
}

/** Scales down by averaging the source pixels each target pixel covers (a box filter: no aliasing stripes). */
export function downscale(source: RgbImage, width: number, height: number): RgbImage {
  if (width >= source.width && height >= source.height) return source
  const pixels = new Uint8Array(width * height * 3)
  const xScale = source.width / width
  const yScale = source.height / height
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * yScale)
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * yScale))
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * xScale)
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * xScale))
      let r = 0
      let g = 0
      let b = 0
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const offset = (sy * source.width + sx) * 3
          r += source.pixels[offset]!
          g += source.pixels[offset + 1]!
          b += source.pixels[offset + 2]!
        }
      }
      const count = (y1 - y0) * (x1 - x0)
      const offset = (y * width + x) * 3
      pixels[offset] = Math.round(r / count)
      pixels[offset + 1] = Math.round(g / count)
      pixels[offset + 2] = Math.round(b / count)
    }
  }
  return { width, height, pixels }
}

/** The largest size with the source's aspect ratio that fits in a `box` x `box` square. */
export function fitInBox(width: number, height: number, box: number): { width: number; height: number } {
  if (width <= box && height <= box) return { width, height }
  const scale = box / Math.max(width, height)
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}
