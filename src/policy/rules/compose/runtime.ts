/**
 * Compose rules about how a service runs: healthcheck, `depends_on` conditions, resource
 * limits, restart policy, privileged mode. Services with `extends:` are not checked for what
 * they lack (the base service may have it).
 */
import { isNode, isScalar as isScalarNode, type Node } from 'yaml';
import { insertLines, policyFileOf } from '../../../fix/edit.js';
import type { TextFixer } from '../../../fix/types.js';
import { lineOfOffset } from '../../text.js';
import type { RuleLogic } from '../../types.js';
import { get, has, isMap, isSeq, items, pairsOf, keyOf, str } from '../../yaml.js';
import { at, eachService, servicesOf, type Service } from './walk.js';

/** `compose-no-healthcheck`: no `healthcheck:`, or one that is disabled. */
export const composeNoHealthcheck: RuleLogic = {
  fileTypes: ['compose'],
  check: (file) =>
    eachService(file, (s, line) => {
      const hc = get(s.node, 'healthcheck', s.doc);
      const test = get(hc, 'test', s.doc);
      const disabled = str(get(hc, 'disable', s.doc)) === 'true' || str(test) === 'NONE' || str(items(test, s.doc)[0]) === 'NONE';
      if (hc !== undefined && !disabled) return [];
      return [{ line: line(s.key), message: `service '${s.name}' has no healthcheck${disabled ? ' (it is disabled)' : ''}` }];
    }, false),
};

const READY = new Set(['service_healthy', 'service_completed_successfully']);

/** `compose-depends-on-unhealthy`: list-form `depends_on`, or a condition other than healthy/completed. */
export const composeDependsOnUnhealthy: RuleLogic = {
  fileTypes: ['compose'],
  check: (file) =>
    eachService(file, (s, line) => {
      const deps = get(s.node, 'depends_on', s.doc);
      if (isSeq(deps)) {
        return items(deps, s.doc).map((d) => ({ line: line(d), message: `depends_on '${str(d) ?? '?'}' waits only for the start: use condition: service_healthy` }));
      }
      if (!isMap(deps)) return [];
      return pairsOf(deps, s.doc).flatMap((pair) => {
        const condition = str(get(pair.value, 'condition', s.doc));
        if (condition && READY.has(condition)) return [];
        return [{ line: line(pair.key), message: `depends_on '${keyOf(pair) ?? '?'}' has ${condition ? `condition: ${condition}` : 'no condition'}: use condition: service_healthy` }];
      });
    }),
};

/** `compose-no-resource-limits`: no memory or no CPU limit. */
export const composeNoResourceLimits: RuleLogic = {
  fileTypes: ['compose'],
  check: (file) =>
    eachService(file, (s, line) => {
      const limits = ['deploy', 'resources', 'limits'];
      const memory = has(s.node, 'mem_limit', s.doc) || at(s.node, [...limits, 'memory'], s.doc) !== undefined;
      const cpu = has(s.node, 'cpus', s.doc) || has(s.node, 'cpu_quota', s.doc) || at(s.node, [...limits, 'cpus'], s.doc) !== undefined;
      const missing = [memory ? '' : 'memory', cpu ? '' : 'CPU'].filter(Boolean);
      return missing.length === 0 ? [] : [{ line: line(s.key), message: `service '${s.name}' has no ${missing.join(' or ')} limit` }];
    }, false),
};

const VALID_RESTART = /^(?:no|always|unless-stopped|on-failure(?::\d+)?)$/;
const HOUSE_RESTART = new Set(['always', 'unless-stopped']);

/** The restart policy of a service: `restart:` or swarm's `deploy.restart_policy.condition` (`any` = always). */
function restartOf(s: Service): { value: string | undefined; node: unknown } {
  const node = get(s.node, 'restart', s.doc);
  if (node !== undefined) return { value: str(node) ?? '', node };
  const condition = at(s.node, ['deploy', 'restart_policy', 'condition'], s.doc);
  const value = str(condition);
  return { value: value === 'any' ? 'always' : value === 'none' ? 'no' : value, node: condition };
}

/** `compose-restart-policy`: no restart policy, or one other than `unless-stopped`/`always`. */
export const composeRestartPolicy: RuleLogic = {
  fileTypes: ['compose'],
  check: (file) =>
    eachService(file, (s, line) => {
      const { value, node } = restartOf(s);
      if (value === undefined) return [{ line: line(s.key), message: `service '${s.name}' has no restart policy: add restart: unless-stopped` }];
      if (!VALID_RESTART.test(value) || HOUSE_RESTART.has(value)) return [];
      return [{ line: line(node), message: `service '${s.name}' has restart: ${value}: use unless-stopped or always` }];
    }, false),
};

/** The restart policy the fix writes (house rules: `unless-stopped`, or `always`). */
const HOUSE_DEFAULT = 'unless-stopped';

/**
 * `compose-restart-policy` (UNSAFE: a service meant to stay down after a crash or a reboot comes
 * back up): adds `restart: unless-stopped` to each service that has no restart policy at all,
 * indented like the service's other keys, after its `image:` line (else first, after the
 * service's name). A service with another policy (`on-failure:3`, `no`) is left alone: that is
 * a choice, not an omission. Services with `extends:` are skipped, as by the rule; so are flow
 * mappings (`app: {image: x}`) and aliases.
 */
export const composeRestartPolicyFix: TextFixer = {
  id: 'compose-restart-policy',
  handles: ['iacgen:compose-restart-policy'],
  fileTypes: ['compose'],
  safety: 'unsafe',
  apply(fixFile) {
    const file = policyFileOf(fixFile);
    const text = fixFile.text;
    const inserts: Array<{ index: number; line: string }> = [];
    for (const s of servicesOf(file)) {
      if (has(s.node, 'extends', s.doc) || restartOf(s).value !== undefined) continue;
      const firstKey = s.node.items[0]?.key;
      if (s.node.flow || !isNode(firstKey) || !firstKey.range || !s.key.range) continue;
      const keyLine = lineOfOffset(text, s.key.range[0]);
      const firstLine = lineOfOffset(text, firstKey.range[0]);
      // An alias (`app: *base`) or anything else not laid out as a block under the name.
      if (firstLine <= keyLine || !s.node.range || s.node.range[0] < s.key.range[1]) continue;
      const indent = text.slice(text.lastIndexOf('\n', firstKey.range[0] - 1) + 1, firstKey.range[0]);
      if (indent.trim() !== '') continue;
      const image = s.node.items.find((pair) => keyOf(pair) === 'image');
      const imageValue = image?.value as Node | undefined;
      const imageLine = isScalarNode(imageValue) && imageValue.range && isNode(image?.key) && image.key.range
        && lineOfOffset(text, image.key.range[0]) === lineOfOffset(text, Math.max(imageValue.range[0], imageValue.range[1] - 1))
        ? lineOfOffset(text, image.key.range[0]) : undefined;
      inserts.push({ index: imageLine ?? keyLine, line: `${indent}restart: ${HOUSE_DEFAULT}` });
    }
    if (inserts.length === 0) return undefined;
    let fixed = text;
    for (const { index, line } of inserts.sort((a, b) => b.index - a.index)) fixed = insertLines(fixed, index, [line]);
    return fixed;
  },
};

/** `compose-restart-invalid`: a restart value Compose rejects. */
export const composeRestartInvalid: RuleLogic = {
  fileTypes: ['compose'],
  check: (file) =>
    eachService(file, (s, line) => {
      const { value, node } = restartOf(s);
      if (value === undefined || VALID_RESTART.test(value)) return [];
      return [{ line: line(node), message: `restart: '${value}' is not a restart policy (no, always, on-failure[:N], unless-stopped)` }];
    }),
};

/** `compose-privileged`. */
export const composePrivileged: RuleLogic = {
  fileTypes: ['compose'],
  check: (file) =>
    eachService(file, (s, line) => {
      const node = get(s.node, 'privileged', s.doc);
      return str(node) === 'true' ? [{ line: line(node), message: `service '${s.name}' runs privileged: grant capabilities (cap_add) or devices instead` }] : [];
    }),
};
