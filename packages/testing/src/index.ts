/**
 * The Rectify conformance kit: fast-check properties that every activation,
 * built-in or your own, must satisfy. Run them programmatically with
 * {@link runConformance}, or as vitest tests with `describeConformance` from
 * `@rectify/testing/vitest`.
 *
 * @packageDocumentation
 */
export { runConformance, checkProperty, formatReport, type ConformanceReport, type PropertyResult } from './run.js';
export { conformanceProperties, type ConformanceProperty } from './properties.js';
export { createContext, type ConformanceOptions, type KitContext, type Case } from './context.js';
export { shapeArbitrary, valueArbitrary, smoothValueArbitrary, tensorOfShape, toArray, type ShapeOptions } from './arbitraries.js';
export { bitEqual, firstDifference } from './compare.js';
