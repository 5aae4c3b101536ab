#!/usr/bin/env node
import { buildRegistry, roundTrip, tutorialTable } from './tour.js';

const registry = buildRegistry();
console.log(`Registered: ${registry.names().join(', ')}\n`);

for (const name of ['relu', 'leaky_relu', 'swish']) {
  for (const line of tutorialTable(registry, name)) console.log(line);
  console.log();
}

const { json, before, after } = roundTrip(registry);
console.log(`PReLU with three slopes set by hand (0.1875, -0, NaN), serialised:\n${json}`);
const show = (values: Float64Array) => `[${Array.from(values, (v) => (Object.is(v, -0) ? '-0' : String(v))).join(', ')}]`;
console.log(`forward before: ${show(before)}`);
console.log(`forward after:  ${show(after)}`);
console.log(before.every((v, i) => Object.is(v, after[i])) ? 'identical bit for bit' : 'MISMATCH');
