/**
 * The dockerfile-utils checker end to end: the built CLI on a real git repository. Every file
 * name that is a Dockerfile is checked; what will not build is an error (exit 1), opinions are
 * warnings (exit 0).
 */
import { describe, expect, it } from 'vitest';
import { runCli, tempRepo } from '../helpers.js';

interface Report {
  files: { path: string; type: string; checks: { checker: string; status: string }[]; diagnostics: { line: number; column: number; severity: string; rule: string; source: string }[] }[];
}

const GOOD = 'FROM alpine:3.20 AS build\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n\nFROM alpine:3.20\nCOPY --from=build /usr/bin/curl /usr/local/bin/\nCMD ["curl", "--version"]\n';

describe('iacgen validate: Dockerfiles', () => {
  it('checks Dockerfile, Containerfile, *.dockerfile and Dockerfile.* and reports what will not build', async () => {
    const repo = tempRepo({
      Dockerfile: 'FROM alpine:3.20\nRUNN apk add curl\n',
      'images/web/Containerfile': GOOD,
      'images/app.dockerfile': 'FROM alpine:3.20\nMAINTAINER ops@example.org\nCMD ["a"]\n',
      'images/Dockerfile.dev': 'FROM alpine:3.20\nEXPOSE 8080/tcpx\n',
    });
    const run = await runCli(['validate', '--format', 'json', '--only', 'dockerfile-utils'], repo);
    expect(run.exitCode, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const found = report.files.flatMap((f) => f.diagnostics.map((d) => `${f.path}:${d.line}:${d.column} ${d.severity} ${d.rule} ${d.source}`)).sort();
    expect(found).toEqual([
      'Dockerfile:2:1 error UNKNOWN_INSTRUCTION dockerfile-utils',
      'images/Dockerfile.dev:2:13 error INVALID_PROTO dockerfile-utils',
      'images/app.dockerfile:2:1 warning DEPRECATED_MAINTAINER dockerfile-utils',
    ]);
    expect(report.files.map((f) => `${f.path} ${f.type} ${f.checks.map((c) => `${c.checker}=${c.status}`).join(',')}`).sort()).toEqual([
      'Dockerfile dockerfile dockerfile-utils=fail',
      'images/Dockerfile.dev dockerfile dockerfile-utils=fail',
      'images/app.dockerfile dockerfile dockerfile-utils=pass',
      'images/web/Containerfile dockerfile dockerfile-utils=pass',
    ]);
  }, 60_000);

  it('exits 0 on warnings only', async () => {
    const repo = tempRepo({ Dockerfile: 'FROM alpine:3.20\nrun echo hi\n' });
    const run = await runCli(['validate', '--only', 'dockerfile-utils'], repo);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain('Dockerfile:2:1: warning CASING_INSTRUCTION');
  }, 60_000);
});
