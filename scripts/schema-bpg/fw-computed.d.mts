/** Types of fw-computed.mjs: the Optional+Computed flag of plugin-framework attributes, from their Go literals. */
import type { TfBlock } from './types.mjs';
export type FwDefs = Map<string, { optional: boolean; computed: boolean }[]>;
export declare function collectAttributeLiterals(sources: string[]): FwDefs;
export declare function applyComputed(
  block: TfBlock, defs: FwDefs, tally: { set: number; notComputed: number; unresolved: string[] }, where: string, fallback?: FwDefs,
): void;
export declare function frameworkDefsByType(checkout: string, typeNames: string[]): Map<string, FwDefs>;
