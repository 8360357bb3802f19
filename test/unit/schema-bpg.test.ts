/**
 * The schema:bpg generator's readers, on small Go and markdown texts written here: the SDKv2
 * reader (go-eval + sdk-schema) must give what terraform-plugin-sdk/v2's CoreConfigSchema gives,
 * and the tfplugindocs reader must give back the schema a generated page describes.
 */
import { describe, expect, it } from 'vitest';
import { parseTypeNote, readDocSchema } from '../../scripts/schema-bpg/docs-reader.mjs';
import { applyComputed, collectAttributeLiterals } from '../../scripts/schema-bpg/fw-computed.mjs';
import { formatSchema, PROVIDER_ADDRESS, sortKeys } from '../../scripts/schema-bpg/generate.mjs';
import { GoModule } from '../../scripts/schema-bpg/go-eval.mjs';
import { blockOf, resourceSchema } from '../../scripts/schema-bpg/sdk-schema.mjs';

const GO_MOD = 'module example.com/prov\n\ngo 1.22\n';

const GUEST_GO = `package guest

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"

	"example.com/prov/parts"
	"example.com/prov/util"
)

const (
	mkName  = "name"
	mkCPU   = "cpu"
	mkCores = "cores"
	mkTags  = "tags"
	mkDisk  = "disk"
	mkIPs   = "ipv4_addresses"
	mkOld   = "old_flag"
	maxDisks = 2 + 1
)

// Guest is a resource built the way the provider's SDKv2 resources are.
func Guest() *schema.Resource {
	s := map[string]*schema.Schema{
		mkName: {
			Type:        schema.TypeString,
			Description: "The name " +
				"of the guest",
			Required:    true,
		},
		mkCPU: {
			Type:     schema.TypeList,
			Optional: true,
			MaxItems: 1,
			MinItems: 1, // ignored by the SDK when Optional
			DefaultFunc: func() (any, error) {
				return []any{map[string]any{"cores": 1}}, nil
			},
			Elem: &schema.Resource{
				Schema: map[string]*schema.Schema{
					mkCores: {Type: schema.TypeInt, Optional: true, Computed: true},
				},
			},
		},
		mkTags: {
			Type:     schema.TypeSet,
			Optional: true,
			Elem:     &schema.Schema{Type: schema.TypeString},
		},
		mkDisk: {
			Type:     schema.TypeList,
			Required: true,
			MaxItems: maxDisks,
			Elem:     &schema.Resource{Schema: diskSchema()},
		},
		mkIPs: {
			Type:     schema.TypeList,
			Computed: true,
			Elem:     &schema.Resource{Schema: map[string]*schema.Schema{"address": {Type: schema.TypeString, Computed: true}}},
		},
		mkOld: {
			Type:       schema.TypeBool,
			Optional:   true,
			Deprecated: fmt.Sprintf("use %q instead", mkName),
		},
	}
	util.MergeSchema(s, parts.Network())
	if len(s) > 100 {
		panic("too many")
	}
	return &schema.Resource{Schema: s, DeprecationMessage: "gone in v2"}
}

func diskSchema() map[string]*schema.Schema {
	d := map[string]*schema.Schema{
		"size": {Type: schema.TypeFloat, Optional: true},
		"labels": {Type: schema.TypeMap, Optional: true, Sensitive: true},
	}
	d["size"].Optional = false
	d["size"].Required = true
	return d
}
`;

const PARTS_GO = `package parts

import "github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"

// MkNetwork is exported for the guest package.
const MkNetwork = "network_device"

func Network() map[string]*schema.Schema {
	return map[string]*schema.Schema{
		MkNetwork: {
			Type:       schema.TypeList,
			Optional:   true,
			Computed:   true,
			ConfigMode: schema.SchemaConfigModeAttr,
			Elem: &schema.Resource{Schema: map[string]*schema.Schema{
				"bridge": {Type: schema.TypeString, Optional: true},
				"ports":  {Type: schema.TypeList, Optional: true, Elem: &schema.Schema{Type: schema.TypeInt}},
			}},
		},
	}
}
`;

const UTIL_GO = `package util

import "github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"

func MergeSchema(dst, src map[string]*schema.Schema) {
	for k, v := range src {
		dst[k] = v
	}
}
`;

function guestModule(warnings: string[]): GoModule {
  return new GoModule('/nowhere', {
    warn: (m) => warnings.push(m),
    files: { 'go.mod': GO_MOD, 'guest/guest.go': GUEST_GO, 'parts/parts.go': PARTS_GO, 'util/util.go': UTIL_GO },
  });
}

describe('SDKv2 Go source reader', () => {
  it('gives the blocks and attributes terraform-plugin-sdk/v2 would', () => {
    const warnings: string[] = [];
    const res = guestModule(warnings).call('guest', 'Guest');
    const got = sortKeys(resourceSchema(res, 'example_guest', (m) => warnings.push(m)));
    expect(warnings).toEqual([]);
    expect(got).toEqual({
      version: 0,
      block: {
        deprecated: true,
        description: 'gone in v2',
        attributes: {
          id: { type: 'string', optional: true, computed: true },
          name: { type: 'string', required: true },
          tags: { type: ['set', 'string'], optional: true },
          ipv4_addresses: { type: ['list', ['object', { address: 'string' }]], computed: true },
          old_flag: { type: 'bool', optional: true, deprecated: true, description: 'use "name" instead' },
          network_device: {
            type: ['list', ['object', { bridge: 'string', ports: ['list', 'number'] }]],
            optional: true,
            computed: true,
          },
        },
        block_types: {
          cpu: {
            nesting_mode: 'list',
            max_items: 1,
            block: { attributes: { cores: { type: 'number', optional: true, computed: true } } },
          },
          disk: {
            nesting_mode: 'list',
            min_items: 1,
            max_items: 3,
            block: {
              attributes: {
                size: { type: 'number', required: true },
                labels: { type: ['map', 'string'], optional: true, sensitive: true },
              },
            },
          },
        },
      },
    });
  });

  it('takes a Required attribute with a DefaultFunc as optional, and says so', () => {
    const warnings: string[] = [];
    const m = new GoModule('/nowhere', {
      warn: (w) => warnings.push(w),
      files: {
        'go.mod': GO_MOD,
        'p/p.go': `package p
import "github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
func S() map[string]*schema.Schema {
	return map[string]*schema.Schema{"endpoint": {Type: schema.TypeString, Required: true, DefaultFunc: schema.EnvDefaultFunc("X", nil)}}
}
`,
      },
    });
    expect(blockOf(m.call('p', 'S'), 'provider', (w) => warnings.push(w), false)).toEqual({
      attributes: { endpoint: { type: 'string', optional: true } },
    });
    expect(warnings).toEqual(['provider.endpoint: Required with DefaultFunc, taken as optional']);
  });

  it('fails loudly when a schema map cannot be computed', () => {
    const m = new GoModule('/nowhere', {
      files: {
        'go.mod': GO_MOD,
        'p/p.go': 'package p\nimport "github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"\nfunc R() *schema.Resource {\n\treturn &schema.Resource{Schema: other.Map()}\n}\n',
      },
    });
    expect(() => resourceSchema(m.call('p', 'R'), 'example_r', () => {})).toThrow(/schema map not computed/);
  });
});

const PAGE = `---
title: example_thing
---

# Resource: example_thing

~> **Deprecated:** Use [\`example_thing2\`](thing2.md) instead.

## Example Usage

\`\`\`terraform
resource "example_thing" "x" {}
\`\`\`

<!-- schema generated by tfplugindocs -->
## Schema

### Required

- \`name\` (String) The name.
- \`rule\` (Block List, Min: 1, Max: 4) Rules. (see [below for nested schema](#nestedblock--rule))

### Optional

- \`limits\` (Attributes Map) Limits by key. (see [below for nested schema](#nestedatt--limits))
- \`old\` (Boolean, Deprecated) Old switch.
- \`secret\` (String, Sensitive, [Write-only](https://developer.hashicorp.com/terraform/language/resources/ephemeral#write-only-arguments)) A secret.
- \`retention\` (Block, Optional) Retention. (see [below for nested schema](#nestedblock--retention))

### Read-Only

- \`id\` (String) The ID.
- \`members\` (List of Object) Members. (see [below for nested schema](#nestedatt--members))
- \`ports\` (Set of Number) Ports.

<a id="nestedblock--rule"></a>
### Nested Schema for \`rule\`

Required:

- \`action\` (String) Action.

Optional:

- \`targets\` (Attributes List) Targets. (see [below for nested schema](#nestedatt--rule--targets))

<a id="nestedatt--rule--targets"></a>
### Nested Schema for \`rule.targets\`

Required:

- \`host\` (String) Host.


<a id="nestedatt--limits"></a>
### Nested Schema for \`limits\`

Optional:

- \`max\` (Number) Max.


<a id="nestedblock--retention"></a>
### Nested Schema for \`retention\`

Optional:

- \`keep\` (Number) Keep.


<a id="nestedatt--members"></a>
### Nested Schema for \`members\`

Read-Only:

- \`name\` (String)
- \`tags\` (Map of String)

## Import

Text after the schema is not read.
- \`ignored\` (String) Not schema.
`;

describe('tfplugindocs page reader', () => {
  it('gives back the schema a generated page describes', () => {
    const doc = readDocSchema(PAGE);
    expect(doc.name).toBe('example_thing');
    expect(doc.kind).toBe('resource');
    expect(sortKeys(doc.block)).toEqual({
      deprecated: true,
      description: 'Use "example_thing2" instead.',
      attributes: {
        name: { type: 'string', required: true },
        limits: { nested_type: { attributes: { max: { type: 'number', optional: true } }, nesting_mode: 'map' }, optional: true },
        old: { type: 'bool', optional: true, deprecated: true, description: 'Old switch.' },
        secret: { type: 'string', optional: true, sensitive: true, write_only: true },
        id: { type: 'string', computed: true },
        members: { type: ['list', ['object', { name: 'string', tags: ['map', 'string'] }]], computed: true },
        ports: { type: ['set', 'number'], computed: true },
      },
      block_types: {
        rule: {
          nesting_mode: 'list',
          min_items: 1,
          max_items: 4,
          block: {
            attributes: {
              action: { type: 'string', required: true },
              targets: { nested_type: { attributes: { host: { type: 'string', required: true } }, nesting_mode: 'list' }, optional: true },
            },
          },
        },
        retention: { nesting_mode: 'single', block: { attributes: { keep: { type: 'number', optional: true } } } },
      },
    });
  });

  it('rejects type notes and pages it does not know', () => {
    expect(() => parseTypeNote('String, Shiny')).toThrow(/unknown type flag "Shiny"/);
    expect(parseTypeNote('Block Set, Max: 2')).toMatchObject({ kind: 'block', nesting: 'set', max: 2, min: 0 });
    expect(() => readDocSchema('# Resource: example_x\n\nNo schema here.\n')).toThrow(/no "## Schema" section/);
    expect(() => readDocSchema(PAGE.replace('(#nestedblock--retention))', '(#nestedblock--nowhere))'))).toThrow(
      /example_thing\.retention: nested schema nestedblock--nowhere not found/,
    );
  });
});

describe('Optional+Computed of framework attributes', () => {
  const FW_GO = `package thing

func (r *thingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"size": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Validators: []validator.Int64{int64validator.Between(1, 4)},
			},
			"label": schema.StringAttribute{Optional: true},
			"legacy": schema.BoolAttribute{
				Optional:           true,
				DeprecationMessage: "Use " +
					"label instead.",
			},
			"opts": schema.SingleNestedAttribute{
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"inner": schema.BoolAttribute{Optional: true, Computed: true},
				},
			},
			"mode": schema.StringAttribute{Optional: true, Computed: true},
		},
	}
}

func other() schema.Attribute {
	return map[string]schema.Attribute{"mode": schema.StringAttribute{Optional: true}}
}
`;

  it('sets computed where every Optional literal of the name says so, and leaves the rest undecided', () => {
    const defs = collectAttributeLiterals([FW_GO]);
    expect(defs.get('opts')).toEqual([{ optional: true, computed: false }]);
    const block = {
      attributes: {
        size: { type: 'number', optional: true },
        label: { type: 'string', optional: true },
        opts: { nested_type: { attributes: { inner: { type: 'bool', optional: true } }, nesting_mode: 'single' as const }, optional: true },
        mode: { type: 'string', optional: true },
        helper: { type: 'string', optional: true },
        legacy: { type: 'bool', optional: true, deprecated: true, description: 'Old switch.' },
        id: { type: 'string', computed: true },
      },
    } as const;
    const copy = JSON.parse(JSON.stringify(block));
    const tally = { set: 0, notComputed: 0, unresolved: [] as string[] };
    applyComputed(copy, defs, tally, 'thing');
    expect(copy.attributes.size).toEqual({ type: 'number', optional: true, computed: true });
    expect(copy.attributes.label).toEqual({ type: 'string', optional: true });
    expect(copy.attributes.opts.nested_type.attributes.inner).toEqual({ type: 'bool', optional: true, computed: true });
    expect(copy.attributes.mode).toEqual({ type: 'string', optional: true });
    expect(copy.attributes.legacy).toEqual({ type: 'bool', optional: true, deprecated: true, description: 'Use label instead.' });
    expect(tally).toEqual({ set: 2, notComputed: 3, unresolved: ['thing.mode (ambiguous)', 'thing.helper'] });
  });
});

describe('snapshot layout', () => {
  it('is JSON that reads back to the document, one type a line', () => {
    const doc = sortKeys({
      format_version: '1.0',
      iacgen: { provider: 'bpg/proxmox' },
      provider_schemas: {
        [PROVIDER_ADDRESS]: {
          provider: { version: 0, block: { attributes: { endpoint: { type: 'string', optional: true } } } },
          resource_schemas: { a_b: { version: 0, block: {} }, a_c: { version: 0, block: { attributes: { id: { type: 'string', computed: true } } } } },
          data_source_schemas: {},
        },
      },
    });
    const text = formatSchema(doc);
    expect(JSON.parse(text)).toEqual(doc);
    expect(text.split('\n').filter((l) => l.includes('"a_'))).toHaveLength(2);
  });
});
