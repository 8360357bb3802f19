// Converts terraform-plugin-sdk/v2 schema values (as evaluated by go-eval.mjs) into the block
// shape of `terraform providers schema -json`. The rules mirror the SDK's own conversion,
// helper/schema/core_schema.go in hashicorp/terraform-plugin-sdk (v2): CoreConfigSchema,
// coreConfigSchemaAttribute, coreConfigSchemaBlock, coreConfigSchemaType, and Resource.CoreConfigSchema
// (the implicit optional+computed `id`).

import { Opaque } from './go-eval.mjs';

/**
 * @typedef {string | [string, any]} Cty  a cty type in Terraform's JSON form
 * @typedef {{ attributes?: Record<string, any>, block_types?: Record<string, any>, deprecated?: boolean, description?: string }} TfBlock
 */

const SCALAR = { TypeString: 'string', TypeBool: 'bool', TypeInt: 'number', TypeFloat: 'number' };

/** The SDK ValueType name (`TypeList`, ...) of a `schema.TypeX` value, or null. */
function valueType(v) {
  if (v instanceof Opaque) { const m = /(?:^|\.)(Type[A-Z][a-z]+)$/.exec(v.why); return m ? m[1] : null; }
  return null;
}

function isResource(elem) { return !!elem && typeof elem === 'object' && /(^|\.)Resource$/.test(elem.$type ?? ''); }
function isSchema(elem) { return !!elem && typeof elem === 'object' && /(^|\.)Schema$/.test(elem.$type ?? ''); }
function truthy(v) { return v === true; }
function num(v, where, warn) {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  warn(`${where}: MaxItems/MinItems not computed (${v instanceof Opaque ? v.why : typeof v})`);
  return 0;
}

/**
 * The cty type of an SDK schema (coreConfigSchemaType).
 * @param {any} s an evaluated `schema.Schema` struct
 * @param {string} where path for warnings
 * @param {(m: string) => void} warn
 * @returns {Cty}
 * @throws {Error} when the Type is not one of the SDK's value types
 */
export function ctyOf(s, where, warn) {
  const t = valueType(s.Type);
  if (!t) throw new Error(`${where}: Type not computed`);
  if (SCALAR[t]) return SCALAR[t];
  const coll = { TypeList: 'list', TypeSet: 'set', TypeMap: 'map' }[t];
  if (!coll) throw new Error(`${where}: unknown type ${t}`);
  let elem = 'string';
  if (isSchema(s.Elem)) elem = ctyOf(s.Elem, `${where}.elem`, warn);
  else if (valueType(s.Elem)) elem = ctyOf({ Type: s.Elem }, `${where}.elem`, warn);
  else if (isResource(s.Elem)) {
    if (t === 'TypeMap') elem = 'string';
    else elem = impliedType(blockOf(s.Elem.Schema, `${where}.elem`, warn, false));
  } else if (s.Elem !== undefined && s.Elem !== null) warn(`${where}: Elem not computed; element type taken as string`);
  return [coll, elem];
}

/** The object type a block stands for as a value (configschema.Block.ImpliedType). */
export function impliedType(block) {
  const o = {};
  for (const [k, a] of Object.entries(block.attributes ?? {})) o[k] = a.type ?? nestedImplied(a.nested_type);
  for (const [k, b] of Object.entries(block.block_types ?? {})) {
    const inner = impliedType(b.block);
    o[k] = b.nesting_mode === 'single' || b.nesting_mode === 'group' ? inner : [b.nesting_mode, inner];
  }
  return ['object', o];
}

function nestedImplied(nt) {
  const inner = ['object', Object.fromEntries(Object.entries(nt.attributes).map(([k, a]) => [k, a.type ?? nestedImplied(a.nested_type)]))];
  return nt.nesting_mode === 'single' ? inner : [nt.nesting_mode, inner];
}

function attribute(s, where, warn) {
  let required = truthy(s.Required);
  let optional = truthy(s.Optional);
  // A Required attribute with a DefaultFunc that yields a value is shown as optional (the SDK
  // calls the DefaultFunc; here it can only be seen to exist).
  if (required && s.DefaultFunc !== undefined && s.DefaultFunc !== null) {
    warn(`${where}: Required with DefaultFunc, taken as optional`);
    required = false; optional = true;
  }
  const a = { type: ctyOf(s, where, warn) };
  if (required) a.required = true;
  if (optional) a.optional = true;
  if (truthy(s.Computed)) a.computed = true;
  if (truthy(s.Sensitive)) a.sensitive = true;
  if (truthy(s.WriteOnly)) a.write_only = true;
  deprecation(a, s.Deprecated);
  return a;
}

function deprecation(target, msg) {
  if (msg === undefined || msg === null || msg === '') return;
  target.deprecated = true;
  target.description = msg instanceof Opaque ? 'deprecated' : String(msg);
}

function nestedBlock(s, where, warn) {
  const t = valueType(s.Type);
  const nesting = { TypeList: 'list', TypeSet: 'set', TypeMap: 'map' }[t ?? ''];
  if (!nesting) throw new Error(`${where}: a block needs TypeList or TypeSet, got ${t}`);
  const nb = { nesting_mode: nesting, block: blockOf(s.Elem.Schema, where, warn, false) };
  let min = num(s.MinItems, where, warn);
  let max = num(s.MaxItems, where, warn);
  if (truthy(s.Required) && min === 0) min = 1;
  if (truthy(s.Optional) && min > 0) min = 0;
  if (truthy(s.Computed) && !truthy(s.Optional)) { min = 0; max = 0; }
  if (min) nb.min_items = min;
  if (max) nb.max_items = max;
  deprecation(nb.block, s.Deprecated);
  return nb;
}

/**
 * Converts an SDK `map[string]*schema.Schema` into a Terraform JSON block (CoreConfigSchema).
 * @param {Map<string, any>} schemaMap evaluated schema map
 * @param {string} where path for messages
 * @param {(m: string) => void} warn receives anything the conversion had to guess
 * @param {boolean} addId true for a resource or data source root (adds the implicit `id`)
 * @returns {TfBlock}
 * @throws {Error} when the map or a Type was not computed
 */
export function blockOf(schemaMap, where, warn, addId) {
  if (!(schemaMap instanceof Map)) throw new Error(`${where}: schema map not computed (${schemaMap instanceof Opaque ? schemaMap.why : typeof schemaMap})`);
  /** @type {TfBlock} */
  const block = { attributes: {}, block_types: {} };
  for (const [name, s] of schemaMap) {
    const at = `${where}.${name}`;
    if (!isSchema(s) && !(s && typeof s === 'object' && s.$type === null)) throw new Error(`${at}: not a schema.Schema literal`);
    const t = valueType(s.Type);
    if (s.Elem === undefined || s.Elem === null || !isResource(s.Elem)) { block.attributes[name] = attribute(s, at, warn); continue; }
    if (t === 'TypeMap') { block.attributes[name] = attribute({ ...s, Elem: { $type: 'schema.Schema', Type: new Opaque('schema.TypeString') } }, at, warn); continue; }
    const mode = s.ConfigMode instanceof Opaque ? s.ConfigMode.why : '';
    if (/SchemaConfigModeAttr$/.test(mode)) { block.attributes[name] = attribute(s, at, warn); continue; }
    if (/SchemaConfigModeBlock$/.test(mode)) { block.block_types[name] = nestedBlock(s, at, warn); continue; }
    if (truthy(s.Computed) && !truthy(s.Optional)) { block.attributes[name] = attribute(s, at, warn); continue; }
    block.block_types[name] = nestedBlock(s, at, warn);
  }
  if (addId && !block.attributes.id) block.attributes.id = { type: 'string', optional: true, computed: true };
  if (!Object.keys(block.block_types).length) delete block.block_types;
  if (!Object.keys(block.attributes).length) delete block.attributes;
  return block;
}

/**
 * Converts an evaluated `*schema.Resource` (resource or data source) into its Terraform JSON
 * schema entry `{ version, block }`.
 * @param {any} res evaluated `schema.Resource` struct
 * @param {string} where type name, for messages
 * @param {(m: string) => void} warn
 * @returns {{ version: number, block: TfBlock }}
 * @throws {Error} when the value is not a schema.Resource
 */
export function resourceSchema(res, where, warn) {
  if (!isResource(res)) throw new Error(`${where}: not a schema.Resource (${res instanceof Opaque ? res.why : typeof res})`);
  const block = blockOf(res.Schema, where, warn, true);
  deprecation(block, res.DeprecationMessage);
  const version = typeof res.SchemaVersion === 'number' ? res.SchemaVersion : 0;
  return { version, block };
}
