#!/usr/bin/env node
import { buildRegistry, roundTrip, tutorialTable } from './tour.js';

const registry = buildRegistry();
console.log(`Registered: ${registry.names().join(', ')}\n`);

for (const name of ['relu', 'leaky_relu', 'swish']) {
  for (const line of tutorialTable(registry, name)) console.log(line);
  console.log();
}

const { json, before, after } = roundTrip(registry);
console.log(`PReLU with a trained slope, serialised:\n${json}`);
console.log(`forward before: [${before.join(', ')}]`);
console.log(`forward after:  [${after.join(', ')}]`);
console.log(before.every((v, i) => Object.is(v, after[i])) ? 'identical bit for bit' : 'MISMATCH');
