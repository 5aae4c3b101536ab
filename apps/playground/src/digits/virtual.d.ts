/**
 * The module the build's digits plugin provides (`build/digits-plugin.ts`).
 */
declare module 'virtual:rectify-digits' {
  /** The address of the digits asset, on the page's own origin. */
  const url: string;
  export default url;
}
