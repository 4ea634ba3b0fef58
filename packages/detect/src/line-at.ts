/**
 * The 1-based line of `offset` in `text`. For the one or two positions an evidence item
 * needs: counting is cheaper than building a full line index of the file.
 */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; ) {
    line++;
    index = text.indexOf('\n', index + 1);
  }
  return line;
}
