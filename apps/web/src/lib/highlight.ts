/**
 * Catalogue highlights arrive as HTML that the gateway escaped, with <mark> as the only markup. The console
 * checks that again before rendering it: any other `<` is escaped, so even a faulty answer cannot inject markup.
 */
export function safeHighlight(html: string): string {
  return html.replace(/<(?!\/?mark>)/g, '&lt;');
}
