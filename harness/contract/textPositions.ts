/**
 * Line and column of offsets into a text, as an editor shows them: 1-based; a line ends at
 * `\n`, `\r\n` or a lone `\r`; a column counts UTF-16 code units (as JavaScript string offsets
 * do: `é` and `中` count one, a character outside the Basic Multilingual Plane such as an emoji
 * two). The text is scanned for line starts once, only as far as the largest offset asked
 * for, and each lookup is a binary search among them: many lookups cost one pass over the
 * text, not one pass each. Pure.
 */

export interface TextPosition {
  /** 1-based line */
  line: number;
  /** 1-based column, in UTF-16 code units */
  column: number;
}

/** @returns the position of a 0-based offset; offsets past the end count as the end */
export function textPositions(text: string): (offset: number) => TextPosition {
  /** offsets where lines begin, ascending; line n (1-based) begins at lineStarts[n - 1] */
  const lineStarts = [0];
  let scanned = 0;
  return (offset: number): TextPosition => {
    const at = Math.max(0, Math.min(offset, text.length));
    for (; scanned < at; scanned++) {
      const c = text.charCodeAt(scanned);
      // \r\n is one break: the \n ends the line, so a \r followed by \n starts nothing
      if (c === 10 || (c === 13 && text.charCodeAt(scanned + 1) !== 10)) lineStarts.push(scanned + 1);
    }
    // the last line start ≤ at
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] as number) <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - (lineStarts[low] as number) + 1 };
  };
}
