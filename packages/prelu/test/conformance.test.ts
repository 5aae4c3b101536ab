import { describeConformance } from '@rectify/testing/vitest';
import { prelu } from '../src/index.js';

// One shared slope; any shape.
describeConformance(prelu);
// One slope per channel along axis 1: the kit keeps only shapes with 3 channels there.
describeConformance(prelu, { config: { numParameters: 3 } });
// Channels last: shapes whose last axis has 2 channels (the strided path when rank ≥ 2).
describeConformance(prelu, { config: { numParameters: 2, axis: -1 } });
