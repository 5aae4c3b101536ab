/**
 * The Vite plugin that serves the digits asset: the page imports its address
 * from {@link DIGITS_MODULE}; the build generates the file and emits it
 * beside the page's scripts (under a hashed name), and the dev server
 * generates it once and serves it at {@link DEV_DIGITS_PATH}.
 *
 * @packageDocumentation
 */
import type { Plugin } from 'vite';
import { generateDigitsAsset } from './digits-asset.js';

/** The module whose default export is the asset's address. */
export const DIGITS_MODULE = 'virtual:rectify-digits';

/** Where the dev server serves the asset. */
export const DEV_DIGITS_PATH = '/rectify-digits.bin';

const RESOLVED = `\0${DIGITS_MODULE}`;

/**
 * Generates the digits asset and gives the page its address.
 */
export function digitsAsset(): Plugin {
  let building = false;
  let bytes: Uint8Array | undefined;
  const asset = (): Uint8Array => (bytes ??= generateDigitsAsset());
  return {
    name: 'rectify-playground-digits',
    configResolved(config) {
      building = config.command === 'build';
    },
    resolveId: (id) => (id === DIGITS_MODULE ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      if (!building) return `export default ${JSON.stringify(DEV_DIGITS_PATH)};`;
      const reference = this.emitFile({ type: 'asset', name: 'digits.bin', source: asset() });
      return `export default import.meta.ROLLUP_FILE_URL_${reference};`;
    },
    configureServer(server) {
      server.middlewares.use(DEV_DIGITS_PATH, (_request, response) => {
        response.setHeader('content-type', 'application/octet-stream');
        response.end(asset());
      });
    },
  };
}
