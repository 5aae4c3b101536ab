#!/usr/bin/env node
/**
 * Entry point of the `dying-relu` command; see `cli.ts`.
 */
import { main } from './cli.js';

process.exitCode = main(process.argv.slice(2));
