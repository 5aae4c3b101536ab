/**
 * Fetches the digits asset from the page's own origin, once per page: each
 * training run on digits sends the worker a copy of the same bytes.
 *
 * @packageDocumentation
 */
import digitsUrl from 'virtual:rectify-digits';

let loading: Promise<Uint8Array> | undefined;

async function fetchDigits(): Promise<Uint8Array> {
  const response = await fetch(digitsUrl);
  if (!response.ok) throw new Error(`the digits could not be loaded (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The digits asset's bytes, fetched on the first call; a failed fetch is
 * tried again on the next call.
 */
export function loadDigitsAsset(): Promise<Uint8Array> {
  loading ??= fetchDigits().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
