import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { SeededRandom, createRng, uniform01 } from '../src/index.js';

const draws = (next: () => number, n: number): number[] => Array.from({ length: n }, next);

describe('createRng', () => {
  it("should give pure-rand's xoroshiro128+ stream for every 32-bit seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (seed) => {
        const ours = createRng(seed);
        const theirs = xoroshiro128plus(seed);
        expect(draws(() => ours.next(), 64)).toEqual(draws(() => theirs.next(), 64));
        expect(ours.getState()).toEqual(theirs.getState());
      }),
    );
  });

  it('should truncate other numbers to a 32-bit seed', () => {
    expect(createRng(2 ** 32 + 5).getState()).toEqual(createRng(5).getState());
  });
});

describe('SeededRandom', () => {
  it('should clone into an independent generator at the same point', () => {
    const a = createRng(7);
    a.next();
    const b = a.clone();
    expect(b).toBeInstanceOf(SeededRandom);
    expect(draws(() => b.next(), 8)).toEqual(draws(() => a.next(), 8));
    b.next();
    expect(a.getState()).not.toEqual(b.getState());
  });

  it('should continue the stream from a state set on it, and change nothing else', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat({ max: 100 }), (seed, skip) => {
        const reference = createRng(seed);
        for (let i = 0; i < skip; i++) reference.next();
        const state = reference.getState();
        const other = createRng(seed + 1);
        other.setState(state);
        expect(draws(() => other.next(), 16)).toEqual(draws(() => reference.next(), 16));
      }),
    );
  });

  it('should copy its state out and take it back at an offset, before and after drawing', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat({ max: 20 }), fc.nat({ max: 4 }), (seed, skip, offset) => {
        const rng = createRng(seed);
        for (let i = 0; i < skip; i++) rng.next();
        const buffer = new Int32Array(8);
        rng.copyState(buffer, offset);
        expect(Array.from(buffer.subarray(offset, offset + 4))).toEqual(Array.from(Int32Array.from(rng.getState())));
        const other = createRng(seed ^ 1);
        other.setState(buffer, offset);
        const again = new Int32Array(4);
        other.copyState(again);
        expect(Array.from(again)).toEqual(Array.from(buffer.subarray(offset, offset + 4)));
        expect(draws(() => other.next(), 8)).toEqual(draws(() => rng.next(), 8));
      }),
    );
  });

  it('should drive uniform01 as any pure-rand generator does', () => {
    const u = uniform01(createRng(3));
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
    expect(u).toBe(uniform01(new SeededRandom(xoroshiro128plus(3).getState())));
  });
});
