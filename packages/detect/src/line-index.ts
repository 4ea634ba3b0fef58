/** A 1-based line and column in a text. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Maps offsets of `text` to 1-based line and column. Columns count UTF-16 code units, as
 * editors and `@babel/code-frame` do for the BMP.
 */
export function createLineIndex(text: string): (offset: number) => Position {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }

  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  };
}
