/**
 * A run that gets killed: records three runs in the history at argv[2], marks a fourth as
 * started, prints "ready" and waits to be killed (SIGKILL: no handler, no cleanup), as a
 * nightly job killed by CI's timeout would. Exits on its own after 30 s if nobody kills it.
 */
import { appendRun, beginRun } from '../../../../harness/history/historyStore.ts';
import { callsWithJitter, syntheticResults } from '../../compare/support/syntheticResults.ts';

const historyDir = process.argv[2]!;
for (let i = 1; i <= 3; i++) {
  const id = `2026-01-0${i}T00-00-00Z-000${i}`;
  const startedAt = `2026-01-0${i}T00:00:00.000Z`;
  beginRun(historyDir, { id, startedAt, kind: 'run' });
  appendRun(historyDir, null, syntheticResults({ id, startedAt, calls: callsWithJitter('hangup-call', [2, 3, 4], 6) }), { gitRevision: null });
}
beginRun(historyDir, { id: '2026-01-04T00-00-00Z-0004', startedAt: '2026-01-04T00:00:00.000Z', kind: 'run' });
process.stdout.write('ready\n');
setTimeout(() => process.exit(3), 30_000);
