import { describe, expect, it } from 'vitest';
import { mergeFile } from '../../../src/update/merge.js';
import { selectArtifacts } from '../../../src/commands/update.js';
import { UsageError } from '../../../src/errors.js';

const labels = { ours: 'yours', base: 'iacgen 0.1.0', theirs: 'iacgen 0.2.0' };
const base = 'a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n';

describe('mergeFile (git merge-file)', () => {
  it('keeps an edit of one line and brings a template change of another', async () => {
    const ours = base.replace('a: 1', 'a: 10');
    const theirs = base.replace('e: 5', 'e: 50');
    expect(await mergeFile({ ours, base, theirs, labels })).toEqual({ content: 'a: 10\nb: 2\nc: 3\nd: 4\ne: 50\n', conflicts: 0 });
  });

  it('marks a line both changed, with the labels', async () => {
    const result = await mergeFile({ ours: base.replace('c: 3', 'c: 30'), base, theirs: base.replace('c: 3', 'c: 300'), labels });
    expect(result.conflicts).toBe(1);
    expect(result.content).toBe('a: 1\nb: 2\n<<<<<<< yours\nc: 30\n=======\nc: 300\n>>>>>>> iacgen 0.2.0\nd: 4\ne: 5\n');
  });

  it('takes theirs when the file was not edited, and ours when the template did not change', async () => {
    const theirs = base.replace('b: 2', 'b: 20');
    expect(await mergeFile({ ours: base, base, theirs, labels })).toEqual({ content: theirs, conflicts: 0 });
    const ours = base.replace('b: 2', 'b: 21');
    expect(await mergeFile({ ours, base, theirs: base, labels })).toEqual({ content: ours, conflicts: 0 });
  });
});

describe('selectArtifacts', () => {
  const recorded = ['compose/kuma', 'playbook/kuma', 'shell/backup'];
  it('takes full ids, bare names recorded once, and --all', () => {
    expect(selectArtifacts(recorded, ['shell/backup', 'backup'], false)).toEqual(['shell/backup', 'shell/backup']);
    expect(selectArtifacts(recorded, [], true)).toEqual(recorded);
  });
  it.each([
    [['kuma'], false, /ambiguous: compose\/kuma, playbook\/kuma/],
    [['nope'], false, /no recorded artifact 'nope'/],
    [[], false, /name the artifacts to update, or pass --all/],
    [['kuma'], true, /--all updates every recorded artifact/],
  ])('refuses %j (all: %s)', (wanted, all, message) => {
    expect(() => selectArtifacts(recorded, wanted as string[], all as boolean)).toThrow(UsageError);
    expect(() => selectArtifacts(recorded, wanted as string[], all as boolean)).toThrow(message as RegExp);
  });
});
