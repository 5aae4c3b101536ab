/**
 * Screenshots of the main views: each is kept in out/screenshots as an
 * artefact and compared with the baseline in test/screenshots, with a
 * tolerance for anti-aliasing and font rendering. `UPDATE_SCREENSHOTS=1`
 * writes new baselines instead.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';

const baselines = fileURLToPath(new URL('./screenshots/', import.meta.url));
const artefacts = fileURLToPath(new URL('../out/screenshots/', import.meta.url));

/** A pixel differs when one of its channels moves by more than this (of 255). */
const CHANNEL_TOLERANCE = 32;
/** A screenshot matches when at most this fraction of its pixels differ. */
const PIXEL_TOLERANCE = 0.01;

/** What a comparison found. */
export interface ScreenshotComparison {
  readonly name: string;
  readonly withinTolerance: boolean;
  readonly reason?: string;
}

function slug(name: string): string {
  return name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
}

/** Counts the differing pixels of two PNGs in the browser, which decodes them. */
async function differingPixels(browser: Browser, a: Buffer, b: Buffer): Promise<{ width: number; height: number; differing: number } | string> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ([first, second, tolerance]) => {
        const load = async (base64: string) => {
          const image = new Image();
          image.src = `data:image/png;base64,${base64}`;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = image.width;
          canvas.height = image.height;
          const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
          ctx.drawImage(image, 0, 0);
          return ctx.getImageData(0, 0, image.width, image.height);
        };
        const [x, y] = [await load(first), await load(second)];
        if (x.width !== y.width || x.height !== y.height) return `sizes differ: ${x.width}×${x.height} against ${y.width}×${y.height}`;
        let differing = 0;
        for (let i = 0; i < x.data.length; i += 4) {
          for (let c = 0; c < 4; c++) {
            if (Math.abs((x.data[i + c] as number) - (y.data[i + c] as number)) > tolerance) {
              differing += 1;
              break;
            }
          }
        }
        return { width: x.width, height: x.height, differing };
      },
      [a.toString('base64'), b.toString('base64'), CHANNEL_TOLERANCE] as const,
    );
  } finally {
    await page.close();
  }
}

/**
 * Keeps a screenshot as an artefact and compares it with its baseline.
 *
 * @param browser - A browser to decode the images in.
 * @param name - The view's name.
 * @param shot - The PNG.
 */
export async function compareScreenshot(browser: Browser, name: string, shot: Buffer): Promise<ScreenshotComparison> {
  mkdirSync(artefacts, { recursive: true });
  const file = `${slug(name)}.png`;
  writeFileSync(`${artefacts}${file}`, shot);
  const baseline = `${baselines}${file}`;
  if (process.env['UPDATE_SCREENSHOTS'] === '1') {
    mkdirSync(baselines, { recursive: true });
    writeFileSync(baseline, shot);
    return { name, withinTolerance: true };
  }
  if (!existsSync(baseline)) return { name, withinTolerance: false, reason: `no baseline ${baseline}: run the tests with UPDATE_SCREENSHOTS=1 and review it` };
  const result = await differingPixels(browser, readFileSync(baseline), shot);
  if (typeof result === 'string') return { name, withinTolerance: false, reason: result };
  const fraction = result.differing / (result.width * result.height);
  return fraction <= PIXEL_TOLERANCE ? { name, withinTolerance: true } : { name, withinTolerance: false, reason: `${(fraction * 100).toFixed(2)}% of pixels differ (tolerance ${PIXEL_TOLERANCE * 100}%); see ${artefacts}${file}` };
}
