/** Types of sdk-schema.mjs: terraform-plugin-sdk/v2 schema values → Terraform JSON blocks. */
import type { Cty, TfBlock } from './types.mjs';
export type { Cty, TfBlock };
export declare function blockOf(schemaMap: unknown, where: string, warn: (m: string) => void, addId: boolean): TfBlock;
export declare function resourceSchema(res: unknown, where: string, warn: (m: string) => void): { version: number; block: TfBlock };
export declare function impliedType(block: TfBlock): Cty;
