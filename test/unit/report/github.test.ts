/**
 * The GitHub Actions reporter. The escaping rules are those of @actions/core
 * (actions/toolkit, packages/core/src/command.ts); the tests unescape as the runner does.
 */
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../../src/report/github.js';
import { fixtureResult, NASTY_MESSAGE, ODD_PATH } from './fixture.js';

/** Reverses the escapes, in the order the Actions runner does (`%25` last). */
function unescape(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** Splits `::name k=v,k=v::message` as the runner does: properties up to the first `::`. */
function parseCommand(line: string): { name: string; properties: Record<string, string>; message: string } {
  const match = /^::([a-z]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const properties = Object.fromEntries(
    (match[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at), unescape(pair.slice(at + 1))];
      }),
  );
  return { name: match[1] ?? '', properties, message: unescape(match[3] ?? '') };
}

describe('formatGithub', () => {
  const lines = formatGithub(fixtureResult()).trimEnd().split('\n');
  const commands = lines.filter((l) => l.startsWith('::')).map(parseCommand);

  it('prints one workflow command a line, then the summary line', () => {
    expect(lines.at(-1)).toMatch(/^failed: 7 files checked, 7 errors/);
    expect(commands).toHaveLength(lines.length - 1);
  });

  it('annotates every diagnostic with file, line, col and title', () => {
    const total = fixtureResult().files.reduce((n, f) => n + f.diagnostics.length, 0);
    expect(commands.filter((c) => c.properties.line)).toHaveLength(total);
    expect(lines[0]).toBe('::warning file=ansible/playbooks/site.yml,line=3,col=81,title=line-length (yamllint)::line too long (96 > 80 characters)');
    expect(commands.filter((c) => c.properties.line).map((c) => c.name).sort()).toEqual([...Array(7).fill('error'), 'notice', 'notice', 'warning', 'warning', 'warning'].sort());
  });

  it('escapes data and properties so the runner reads back the original', () => {
    const jinja = commands.find((c) => c.properties.title === 'jinja[invalid] (ansible-lint)');
    expect(jinja).toEqual({ name: 'error', properties: { file: ODD_PATH, line: '8', col: '3', title: 'jinja[invalid] (ansible-lint)' }, message: NASTY_MESSAGE });
    const raw = lines.find((l) => l.includes('jinja[invalid]'));
    expect(raw).toContain('at 100%25, see ::error::%0Asecond line');
  });

  it('warns once per missing checker and notes files not checked', () => {
    expect(lines).toContain('::warning title=shfmt not installed::shfmt did not check 2 files; install it: apt-get install shfmt');
    expect(lines).toContain('::notice file=data/big inventory.yml,title=not checked::larger than 1048576 bytes (5242880 bytes)');
    expect(lines.some((l) => l.includes('logo.png'))).toBe(false);
  });
});

describe('escaping', () => {
  it('escapes % first, then CR and LF in data', () => {
    expect(escapeData('100%\r\n::a,b')).toBe('100%25%0D%0A::a,b');
  });

  it('also escapes : and , in properties', () => {
    expect(escapeProperty('C:\\x, y%\n')).toBe('C%3A\\x%2C y%25%0A');
    expect(unescape(escapeProperty('%3A literal: , %'))).toBe('%3A literal: , %');
  });
});
