// Draws the extension's icon, images/icon.png (128 × 128), from geometry alone, so that it needs no image
// editor and no download: a navy rounded square holding a seven-spoked wheel (the helm of Kubernetes' own
// logo has seven) with an amber hub, the "hindsight" of the name drawn as a rear-facing arc around it.
// Run `node scripts/icon.mjs` after changing it; test/unit/vsix.test.ts checks that the file matches.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // 4 × 4 samples per pixel: smooth edges without a graphics library.

const NAVY = [22, 43, 84];
const WHITE = [245, 247, 250];
const AMBER = [247, 176, 36];

/** Signed distance from (x, y) to the segment a–b, minus half its width: below 0 is inside the stroke. */
function segment(x, y, ax, ay, bx, by, width) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy) - width / 2;
}

/** The colour of one sample point, or undefined outside the icon (transparent). */
function sample(x, y) {
  const c = SIZE / 2;
  // Rounded square background.
  const r = 24;
  const qx = Math.max(Math.abs(x - c) - (c - r), 0);
  const qy = Math.max(Math.abs(y - c) - (c - r), 0);
  if (Math.hypot(qx, qy) > r) return undefined;
  const d = Math.hypot(x - c, y - c);
  const angle = Math.atan2(y - c, x - c);
  if (d < 9) return AMBER;
  // The wheel's rim and seven spokes.
  if (Math.abs(d - 34) < 5) return WHITE;
  for (let i = 0; i < 7; i++) {
    const a = -Math.PI / 2 + (i * 2 * Math.PI) / 7;
    const inner = [c + 9 * Math.cos(a), c + 9 * Math.sin(a)];
    const outer = [c + 46 * Math.cos(a), c + 46 * Math.sin(a)];
    if (segment(x, y, inner[0], inner[1], outer[0], outer[1], 6) < 0) return WHITE;
  }
  // The backward-looking arc, over the upper left, ending in an arrowhead.
  if (Math.abs(d - 52) < 3 && angle > -Math.PI && angle < -Math.PI / 2.4) return AMBER;
  const tip = [c - 52, c];
  if (segment(x, y, tip[0], tip[1], tip[0] - 7, tip[1] - 9, 5) < 0) return AMBER;
  if (segment(x, y, tip[0], tip[1], tip[0] + 8, tip[1] - 8, 5) < 0) return AMBER;
  return NAVY;
}

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function iconPng() {
  const rows = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
    for (let x = 0; x < SIZE; x++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = sample(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
          if (!colour) continue;
          red += colour[0];
          green += colour[1];
          blue += colour[2];
          covered++;
        }
      }
      const at = 1 + x * 4;
      if (covered > 0) {
        row[at] = Math.round(red / covered);
        row[at + 1] = Math.round(green / covered);
        row[at + 2] = Math.round(blue / covered);
      }
      row[at + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../images/icon.png', import.meta.url), iconPng());
  console.log('wrote images/icon.png');
}
