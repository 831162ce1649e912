// The part of highlight.js the console uses. tsconfig.base.json maps `highlight.js/lib/*` here
// because the package's own types pull in the DOM lib (`/// <reference lib="dom" />`), which
// would change Node's stream types for the whole server.
interface HighlightCore {
  registerLanguage(name: string, language: unknown): void
  highlight(
    code: string,
    options: { readonly language: string; readonly ignoreIllegals: boolean },
  ): { readonly value: string }
}
declare const highlightModule: HighlightCore
// biome-ignore lint/style/noDefaultExport: it declares the shape of a third-party default export.
export default highlightModule
