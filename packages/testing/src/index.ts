/**
 * The Rectify conformance kit: fast-check properties that every activation,
 * built-in or your own, must satisfy, and a check against reference values
 * computed by PyTorch. Run them programmatically with {@link runConformance}
 * and {@link checkReference}, or as vitest tests with `describeConformance`
 * and `describeReference` from `@rectify/testing/vitest`.
 *
 * @packageDocumentation
 */
export { runConformance, checkProperty, formatReport, type ConformanceReport, type PropertyResult } from './run.js';
export { conformanceProperties, type ConformanceProperty } from './properties.js';
export { createContext, type ConformanceOptions, type KitContext, type Case, type CaseOptions } from './context.js';
export { configArbitrary, fieldArbitrary, validConfig, type DrawnConfig } from './configs.js';
export {
  shapeArbitrary,
  largeShapeArbitrary,
  valueArbitrary,
  edgeValueArbitrary,
  smoothValueArbitrary,
  tensorOfShape,
  toArray,
  type ShapeOptions,
  type LargeShapeOptions,
} from './arbitraries.js';
export { bitEqual, firstDifference } from './compare.js';
export {
  checkReference,
  formatReference,
  formatMismatch,
  REFERENCE_TOLERANCE,
  type ReferenceOptions,
  type ReferenceReport,
  type ReferenceCaseResult,
  type ReferenceMismatch,
} from './reference.js';
export { DTYPE_LIMITS, edgeCase, edgeCasesWithDy, type EdgeRow, type EdgeRowWithDy, type DtypeLimits } from './edges.js';
export { parseReferenceFixture, type ReferenceFixture, type ReferenceCase, type EncodedNumber } from './fixture.js';
export {
  engineCases,
  mixedError,
  differing,
  differingSums,
  sumBound,
  inputs,
  drawn,
  SPECIAL,
  SATURATION,
  SLICE_EDGES,
  TIES,
  DY_EDGES,
  type Agreement,
  type EngineFamily,
  type EngineCase,
} from './engine.js';
