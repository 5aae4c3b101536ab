import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitEqual } from '@rectify/testing';
import { softmaxRows, type SoftmaxKind } from '../src/ops/softmax.js';
import type { KernelPath } from '../src/runtime.js';
import { blank, place, release } from './placement.js';
import { expected } from './softmax-rows-reference.js';

const KINDS: readonly SoftmaxKind[] = ['softmax', 'log_softmax', 'softmin'];


/** The array type of a dtype. */
const arrayOf = (dtype: 'float32' | 'float64') => (dtype === 'float32' ? Float32Array : Float64Array);

/** Values where the definitions branch: ±0, ±∞, NaN, the largest finite values, exp's clamps, subnormals. */
const EDGES = {
  float32: [-0, 0, Number.NaN, Infinity, -Infinity, 3.4028234663852886e38, -3.4028234663852886e38, 1e30, -1e30, 88.72, -103.9, -104.1, 1e-45, 710].map(Math.fround),
  float64: [-0, 0, Number.NaN, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, 1e300, -1e300, 709.7, -745.2, -746.1, 5e-324, 1e30],
};

/** Mostly finite values of a moderate range (most rows are finite), some anything, some edges. */
const valuesOf = (dtype: 'float32' | 'float64') =>
  fc.oneof(
    { weight: 8, arbitrary: dtype === 'float32' ? fc.float({ min: -30, max: 30, noNaN: true }) : fc.double({ min: -60, max: 60, noNaN: true }) },
    { weight: 1, arbitrary: dtype === 'float32' ? fc.float({ noDefaultInfinity: false }) : fc.double() },
    { weight: 1, arbitrary: fc.constantFrom(...EDGES[dtype]) },
  );

/** rows × n values of a dtype and a dy of the same length. */
const cases = (dtype: 'float32' | 'float64', lengths: fc.Arbitrary<number>) =>
  fc.record({ n: lengths, rows: fc.integer({ min: 1, max: 4 }) }).chain(({ n, rows }) =>
    fc.record({
      n: fc.constant(n),
      rows: fc.constant(rows),
      x: fc.array(valuesOf(dtype), { minLength: n * rows, maxLength: n * rows }).map((a) => arrayOf(dtype).from(a)),
      dy: fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: n * rows, maxLength: n * rows }).map((a) => arrayOf(dtype).from(a)),
    }),
  );

describe.each([
  ['float32', 'wasm', false],
  ['float32', 'wasm', true],
  ['float32', 'auto', false],
  ['float32', 'auto', true],
  ['float64', 'wasm', false],
  ['float64', 'wasm', true],
  ['float64', 'auto', false],
  ['float64', 'auto', true],
] as const)('the softmax family’s %s row kernels on the %s path (arena: %s)', (dtype, path: KernelPath, inArena: boolean) => {
  describe.each(KINDS)('%s', (kind) => {
    it.each([false, true])('should give the bits of core’s slice definition on rows of 1–41 elements (backward: %s)', (backward) => {
      // Every row length mod 16 reaches each loop and the tail of 1–7 elements, at every alignment.
      fc.assert(
        fc.property(cases(dtype, fc.integer({ min: 1, max: 41 })), ({ n, rows, x, dy }) => {
          const a = place(x, inArena);
          const g = place(dy, inArena);
          const out = blank(x, x.length, inArena);
          const ran = softmaxRows(path, kind, a, backward ? g : null, out, rows, n, 1);
          const got = out.slice();
          release(a, g, out);
          // The auto path leaves plain arrays under 64 elements to the activation's loop, having written nothing.
          if (!ran) return path === 'auto' && !inArena && x.length < 64 && got.every((v) => Object.is(v, 0));
          return bitEqual(got, expected(kind, x, backward ? dy : null, rows, n));
        }),
        { numRuns: 80 },
      );
    });

    it.each([false, true])('should keep the special values of a row: NaN, ±∞, the largest values, −∞ among finite ones (backward: %s)', (backward) => {
      const rows = [
        [Number.NaN, 1, 2, 3, 4, 5, 6, 7, 8],
        [Infinity, 0, 1, 2, 3, 4, 5, 6, 7],
        [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
        [0, -Infinity, 1, -Infinity, 2, -Infinity, 3, -Infinity, 4],
        [3.4028234663852886e38, -3.4028234663852886e38, 0, -0, 1e30, -1e30, 710, -710, 5],
        [-0, 0, -0, 0, -0, 0, -0, 0, -0],
        [1e-45, -1e-45, 88.72, -103.9, -104.1, 30, -30, 1, Infinity],
        [-Infinity, 0, 0, 0, 0, 0, 0, 0, 0],
        [1, 2, 3, 4, 5, 6, 7, 8, Number.NaN],
      ];
      const n = 9;
      const x = arrayOf(dtype).from(rows.flat());
      const dy = arrayOf(dtype).from(Array.from(x, (_, i) => (i % 4) - 1.5));
      const a = place(x, inArena);
      const g = place(dy, inArena);
      const out = blank(x, x.length, inArena);
      // 81 elements: enough for the auto path to run plain arrays in WebAssembly too.
      expect(softmaxRows(path, kind, a, backward ? g : null, out, rows.length, n, 1)).toBe(true);
      expect(bitEqual(out.slice(), expected(kind, x, backward ? dy : null, rows.length, n))).toBe(true);
      release(a, g, out);
    });
  });
});

describe('the softmax family’s row kernels on long rows and other layouts', () => {
  it.each((['float32', 'float64'] as const).flatMap((dtype) => KINDS.flatMap((kind) => [false, true].map((backward) => [dtype, kind, backward] as const))))(
    'should stream rows longer than a scratch region, with core’s bits: %s %s (backward: %s)',
    (dtype, kind, backward) => {
      for (const [n, rows] of [
        [8192 + 5, 3],
        [20_000, 2],
        [1000, 70],
      ] as const) {
        const x = new (arrayOf(dtype))(n * rows).map((_, i) => Math.sin(i * 12.9898) * 20);
        const dy = new (arrayOf(dtype))(n * rows).map((_, i) => Math.cos(i));
        for (const path of ['auto', 'wasm'] as const) {
          for (const inArena of [false, true]) {
            const a = place(x, inArena);
            const g = place(dy, inArena);
            const out = blank(x, x.length, inArena);
            expect(softmaxRows(path, kind, a, backward ? g : null, out, rows, n, 1)).toBe(true);
            expect(bitEqual(out.slice(), expected(kind, x, backward ? dy : null, rows, n))).toBe(true);
            release(a, g, out);
          }
        }
      }
    },
  );

  it('should leave an axis that is not the last, and the typescript and scalar paths to the activation’s loop, writing nothing', () => {
    const x = new Float32Array(200).map((_, i) => i / 10);
    const y = new Float32Array(200);
    expect(softmaxRows('wasm', 'softmax', x, null, y, 10, 10, 2)).toBe(false);
    expect(softmaxRows('wasm', 'softmin', new Float64Array(200), null, new Float64Array(200), 10, 10, 2)).toBe(false);
    expect(softmaxRows('typescript', 'log_softmax', x, null, y, 20, 10, 1)).toBe(false);
    expect(softmaxRows('scalar', 'softmin', x, null, y, 20, 10, 1)).toBe(false);
    expect(y.every((v) => Object.is(v, 0))).toBe(true);
  });

  it.each(['float32', 'float64'] as const)('should give exponentials that fall into the subnormals core’s bits wherever they fall in a row (%s)', (dtype) => {
    // e^(v − m) below the normal range needs core's two-factor scaling 2^⌊n/2⌋·2^(n−⌊n/2⌋); the main loop takes one factor
    // only when every lane of an iteration stays normal.
    const low = dtype === 'float32' ? -87 : -708;
    const step = dtype === 'float32' ? 0.37 : 1.9;
    for (const n of [16, 40, 57]) {
      const x = arrayOf(dtype).from(Array.from({ length: 3 * n }, (_, i) => (i % n === 0 ? 1 : i < n ? 1 - (i % 3) : low - ((i * 7) % 17) * step)));
      const dy = arrayOf(dtype).from(Array.from({ length: 3 * n }, (_, i) => ((i * 5) % 9) - 4.25));
      for (const kind of KINDS) {
        for (const backward of [false, true]) {
          const out = x.slice().fill(0);
          expect(softmaxRows('wasm', kind === 'softmin' ? 'softmax' : kind, x, backward ? dy : null, out, 3, n, 1)).toBe(true);
          const want = expected(kind === 'softmin' ? 'softmax' : kind, x, backward ? dy : null, 3, n);
          if (kind === 'softmax' && !backward) expect(want.some((v) => v !== 0 && Math.abs(v) < (dtype === 'float32' ? 2 ** -126 : 2 ** -1022))).toBe(true);
          expect(bitEqual(out, want)).toBe(true);
        }
      }
    }
  });

  it('should sum in core’s fixed order: on rows where another order of the float64 sums rounds differently, core’s bits', () => {
    // Found by a search over rows of one 1 (x = 0), terms near e^-2 and terms near 2^-53: on each, ln S or 1/S rounded to
    // float32 changes if the partial sums are combined as ((S0 + S1) + (S2 + S3)) + …, or kept as four, or the sum is sequential.
    const rows = [
      [0, -2.262695550918579, -2.9857468605041504, -37.45576477050781, -37.069705963134766, -38.68206787109375, -0.3112930655479431, -2.7550230026245117, -1.380224347114563, -0.8397924900054932, -1.0974633693695068, -36.931724548339844, -2.5940117835998535, -37.136627197265625, -0.853806734085083, -37.679264068603516],
      [0, -1.0761594772338867, -1.4054608345031738, -0.12152129411697388, -38.512271881103516, -38.216556549072266, -38.77997589111328, -0.18961966037750244, -2.4139461517333984, -37.64519119262695, -37.56304931640625, -0.5229760408401489, -38.48289108276367, -1.688109040260315, -36.50986099243164, -35.79747772216797],
      [0, -38.13485336303711, -36.687259674072266, -2.285508155822754, -0.2838744521141052, -2.0889923572540283, -1.3676934242248535, -2.3694918155670166, -2.2714593410491943, -1.2874549627304077, -2.5087039470672607, -2.626614809036255, -36.54519271850586, -36.39134979248047, -38.81264877319336, -38.58612060546875],
      [0, -38.03453826904297, -38.65800094604492, -36.12333679199219, -2.1048085689544678, -38.60396957397461, -1.3150089979171753, -0.9424363374710083, -37.656768798828125, -1.4458636045455933, -38.039615631103516, -37.73741149902344, -1.1086044311523438, -2.1961121559143066, -1.6975879669189453, -38.655174255371094],
      [0, -0.24247947335243225, -35.683250427246094, -0.48232412338256836, -2.2001492977142334, -37.450157165527344, -1.0720323324203491, -38.65333557128906, -0.41605520248413086, -1.6225045919418335, -36.598148345947266, -2.6573314666748047, -36.16539001464844, -2.786691188812256, -0.28017839789390564, -36.94908142089844],
    ];
    const n = 16;
    const x = Float32Array.from(rows.flat());
    const dy = Float32Array.from(x, (_, i) => Math.fround(((i * 5) % 9) - 4.25));
    for (const kind of ['softmax', 'log_softmax'] as const) {
      for (const backward of [false, true]) {
        const out = new Float32Array(x.length);
        expect(softmaxRows('wasm', kind, x, backward ? dy : null, out, rows.length, n, 1)).toBe(true);
        expect(bitEqual(out, expected(kind, x, backward ? dy : null, rows.length, n))).toBe(true);
      }
    }
  });
});
