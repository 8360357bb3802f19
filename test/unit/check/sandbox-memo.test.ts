import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSandboxMemo, writeSandboxMemo } from '../../../src/check/sandbox-memo.js';
import { tempDir } from '../../helpers.js';

describe('the kept sandbox probe', () => {
  it('is reused for the same bwrap file, and forgotten when that file changes', async () => {
    const env = { XDG_CACHE_HOME: tempDir('iacgen-xdg-') };
    const bwrap = path.join(tempDir('iacgen-bin-'), 'bwrap');
    writeFileSync(bwrap, '#!/bin/sh\n', { mode: 0o755 });
    expect(await readSandboxMemo(bwrap, env)).toBeUndefined();
    await writeSandboxMemo({ bwrap, version: '0.8.0' }, env);
    expect(await readSandboxMemo(bwrap, env)).toEqual({ bwrap, version: '0.8.0' });
    // Another cache folder knows nothing of it.
    expect(await readSandboxMemo(bwrap, { XDG_CACHE_HOME: tempDir('iacgen-xdg-') })).toBeUndefined();
    // An upgrade (a new modification time) is a new bwrap: probed again.
    utimesSync(bwrap, new Date(), new Date(Date.now() + 60_000));
    expect(await readSandboxMemo(bwrap, env)).toBeUndefined();
  });

  it('keeps nothing for a bwrap that is not there', async () => {
    const env = { XDG_CACHE_HOME: tempDir('iacgen-xdg-') };
    const missing = path.join(tempDir('iacgen-bin-'), 'bwrap');
    await writeSandboxMemo({ bwrap: missing }, env);
    expect(await readSandboxMemo(missing, env)).toBeUndefined();
  });
});
