import { describeConformance } from '@rectify/testing/vitest';
import { rrelu } from '../src/index.js';

describeConformance(rrelu);
// Equal bounds: training draws the same slope every time.
describeConformance(rrelu, { config: { lower: 0.1, upper: 0.1 } });
// Bounds on both sides of 0: slopes of either sign, even within one call.
describeConformance(rrelu, { config: { lower: -0.2, upper: 0.5 } });
