/** Types of generate.mjs, the `npm run schema:bpg` entry. */
export declare const PROVIDER_ADDRESS: string;
export declare const DEFAULT_OUT: string;
export declare function sortKeys<T>(v: T): T;
export declare function formatSchema(doc: unknown): string;
export declare function buildSchema(checkout: string, opts?: { commit?: string; warn?: (m: string) => void }): {
  doc: unknown; stats: Record<string, number>; notes: string[];
};
