/**
 * The one line that says why a scenario file could not be loaded, never a stack trace: where
 * a syntax error is (`syntax.ts:7:43: cannot load: Expected "}" but found "]"`), else the
 * error's own first line. Node side.
 *
 * Finding the place: a TypeScript file is compiled by tsx (esbuild), whose TransformError keeps
 * only its message, one `FILE:LINE:COLUMN: ERROR: TEXT` line per error after a heading; a
 * JavaScript file is compiled by V8, whose SyntaxError names no position, so esbuild compiles
 * the file once more to find it. esbuild counts the column in UTF-8 bytes from 0; the message
 * gives it as an editor does, 1-based in characters (UTF-16 code units), from the line's text.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { extname } from 'node:path';
import { transformSync, type Loader, type Message } from 'esbuild';
import { displayPath } from '../paths/displayPath.ts';

interface Located {
  /** absolute path of the file the error is in (the scenario file or a module it imports) */
  file: string;
  /** 1-based */
  line: number;
  /** 0-based, in UTF-8 bytes, as esbuild counts it */
  byteColumn: number;
  text: string;
  /** the text of the line, when esbuild gave it */
  lineText?: string;
}

/** One error of esbuild's message format: `/abs/path/syntax.ts:7:42: ERROR: Expected "}" but found "]"`. */
const LOCATED_LINE = /^(.+):(\d+):(\d+): ERROR: (.*)$/;

function fromTransformMessage(message: string): Located[] {
  return message.split('\n').flatMap((line) => {
    const m = LOCATED_LINE.exec(line);
    return m ? [{ file: m[1]!, line: Number(m[2]), byteColumn: Number(m[3]), text: m[4]! }] : [];
  });
}

const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx' };

/** esbuild's errors for `path` (none when it compiles, or cannot be read). */
function compileErrors(path: string): Located[] {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  try {
    transformSync(source, { loader: LOADERS[extname(path)] ?? 'js', format: 'esm', sourcefile: path, logLevel: 'silent' });
    return [];
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors ?? [];
    return errors.flatMap(({ location, text }) =>
      location ? [{ file: path, line: location.line, byteColumn: location.column, text, lineText: location.lineText }] : [],
    );
  }
}

/** JavaScript's line terminators, as esbuild counts lines */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/** the 1-based column in UTF-16 code units; esbuild's own (plus one) when the line cannot be read */
function column(located: Located): number {
  let lineText = located.lineText;
  if (lineText === undefined) {
    try {
      lineText = readFileSync(located.file, 'utf8').split(LINE_BREAK)[located.line - 1];
    } catch {
      // the file is gone or unreadable: keep esbuild's count
    }
  }
  if (lineText === undefined) return located.byteColumn + 1;
  return Buffer.from(lineText, 'utf8').subarray(0, located.byteColumn).toString('utf8').length + 1;
}

function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b); // Node imports a module by its real path
  } catch {
    return false;
  }
}

/**
 * @param path the scenario file's absolute path
 * @param error what importing it threw
 * @returns one line, starting with the file (and the line and column when known)
 */
export function scenarioLoadError(path: string, error: unknown): string {
  const file = displayPath(path);
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const located = name === 'TransformError' ? fromTransformMessage(message) : name === 'SyntaxError' ? compileErrors(path) : [];
  const first = located[0];
  if (first) {
    const more = located.length > 1 ? ` (and ${located.length - 1} more error${located.length > 2 ? 's' : ''})` : '';
    if (samePath(first.file, path)) return `${file}:${first.line}:${column(first)}: cannot load: ${first.text}${more}`;
    return `${file}: cannot load: ${displayPath(first.file)}:${first.line}:${column(first)}: ${first.text}${more}`;
  }
  return `${file}: cannot load: ${message.split('\n')[0] || name || 'it threw without a message'}`;
}
