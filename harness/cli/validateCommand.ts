/**
 * `callsoak validate FILE [--variant table|example]`: checks a call_metrics payload file
 * offline and prints every problem, each pointing at its line and column. Invalid JSON is
 * reported where it breaks; when the only breakage is trailing commas (as in the
 * documentation's own example), the rest is still checked with them blanked out.
 * Exit 0 valid, 1 invalid, 2 unreadable.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { EXIT, UsageError, type ExitCode } from '../exit/exitCodes.ts';
import { jsonPathPositions, parseJsonWithPosition } from '../contract/parseJsonWithPosition.ts';
import { validatePayload, type PayloadVariant } from '../contract/validatePayload.ts';
import { offlineChecks } from '../contract/offlineChecks.ts';

const VARIANTS: Record<PayloadVariant, string> = {
  table: 'the field table (schemas/call-metrics.table.schema.json)',
  example: "the documentation's example (schemas/call-metrics.example.schema.json)",
};

/** Upper bound on trailing commas blanked before giving up: a payload has a few dozen brackets. */
const MAX_TRAILING_COMMAS = 1000;

export interface ValidateOutcome {
  exitCode: ExitCode;
  /** what the command prints on stdout, one entry per line */
  lines: string[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Validates the JSON text of `file` (named as the user typed it) against `variant`.
 * Pure apart from nothing: reading the file is the caller's job, so tests can pass text.
 */
export function validateText(file: string, text: string, variant: PayloadVariant): ValidateOutcome {
  const lines: string[] = [];
  // A byte-order mark is a file matter, not the payload's, and editors do not show it: without
  // it, offsets count from the first character a reader sees, so line 1's columns are theirs.
  let source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let syntaxErrors = 0;
  let parsed = parseJsonWithPosition(source);
  for (let i = 0; !parsed.ok && i < MAX_TRAILING_COMMAS; i++) {
    syntaxErrors++;
    lines.push(`${file}:${parsed.line}:${parsed.column}: error: invalid JSON: ${parsed.message}`);
    if (!parsed.trailingComma) break;
    // Blank the comma (same length, so every later line:column stays true) and read on.
    source = `${source.slice(0, parsed.offset)} ${source.slice(parsed.offset + 1)}`;
    parsed = parseJsonWithPosition(source);
  }
  if (!parsed.ok) {
    lines.push(`${file}: invalid: ${plural(syntaxErrors, 'JSON syntax error')}; the payload cannot be read further`);
    return { exitCode: EXIT.checkFailed, lines };
  }
  if (syntaxErrors > 0) lines.push(`${file}: note: the rest was checked with the trailing comma${syntaxErrors === 1 ? '' : 's'} removed`);

  const schemaIssues = validatePayload(parsed.value, variant);
  const offline = offlineChecks(parsed.value);
  // An issue points at its field, else at the nearest enclosing member the file has (a missing
  // field at its parent): only those paths are located.
  const wanted = new Set([...schemaIssues, ...offline].flatMap((issue) => pathAndParents(issue.path)));
  const positions = jsonPathPositions(source, wanted);
  const at = (path: string): string => {
    for (const p of pathAndParents(path)) {
      const pos = positions.get(p);
      if (pos) return `${file}:${pos.line}:${pos.column}`;
    }
    return file;
  };
  const found = [
    ...schemaIssues.map((issue) => ({ where: at(issue.path), text: `error: ${issue.message}` })),
    ...offline.map((issue) => ({ where: at(issue.path), text: `${issue.severity}: ${issue.message}` })),
  ];
  // In file order, as a compiler lists them; the sort is stable, so same-place issues keep schema order.
  found.sort((a, b) => positionKey(a.where) - positionKey(b.where));
  for (const f of found) lines.push(`${f.where}: ${f.text}`);

  const contractErrors = offline.filter((i) => i.severity === 'error').length;
  const warnings = offline.length - contractErrors;
  const valid = syntaxErrors === 0 && schemaIssues.length === 0 && contractErrors === 0;
  if (valid) {
    lines.push(`${file}: valid against ${VARIANTS[variant]}${warnings ? ` (${plural(warnings, 'warning')})` : ''}`);
    return { exitCode: EXIT.ok, lines };
  }
  const counts = [
    syntaxErrors ? plural(syntaxErrors, 'JSON syntax error') : '',
    schemaIssues.length ? plural(schemaIssues.length, 'schema problem') : '',
    contractErrors ? plural(contractErrors, 'contract problem') : '',
    warnings ? plural(warnings, 'warning') : '',
  ].filter(Boolean);
  lines.push(`${file}: invalid against ${VARIANTS[variant]}: ${counts.join(', ')}`);
  const other: PayloadVariant = variant === 'table' ? 'example' : 'table';
  if (schemaIssues.length > 0 && validatePayload(parsed.value, other).length === 0) {
    lines.push(`${file}: note: the ${other} variant's schema accepts this payload (--variant ${other})`);
  }
  return { exitCode: EXIT.checkFailed, lines };
}

/** `audio_stats.jitter`, `audio_stats`, '': a dotted path and the paths that enclose it, innermost first. */
function pathAndParents(path: string): string[] {
  const paths = [path];
  for (let p = path; p !== ''; ) {
    p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '';
    paths.push(p);
  }
  return paths;
}

/** Sort key of `file:line:column` (the file itself sorts first). */
function positionKey(where: string): number {
  const m = /:(\d+):(\d+)$/.exec(where);
  return m ? Number(m[1]) * 1e6 + Number(m[2]) : 0;
}

/** Reads FILE, or throws a UsageError with exit code 2 that says why it cannot be read. */
function readPayloadFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`cannot read ${file}: ${why}`, EXIT.usage);
  }
}

export function validateCommand(): Command {
  return new Command('validate')
    .description('check a call_metrics payload file offline and print every problem (exit 0 valid, 1 invalid, 2 unreadable)')
    .argument('<file>', 'JSON file holding one call_metrics request body')
    .addOption(
      new Option('--variant <variant>', 'schema to check against: table (the field table, the contract) or example (the documentation example)')
        .choices(['table', 'example'])
        .default('table'),
    )
    .action((file: string, options: { variant: PayloadVariant }) => {
      const outcome = validateText(file, readPayloadFile(file), options.variant);
      process.stdout.write(`${outcome.lines.join('\n')}\n`);
      process.exitCode = outcome.exitCode;
    });
}
