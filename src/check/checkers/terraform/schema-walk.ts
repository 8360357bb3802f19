/**
 * Checks one Terraform block body (hcl2json's values, with the block's node from
 * `policy/terraform/locate.ts` for positions and for telling `x = {...}` from `x {...}`) against
 * a provider schema block, the way Terraform decodes a body against a provider schema
 * (`internal/configs/configschema` and HCL's `hcldec`): every name must be an attribute or a
 * block type of the schema, required ones must be there, computed-only attributes must not be
 * set, literals must convert to the attribute's type, block counts must respect min/max items.
 * Expressions are never judged. Pure: no I/O.
 */
import { distance } from 'fastest-levenshtein';
import { bodies, isBody, type Body } from '../../../policy/terraform/module.js';
import type { HclNode } from '../../../policy/terraform/locate.js';
import { isExpression, literalMismatch } from './schema-literal.js';
import type { CtyType, SchemaAttribute, SchemaBlock, SchemaBlockType } from './schema-snapshot.js';

/** The rules of the `terraform-schema` checker. */
export type SchemaRule =
  | 'unknown-attribute'
  | 'unknown-block'
  | 'unknown-type'
  | 'missing-required'
  | 'computed-only'
  | 'type-mismatch'
  | 'max-items'
  | 'min-items'
  | 'block-as-attribute'
  | 'deprecated';

/** A path in hcl2json's JSON (`['resource', type, name, 0, 'cpu', 0, 'cores']`). */
export type JsonPath = ReadonlyArray<string | number>;

/** One schema finding: where (the node when the scan found it, else the JSON path), what, why. */
export interface SchemaFinding {
  node: HclNode | undefined;
  path: JsonPath;
  rule: SchemaRule;
  message: string;
  /** Deprecations are warnings; everything else is an error. */
  warning?: boolean;
}

/** Meta-arguments Terraform itself reads in a block, by block kind (Terraform language docs, "Meta-Arguments"). */
export const META_ARGUMENTS = {
  resource: new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'connection', 'provisioner']),
  data: new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle']),
  ephemeral: new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle']),
  provider: new Set(['alias', 'version']),
  nested: new Set<string>(),
} as const;

/** How the body is written: HCL native syntax (blocks and attributes told apart) or JSON. */
export interface WalkContext {
  json: boolean;
  /**
   * An override file (`override.tf`, `*_override.tf`): its blocks are merged into the ones of
   * the same name elsewhere (Terraform docs, "Override Files"), so nothing is missing in them.
   */
  partial?: boolean;
  findings: SchemaFinding[];
}

/**
 * The closest name at an edit distance under 3, as Terraform's own suggestions choose it
 * (`internal/didyoumean.NameSuggestion`), or undefined.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** True for an attribute the provider sets and the configuration may not. */
function computedOnly(attr: SchemaAttribute): boolean {
  return attr.computed === true && attr.optional !== true && attr.required !== true;
}

/** The names a body may set: attributes that are not computed-only, and block types. */
function settable(schema: SchemaBlock): string[] {
  const attrs = Object.entries(schema.attributes ?? {}).filter(([, a]) => !computedOnly(a)).map(([n]) => n);
  return [...attrs, ...Object.keys(schema.block_types ?? {})];
}

/**
 * The attributes of an attribute typed list or set of objects as a block body: Terraform lets
 * such attributes be written as blocks (`x { ... }`, dynamic blocks too) for providers of the
 * legacy SDK (`SchemaConfigModeAttr`; Terraform's `internal/lang/blocktoattr`); every attribute of
 * the object may then be left out.
 */
export function objectBlock(attr: SchemaAttribute | undefined): SchemaBlock | undefined {
  const type = attr?.type;
  if (!Array.isArray(type) || (type[0] !== 'list' && type[0] !== 'set')) return undefined;
  const element = type[1];
  if (!Array.isArray(element) || element[0] !== 'object') return undefined;
  const fields = (element[1] ?? {}) as Record<string, CtyType>;
  return { attributes: Object.fromEntries(Object.entries(fields).map(([name, t]) => [name, { type: t, optional: true }])) };
}

/** The scan's children of `node` named `name` (blocks and attributes, in source order). */
function children(node: HclNode | undefined, name: string): HclNode[] {
  return node?.children.filter((c) => c.name === name) ?? [];
}

/** The most blocks a block type allows: max_items, or 1 for single nesting. */
function maxItems(bt: SchemaBlockType): number | undefined {
  if (bt.max_items !== undefined && bt.max_items > 0) return bt.max_items;
  return bt.nesting_mode === 'single' || bt.nesting_mode === 'group' ? 1 : undefined;
}

/** `x` written as an attribute (`x = ...`) when the scan (or, without it, the value's shape) says so. */
function writtenAsAttribute(kids: HclNode[], value: unknown, ctx: WalkContext): boolean {
  if (ctx.json || value === undefined) return false;
  if (kids[0]) return kids[0].kind === 'attr';
  return !Array.isArray(value);
}

/**
 * Checks `body` against `schema`, adding findings to `ctx.findings`. `what` names the block in
 * messages (`proxmox_virtual_environment_vm.cpu`); `meta` are the meta-arguments allowed here.
 */
export function checkBody(schema: SchemaBlock, body: Body, node: HclNode | undefined, path: JsonPath, what: string, meta: ReadonlySet<string>, ctx: WalkContext): void {
  const dynamic = new Set<string>();
  const attributes = schema.attributes ?? {};
  const blockTypes = schema.block_types ?? {};
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key) || (ctx.json && key === '//')) continue;
    const kids = children(node, key);
    const at = kids[0] ?? node;
    const here = [...path, key];
    if (key === 'dynamic' && !(key in attributes) && !(key in blockTypes)) {
      checkDynamic(schema, value, node, here, what, ctx, dynamic);
      continue;
    }
    const attr = attributes[key];
    if (attr) {
      const asBlocks = objectBlock(attr);
      if (!ctx.json && kids[0]?.kind === 'block' && asBlocks) {
        const blocks = kids.filter((k) => k.kind === 'block');
        bodies(value).forEach((item, i) => checkBody(asBlocks, item, blocks[i], [...here, i], `${what}.${key}`, META_ARGUMENTS.nested, ctx));
        continue;
      }
      if (!ctx.json && kids[0]?.kind === 'block') {
        ctx.findings.push({ node: at, path: here, rule: 'block-as-attribute', message: `${key} is an attribute of ${what}, written as a block: write ${key} = ...` });
        continue;
      }
      checkAttribute(key, attr, value, at, here, what, ctx);
      continue;
    }
    const bt = blockTypes[key];
    if (bt) {
      if (writtenAsAttribute(kids, value, ctx)) {
        ctx.findings.push({ node: at, path: here, rule: 'block-as-attribute', message: `${key} is a block of ${what}, written as an attribute: write ${key} { ... }` });
        continue;
      }
      const blocks = kids.filter((k) => k.kind === 'block');
      bodies(value).forEach((item, i) => {
        const blockNode = blocks[i] ?? at;
        if (bt.block.deprecated) ctx.findings.push({ node: blockNode, path: [...here, i], rule: 'deprecated', warning: true, message: `block ${key} of ${what} is deprecated${bt.block.description ? `: ${bt.block.description}` : ''}` });
        checkBody(bt.block, item, blocks[i], [...here, i], `${what}.${key}`, META_ARGUMENTS.nested, ctx);
      });
      continue;
    }
    const block = !ctx.json && kids[0]?.kind === 'block';
    const hint = suggest(key, settable(schema));
    ctx.findings.push({
      node: at,
      path: here,
      rule: block ? 'unknown-block' : 'unknown-attribute',
      message: `${what} has no ${block ? 'block type' : 'attribute'} named "${key}"${hint ? `; did you mean "${hint}"?` : ''}`,
    });
  }
  if (!ctx.partial) checkRequired(schema, body, node, path, what, ctx, dynamic);
}

/** `dynamic "x" { for_each ... content { ... } }`: x must be a block type; its content is checked. */
function checkDynamic(schema: SchemaBlock, value: unknown, node: HclNode | undefined, path: JsonPath, what: string, ctx: WalkContext, dynamic: Set<string>): void {
  if (!isBody(value)) return;
  const dynNodes = node?.children.filter((c) => c.kind === 'block' && c.name === 'dynamic') ?? [];
  for (const [name, entries] of Object.entries(value)) {
    const mine = dynNodes.filter((d) => d.labels[0] === name);
    const at = mine[0] ?? node;
    const asBlocks = objectBlock(schema.attributes?.[name]);
    const bt = schema.block_types?.[name] ?? (asBlocks ? { nesting_mode: 'list' as const, block: asBlocks } : undefined);
    if (!bt) {
      const isAttr = schema.attributes?.[name] !== undefined;
      const hint = isAttr ? undefined : suggest(name, Object.keys(schema.block_types ?? {}));
      ctx.findings.push({
        node: at,
        path: [...path, name],
        rule: isAttr ? 'block-as-attribute' : 'unknown-block',
        message: isAttr ? `${name} is an attribute of ${what}, not a block: a dynamic block cannot set it` : `${what} has no block type named "${name}"${hint ? `; did you mean "${hint}"?` : ''}`,
      });
      continue;
    }
    dynamic.add(name);
    bodies(entries).forEach((entry, i) => {
      const contentNode = mine[i]?.children.find((c) => c.kind === 'block' && c.name === 'content');
      for (const content of bodies(entry.content)) {
        checkBody(bt.block, content, contentNode, [...path, name, i, 'content', 0], `${what}.${name}`, META_ARGUMENTS.nested, ctx);
      }
    });
  }
}

/** Required attributes and blocks, and block counts, of one body. */
function checkRequired(schema: SchemaBlock, body: Body, node: HclNode | undefined, path: JsonPath, what: string, ctx: WalkContext, dynamic: ReadonlySet<string>): void {
  for (const [name, attr] of Object.entries(schema.attributes ?? {})) {
    if (attr.required && body[name] === undefined) {
      ctx.findings.push({ node, path, rule: 'missing-required', message: `${what} requires attribute "${name}"` });
    }
  }
  for (const [name, bt] of Object.entries(schema.block_types ?? {})) {
    if (dynamic.has(name) || writtenAsAttribute(children(node, name), body[name], ctx)) continue;
    const count = bodies(body[name]).length;
    const min = bt.min_items ?? 0;
    if (min > 0 && count === 0) {
      ctx.findings.push({ node, path, rule: 'missing-required', message: `${what} requires block "${name}"${min > 1 ? ` (at least ${min})` : ''}` });
    } else if (count < min) {
      ctx.findings.push({ node, path, rule: 'min-items', message: `${what} needs at least ${min} "${name}" blocks, has ${count}` });
    }
    const max = maxItems(bt);
    if (max !== undefined && count > max) {
      const extra = children(node, name).filter((c) => c.kind === 'block')[max];
      ctx.findings.push({ node: extra ?? node, path: [...path, name, max], rule: 'max-items', message: `${what} allows at most ${max} "${name}" block${max === 1 ? '' : 's'}, has ${count}` });
    }
  }
}

/** One attribute's value: settable, not deprecated, a literal of its type (nested attributes checked inside). */
function checkAttribute(key: string, attr: SchemaAttribute, value: unknown, node: HclNode | undefined, path: JsonPath, what: string, ctx: WalkContext): void {
  if (computedOnly(attr)) {
    ctx.findings.push({ node, path, rule: 'computed-only', message: `${key} of ${what} is set by the provider (computed only) and cannot be set` });
    return;
  }
  if (attr.deprecated) {
    ctx.findings.push({ node, path, rule: 'deprecated', warning: true, message: `${key} of ${what} is deprecated${attr.description ? `: ${attr.description}` : ''}` });
  }
  const nested = attr.nested_type;
  if (!nested) {
    const why = literalMismatch(value, attr.type);
    if (why) ctx.findings.push({ node, path, rule: 'type-mismatch', message: `${key} of ${what}: ${why}` });
    return;
  }
  if (value === null || isExpression(value)) return;
  const inner: SchemaBlock = { attributes: nested.attributes };
  const items: Array<[Body, JsonPath, HclNode | undefined]> = [];
  if (nested.nesting_mode === 'single') {
    if (isBody(value)) items.push([value, path, node]);
  } else if (nested.nesting_mode === 'map') {
    if (isBody(value)) for (const [k, v] of Object.entries(value)) if (isBody(v)) items.push([v, [...path, k], children(node, k)[0] ?? node]);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (isBody(v)) items.push([v, [...path, i], node]);
    });
  }
  const shapeOk = nested.nesting_mode === 'single' || nested.nesting_mode === 'map' ? isBody(value) : Array.isArray(value);
  if (!shapeOk) {
    const want = nested.nesting_mode === 'single' ? 'an object' : nested.nesting_mode === 'map' ? 'a map of objects' : `a ${nested.nesting_mode} of objects`;
    ctx.findings.push({ node, path, rule: 'type-mismatch', message: `${key} of ${what}: ${Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value)}`} where ${want} goes` });
    return;
  }
  for (const [item, itemPath, itemNode] of items) checkBody(inner, item, itemNode, itemPath, `${what}.${key}`, META_ARGUMENTS.nested, ctx);
}
