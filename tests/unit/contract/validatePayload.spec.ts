import { test, expect } from '@playwright/test';
import { validatePayload, parseJsonWithPosition } from '../../../harness/contract/validatePayload.ts';
import { jsonPathPositions } from '../../../harness/contract/parseJsonWithPosition.ts';

/** A body valid under the field table: every required field, right types and units. */
function tableBody(): Record<string, any> {
  return {
    platform: 'messenger',
    call_id: 'c_1',
    end_call_reason: 'Hangup_Call',
    end_call_subreason: 'Consumer hung up',
    call_ended_time: 1718000008,
    first_audio_packet_received_time: 1718000000,
    audio_stats: {
      call_ended_time: 1718000008,
      jitter: 0.0021,
      packets_lost: 2,
      packets_received: 400,
      round_trip_time_ms: 20.2,
      jitter_buffer_delay_ms: 19.7,
      concealed_samples: 1920,
      silent_concealed_samples: 960,
      total_samples_duration_ms: 8020,
    },
  };
}

/** The documentation example's body (without its trailing comma). */
function exampleBody(): Record<string, any> {
  return {
    platform: 'messenger',
    call_id: 'c_M5YPhGE5jm0L_PMQdScLlYJlR7tU_f0rgXinCqnTQ',
    end_call_reason: 'Hangup_Call',
    end_call_subreason: 'Conversation was finished',
    call_ended_time: 123456,
    first_audio_packet_received_time: 12345,
    audio_stats: {
      jitter_sec: 0.01,
      packets_lost: 0,
      packets_received: 1000,
      round_trip_time_sec: 10.5,
      jitter_buffer_delay_sec: 4000.5,
      concealed_samples: 2000,
      silent_concealed_samples: 16000,
      total_samples_duration_sec: 316.5,
    },
  };
}

test.describe('validatePayload', () => {
  test('a correct field-table body is valid under the table variant and not under the example variant', () => {
    expect(validatePayload(tableBody(), 'table')).toEqual([]);
    const asExample = validatePayload(tableBody(), 'example');
    expect(asExample.map((i) => i.path)).toContain('audio_stats.jitter_sec');
    expect(asExample.map((i) => i.path)).toContain('audio_stats.round_trip_time_ms');
  });

  test("the documentation's example body is valid under the example variant only", () => {
    expect(validatePayload(exampleBody(), 'example')).toEqual([]);
    const issues = validatePayload(exampleBody(), 'table');
    expect(issues).toContainEqual({
      path: 'audio_stats.round_trip_time_ms',
      message: 'audio_stats.round_trip_time_ms is required by the field table and is missing (the body has audio_stats.round_trip_time_sec instead)',
    });
    expect(issues).toContainEqual({ path: 'audio_stats.call_ended_time', message: 'audio_stats.call_ended_time is required by the field table and is missing' });
    expect(issues).toContainEqual({
      path: 'audio_stats.jitter_sec',
      message: 'audio_stats.jitter_sec is not a field of the field table (the field table names it audio_stats.jitter)',
    });
  });

  test('every constraint is named with the path and the value found, all issues at once', () => {
    const body = tableBody();
    body.platform = 'web';
    body.call_id = '';
    body.end_call_reason = 'HangupCall';
    body.call_ended_time = 1718000008123;
    body.first_audio_packet_received_time = 1718000000.5;
    body.audio_stats.packets_lost = 1.5;
    body.audio_stats.packets_received = -3;
    body.audio_stats.jitter = '0.002';
    body.audio_stats.round_trip_time_ms = -1;
    body.extra = true;
    expect(validatePayload(body, 'table')).toEqual([
      { path: 'extra', message: 'extra is not a field of the field table' },
      { path: 'platform', message: 'platform must be "messenger", got "web"' },
      { path: 'call_id', message: 'call_id must not be empty, got ""' },
      { path: 'end_call_reason', message: 'end_call_reason must be one of the 22 end_call_reason values, got "HangupCall" (did you mean "Hangup_Call"?)' },
      { path: 'call_ended_time', message: 'call_ended_time must be ≤ 9999999999 (Unix seconds; this looks like milliseconds), got 1718000008123' },
      { path: 'first_audio_packet_received_time', message: 'first_audio_packet_received_time must be an integer, got 1718000000.5' },
      { path: 'audio_stats.jitter', message: 'audio_stats.jitter must be a number, got "0.002"' },
      { path: 'audio_stats.packets_lost', message: 'audio_stats.packets_lost must be an integer, got 1.5' },
      { path: 'audio_stats.packets_received', message: 'audio_stats.packets_received must be ≥ 0, got -3' },
      { path: 'audio_stats.round_trip_time_ms', message: 'audio_stats.round_trip_time_ms must be ≥ 0, got -1' },
    ]);
  });

  test('a body that is not an object is named as the payload, at the root path', () => {
    expect(validatePayload([], 'table')).toEqual([{ path: '', message: 'the payload must be an object, got an array' }]);
    expect(validatePayload('x', 'example')).toEqual([{ path: '', message: 'the payload must be an object, got "x"' }]);
    expect(validatePayload({ ...tableBody(), audio_stats: null }, 'table')).toEqual([
      { path: 'audio_stats', message: 'audio_stats must be an object, got null' },
    ]);
  });

  test('missing top-level fields are each reported; access_token in the body is allowed', () => {
    const issues = validatePayload({ access_token: 'tok' }, 'table');
    expect(issues.map((i) => i.path)).toEqual([
      'platform',
      'call_id',
      'end_call_reason',
      'end_call_subreason',
      'call_ended_time',
      'first_audio_packet_received_time',
      'audio_stats',
    ]);
    expect(validatePayload({ ...tableBody(), access_token: 'tok' }, 'table')).toEqual([]);
  });

  test('NaN and Infinity (possible in an in-memory payload) are not numbers', () => {
    const body = tableBody();
    body.audio_stats.jitter = Number.NaN;
    body.audio_stats.packets_received = Number.POSITIVE_INFINITY;
    expect(validatePayload(body, 'table').map((i) => i.message)).toEqual([
      'audio_stats.jitter must be a number, got NaN',
      'audio_stats.packets_received must be an integer, got Infinity',
    ]);
  });
});

test.describe('parseJsonWithPosition', () => {
  test('valid JSON gives the value', () => {
    expect(parseJsonWithPosition('{"a": [1, 2.5e3, "x\\n"]}')).toEqual({ ok: true, value: { a: [1, 2500, 'x\n'] } });
  });

  test('a trailing comma is located at the comma itself, 1-based', () => {
    const text = '{\n  "a": {\n    "b": 1\n  },\n}\n';
    expect(parseJsonWithPosition(text)).toEqual({
      ok: false,
      line: 4,
      column: 4,
      offset: text.indexOf('},') + 1,
      trailingComma: true,
      message: "trailing comma before '}': JSON allows no comma after the last property",
    });
    expect(parseJsonWithPosition('[1,\n 2,\n]')).toMatchObject({ ok: false, line: 2, column: 3, trailingComma: true });
  });

  for (const [text, line, column, message] of [
    ['', 1, 1, 'expected a value, found end of input'],
    ['{"a" 1}', 1, 6, "expected ':' after the property name, found \"1\""],
    ["{'a': 1}", 1, 2, 'expected a property name in double quotes, found "\'"'],
    ['{"a": 01}', 1, 8, 'invalid number: unexpected "1"'],
    ['{"a": "x', 1, 7, 'unterminated string'],
    ['{"a": 1} x', 1, 10, 'unexpected "x" after the end of the JSON value'],
    ['{"a": tru}', 1, 7, 'expected a value, found "t"'],
    ['{\n"a": 1\n"b": 2}', 3, 1, "expected ',' or '}' in the object, found \"\\\"\""],
  ] as const) {
    test(`locates ${JSON.stringify(text)} at ${line}:${column}`, () => {
      expect(parseJsonWithPosition(text)).toMatchObject({ ok: false, line, column, message, trailingComma: false });
    });
  }

  test('member positions point at keys, array items at their value', () => {
    const positions = jsonPathPositions('{\n  "a": {"b": [10, 20]},\n  "c": 1\n}');
    expect(positions.get('')).toEqual({ line: 1, column: 1 });
    expect(positions.get('a')).toEqual({ line: 2, column: 3 });
    expect(positions.get('a.b')).toEqual({ line: 2, column: 9 });
    expect(positions.get('a.b.1')).toEqual({ line: 2, column: 19 });
    expect(positions.get('c')).toEqual({ line: 3, column: 3 });
    expect(jsonPathPositions('{"a": }').size).toBe(0);
  });

  test('CRLF line endings: a line ends at \\r\\n, columns count from the character after it', () => {
    const positions = jsonPathPositions('{\r\n  "a": 1,\r\n\r\n    "b": [\r\n 2]\r\n}\r\n');
    expect(Object.fromEntries(positions)).toEqual({
      '': { line: 1, column: 1 },
      a: { line: 2, column: 3 },
      b: { line: 4, column: 5 },
      'b.0': { line: 5, column: 2 },
    });
  });

  test('a lone \\r ends a line too, as editors show it', () => {
    const positions = jsonPathPositions('{"a": 1,\r  "b": 2}');
    expect(positions.get('b')).toEqual({ line: 2, column: 3 });
  });

  test('multi-byte characters count one column each (UTF-16 code units: an emoji counts two)', () => {
    // "é" is 2 bytes in UTF-8, "中" 3, "😀" 4 (2 UTF-16 code units)
    const positions = jsonPathPositions('{"é": "中中", "b": 1,\n "😀": 2, "c": 3}');
    expect(positions.get('["é"]')).toEqual({ line: 1, column: 2 });
    expect(positions.get('b')).toEqual({ line: 1, column: 13 });
    expect(positions.get('["😀"]')).toEqual({ line: 2, column: 2 });
    expect(positions.get('c')).toEqual({ line: 2, column: 11 });
  });

  test('only the paths asked for are located', () => {
    const positions = jsonPathPositions('{"a": {"b": 1, "c": 2}}', new Set(['a.c', 'missing']));
    expect(Object.fromEntries(positions)).toEqual({ 'a.c': { line: 1, column: 16 } });
  });

  test('a syntax error after CRLF lines and multi-byte characters is located as an editor shows it', () => {
    expect(parseJsonWithPosition('{\r\n"é中": 1,\r\n"b" 2}')).toMatchObject({ ok: false, line: 3, column: 5 });
  });
});
