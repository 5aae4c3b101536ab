// @ts-check
/**
 * Checks what the documentation site shows as text, after typedoc has
 * written it: no link reads as a module reference with its `!`
 * ("@rectify/relu!"), and every document's title, which is also its name in
 * the navigation, starts with a capital letter (a document without a front
 * matter title is named after its file, "architecture").
 *
 * Run after `typedoc`: `node scripts/docs/check-site-text.mjs`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const site = fileURLToPath(new URL('../../docs/site/', import.meta.url));

/**
 * Every HTML page typedoc wrote (the playground's own page excluded).
 * @param {string} dir
 * @returns {string[]}
 */
function pages(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'playground' && dir === site ? [] : pages(path);
    return entry.endsWith('.html') ? [path] : [];
  });
}

/** @returns {string[]} What is wrong. */
export function siteTextProblems() {
  if (!existsSync(join(site, 'index.html'))) return [`the site is not built: ${site}index.html is missing`];
  const problems = [];
  for (const page of pages(site)) {
    const html = readFileSync(page, 'utf8');
    for (const match of html.matchAll(/>\s*(@rectify\/[\w-]+!)\s*</g)) problems.push(`${relative(site, page)} shows the link text "${match[1]}"`);
  }
  for (const file of readdirSync(join(site, 'documents'))) {
    const title = /<title>([^<|]*)/.exec(readFileSync(join(site, 'documents', file), 'utf8'))?.[1]?.trim() ?? '';
    if (!/^\p{Lu}/u.test(title)) problems.push(`documents/${file} is titled "${title}": give its Markdown a front matter title`);
  }
  return problems;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = siteTextProblems();
  if (problems.length > 0) {
    process.stderr.write(`the site's text is not right:\n- ${problems.join('\n- ')}\n`);
    process.exit(1);
  }
  process.stdout.write('the site shows no module reference as link text, and every document has a title\n');
}
