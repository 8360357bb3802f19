/** Types of docs-reader.mjs: tfplugindocs "## Schema" pages → Terraform JSON blocks. */
import type { TfBlock } from './types.mjs';
export interface DocSchema { name: string; kind: 'resource' | 'data'; deprecated: string | null; block: TfBlock }
export declare function readDocSchema(md: string): DocSchema;
export declare function parseTypeNote(note: string): {
  kind: 'attr' | 'nested' | 'block'; base: string; nesting?: string; min: number; max: number;
  sensitive: boolean; deprecated: boolean; writeOnly: boolean;
};
