/**
 * The kinds of answer a generator's question can take, each a zod schema with a rule a person
 * can read. Data for `answers.ts`: a bad answer is exit 2 naming the flag, the value and the rule.
 */
import { z } from 'zod';
import { dnsLabel, ipv4 } from '../inventory/schema.js';

/** An answer type's schema: takes the raw text of a flag or prompt, returns the typed value. */
type AnswerSchema = z.ZodType<string | number | boolean>;

/** Every answer type, by the name a generator manifest uses. */
export const ANSWER_TYPES = {
  /** Free text on one line (escaped for the target syntax when rendered). */
  string: z.string().max(2000, 'must be at most 2000 characters').regex(/^[^\r\n]*$/, 'must be one line (no newline)'),
  /** A TCP/UDP port. */
  port: z.coerce.number().int('must be a whole number').min(1, 'must be a port from 1 to 65535').max(65535, 'must be a port from 1 to 65535'),
  /** A positive whole number (cores, MiB, GiB, days). */
  count: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(1_048_576, 'must be at most 1048576'),
  /** A Proxmox VMID (Proxmox reserves IDs below 100). */
  'guest-id': z.coerce.number().int('must be a whole number').min(100, 'must be a Proxmox guest ID from 100 to 999999999').max(999_999_999, 'must be a Proxmox guest ID from 100 to 999999999'),
  /** An IPv4 address. */
  ipv4,
  /** An IPv4 address with a prefix length (`192.168.2.150/24`), or `dhcp`. */
  'ipv4-cidr': z.string().regex(
    /^(dhcp|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/([0-9]|[12]\d|3[0-2]))$/,
    'must be an IPv4 address with a prefix length such as 192.168.2.150/24, or dhcp',
  ),
  /** A host name (RFC 1123 label). */
  'dns-label': dnsLabel,
  /** A container image reference pinned to a tag: `name[:tag]` where the tag is not `latest`. */
  image: z
    .string()
    .regex(/^[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/, 'must be an image with a version tag, such as redis:7.4.1')
    .refine((v) => !v.endsWith(':latest'), 'must be pinned to a version tag, not latest'),
  /** A version tag of an image (`7.4.1`, `16-alpine`). */
  'image-tag': z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be an image tag such as 7.4.1')
    .refine((v) => v !== 'latest', 'must be a version tag, not latest'),
  /** An http(s) URL without spaces, quotes or `;` (it lands in config files). */
  url: z
    .string()
    .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~\/%+-]*)?$/, 'must be an http:// or https:// URL such as http://127.0.0.1:8080'),
  /** An absolute path inside a container (`/data`), where a volume is mounted. */
  'abs-path': z
    .string()
    .regex(/^\/[A-Za-z0-9._~@+\/-]*$/, 'must be an absolute path such as /data (letters, digits, / . _ - ~ @ +)')
    .refine((v) => !v.split('/').includes('..'), 'must not contain .. (an absolute path such as /data)'),
  /** yes/no. */
  bool: z.enum(['true', 'false', 'yes', 'no']).transform((v) => v === 'true' || v === 'yes'),
} satisfies Record<string, AnswerSchema>;

/** The name of an answer type. */
export type AnswerType = keyof typeof ANSWER_TYPES;

/** The answer type names, for the manifest schema. */
export const ANSWER_TYPE_NAMES = Object.keys(ANSWER_TYPES) as [AnswerType, ...AnswerType[]];

/** Parses a raw answer: the typed value, or the rule it broke. */
export function parseAnswer(type: AnswerType, raw: unknown): { ok: true; value: string | number | boolean } | { ok: false; rule: string } {
  const result = ANSWER_TYPES[type].safeParse(typeof raw === 'string' ? raw.trim() : raw);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, rule: result.error.issues[0]?.message ?? 'is not valid' };
}
