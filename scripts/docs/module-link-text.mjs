// @ts-check
/**
 * A typedoc plugin for the text of links to a package: `{@link @rectify/relu!}`
 * names the module with a declaration reference that ends in `!`, and typedoc
 * shows that reference as the link's text, "@rectify/relu!". This plugin
 * drops the `!` from the text of every such link that has no text of its
 * own, after the link has been resolved, in the README, the guides, the
 * package pages and the API comments alike.
 */
import { Renderer } from 'typedoc';

/** A link to a package written as a bare declaration reference to its module. */
const MODULE_REFERENCE = /^\s*(@rectify\/[\w-]+)!\s*$/;

/**
 * Fixes the links of one piece of rendered text.
 * @param {import('typedoc').CommentDisplayPart[] | undefined} parts
 */
function fixParts(parts) {
  for (const part of parts ?? []) {
    const name = part.kind === 'inline-tag' && part.tag === '@link' && part.target !== undefined ? MODULE_REFERENCE.exec(part.text)?.[1] : undefined;
    if (name !== undefined) part.text = name;
  }
}

/**
 * Registers the fix, which runs once the project is resolved and before any page is written.
 * @param {import('typedoc').Application} app
 */
export function load(app) {
  app.renderer.on(Renderer.EVENT_BEGIN, (event) => {
    const { project } = event;
    fixParts(project.readme);
    for (const reflection of Object.values(project.reflections)) {
      const withText = /** @type {{ readme?: import('typedoc').CommentDisplayPart[], content?: import('typedoc').CommentDisplayPart[] }} */ (reflection);
      fixParts(withText.readme);
      fixParts(withText.content);
      fixParts(reflection.comment?.summary);
      for (const tag of reflection.comment?.blockTags ?? []) fixParts(tag.content);
    }
  });
}
