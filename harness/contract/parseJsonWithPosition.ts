/**
 * JSON.parse with the position of the first syntax error as 1-based line and column, and a
 * message that says what was expected there. JSON.parse decides validity and builds the
 * value; only when it fails does a small scanner walk the text to locate and name the error,
 * because V8's messages differ between Node versions and give only a character offset.
 * Pure (runs anywhere).
 */
import { joinPath } from './fieldPath.ts';
import { textPositions, type TextPosition } from './textPositions.ts';

export type JsonParseResult =
  | { ok: true; value: unknown }
  | {
      ok: false;
      /** 1-based line of the first syntax error (a line ends at \n, \r\n or a lone \r) */
      line: number;
      /** 1-based column (in UTF-16 code units) of the first syntax error */
      column: number;
      /** what was found and what JSON allows there */
      message: string;
      /** 0-based character offset of the error */
      offset: number;
      /** the error is a comma before a closing bracket (JSON5/JS allow it, JSON does not) */
      trailingComma: boolean;
    };

/** Parses `text` as JSON; on failure reports where and why. */
export function parseJsonWithPosition(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const found = locateJsonError(text);
    if (found) {
      const trailingComma = found.message.startsWith(TRAILING_COMMA);
      return { ok: false, ...textPositions(text)(found.offset), message: found.message, offset: found.offset, trailingComma };
    }
    // The scanner accepted what JSON.parse refused: fall back to V8's own words at the text's end.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, ...textPositions(text)(text.length), message, offset: text.length, trailingComma: false };
  }
}

const TRAILING_COMMA = 'trailing comma';

/**
 * Where each member of a valid JSON text starts, by dotted path (`audio_stats.jitter`,
 * array items by index, '' for the root): the position of its key, 1-based. Lets messages
 * about a field point into the file. Returns an empty map when the text is not valid JSON.
 * One pass: the scanner records offsets as it meets the members, and `textPositions` turns
 * them into lines and columns without rescanning the text for each.
 * @param only the paths to locate (default: every member); a large file has far more members
 *   than messages, and a map of every path would hold more memory than the file itself
 */
export function jsonPathPositions(text: string, only?: ReadonlySet<string>): Map<string, TextPosition> {
  const scanner = new Scanner(text, only ?? true);
  try {
    scanner.skipSpace();
    scanner.record();
    scanner.value();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return new Map();
    throw error;
  }
  const positionOf = textPositions(text);
  const positions = new Map<string, TextPosition>();
  for (const [path, offset] of scanner.paths) positions.set(path, positionOf(offset));
  return positions;
}

interface Located {
  offset: number;
  message: string;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Finds the first syntax error in `text`, or null when the text is valid JSON. */
export function locateJsonError(text: string): Located | null {
  const scanner = new Scanner(text);
  try {
    scanner.skipSpace();
    scanner.value();
    scanner.skipSpace();
    if (scanner.pos < text.length) scanner.fail(`unexpected ${scanner.show()} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { offset: error.offset, message: error.message };
    throw error;
  }
}

/** A JSON number (RFC 8259 §6), matched in place (sticky) so long numbers need no copy. */
const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

/** Depth bound: nesting deeper than this is refused instead of overflowing the stack. */
const MAX_DEPTH = 1000;

class Scanner {
  pos = 0;
  private depth = 0;
  /** path → offset, filled only when recording */
  readonly paths = new Map<string, number>();
  /** the path of each member being read, outermost first: the current one is the last */
  private readonly pathStack = [''];
  constructor(
    private readonly text: string,
    /** which members' offsets to record: all (true), none (false) or those whose paths are in the set */
    private readonly recording: boolean | ReadonlySet<string> = false,
  ) {}

  private enterMember(key: string): void {
    if (this.recording !== false) this.pathStack.push(joinPath(this.pathStack[this.pathStack.length - 1] as string, key));
  }

  private leaveMember(): void {
    if (this.recording !== false) this.pathStack.pop();
  }

  /** Remembers the current position as the start of the member at the current path. */
  record(at = this.pos): void {
    if (this.recording === false) return;
    const path = this.pathStack[this.pathStack.length - 1] as string;
    if (this.recording === true || this.recording.has(path)) this.paths.set(path, at);
  }

  fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(at, message);
  }

  show(): string {
    if (this.pos >= this.text.length) return 'end of input';
    const ch = this.text[this.pos] as string;
    return JSON.stringify(ch);
  }

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else break;
    }
  }

  value(): void {
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    if (c === "'") this.fail("strings must use double quotes, found '");
    this.fail(`expected a value, found ${this.show()}`);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
  }

  private object(): void {
    this.enter();
    this.pos++; // {
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      this.depth--;
      return;
    }
    let comma = -1;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}' && comma >= 0) this.fail(`${TRAILING_COMMA} before '}': JSON allows no comma after the last property`, comma);
      if (this.text[this.pos] !== '"') this.fail(`expected a property name in double quotes, found ${this.show()}`);
      const keyStart = this.pos;
      this.string();
      const key = this.recording === false ? '' : this.keyAt(keyStart);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after the property name, found ${this.show()}`);
      this.pos++;
      this.skipSpace();
      this.enterMember(key);
      this.record(keyStart);
      this.value();
      this.leaveMember();
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        comma = this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        this.depth--;
        return;
      }
      this.fail(`expected ',' or '}' in the object, found ${this.show()}`);
    }
  }

  private array(): void {
    this.enter();
    this.pos++; // [
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      this.depth--;
      return;
    }
    let comma = -1;
    for (let index = 0; ; index++) {
      this.skipSpace();
      if (this.text[this.pos] === ']' && comma >= 0) this.fail(`${TRAILING_COMMA} before ']': JSON allows no comma after the last element`, comma);
      this.enterMember(String(index));
      this.record();
      this.value();
      this.leaveMember();
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        comma = this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        this.depth--;
        return;
      }
      this.fail(`expected ',' or ']' in the array, found ${this.show()}`);
    }
  }

  /** the property name whose quoted text starts at `start` and ends before `this.pos` */
  private keyAt(start: number): string {
    const quoted = this.text.slice(start, this.pos);
    return quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
  }

  private string(): void {
    const start = this.pos;
    this.pos++; // opening quote
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 34) {
        this.pos++;
        return;
      }
      if (c === 92) {
        const e = this.text[this.pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) this.fail('invalid \\u escape: expected 4 hex digits');
          this.pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          this.pos += 2;
        } else {
          this.fail(`invalid escape \\${e ?? ''} in a string`);
        }
        continue;
      }
      if (c < 0x20) this.fail('control character in a string (write it as an escape like \\n)');
      this.pos++;
    }
    this.fail('unterminated string', start);
  }

  private number(): void {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(`invalid number starting at ${this.show()}`);
    this.pos += match[0].length;
    const next = this.text[this.pos];
    if (next !== undefined && /[0-9.eE]/.test(next)) this.fail(`invalid number: unexpected ${this.show()}`);
  }
}
