import { execaSync } from 'execa';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAndClassify } from '../../../src/validate/read.js';
import { tempDir } from '../../helpers.js';

describe('readAndClassify', () => {
  it('classifies a readable text file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'run.sh'), 'echo hi\n');
    expect(await readAndClassify(path.join(dir, 'run.sh'), dir)).toEqual({ absPath: path.join(dir, 'run.sh'), type: 'shell', bytes: Buffer.from('echo hi\n') });
  });

  it('reports a binary file, a file over the size limit and an unreadable file instead of crashing', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'image.yml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    writeFileSync(path.join(dir, 'big.yml'), `key: ${'x'.repeat(100)}\n`);
    symlinkSync(path.join(dir, 'gone'), path.join(dir, 'dangling.yml'));
    expect(await readAndClassify(path.join(dir, 'image.yml'), dir)).toMatchObject({ type: 'unknown', note: 'binary file', notChecked: 'binary' });
    expect(await readAndClassify(path.join(dir, 'big.yml'), dir, 50)).toMatchObject({ type: 'unknown', note: 'larger than 50 bytes (106 bytes)', notChecked: 'too-large' });
    expect(await readAndClassify(path.join(dir, 'dangling.yml'), dir)).toMatchObject({ type: 'unknown', note: 'cannot be read (ENOENT)', notChecked: 'unreadable' });
  });

  it('never blocks on a FIFO that took a file\'s place after discovery: opened without blocking, closed unread', async () => {
    const dir = tempDir();
    execaSync('mkfifo', [path.join(dir, 'x.sh')]);
    expect(await readAndClassify(path.join(dir, 'x.sh'), dir)).toEqual({ absPath: path.join(dir, 'x.sh'), type: 'unknown', note: 'special file: FIFO', notChecked: 'special-file' });
  });
});
