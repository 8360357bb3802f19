/** Types of go-eval.mjs: symbolic evaluation of SDKv2 schema-builder functions in a Go module. */
export declare class Opaque {
  constructor(why: string);
  why: string;
}
export declare class GoModule {
  /** @param root directory holding go.mod; `files` gives in-memory sources (relative path → text) instead. */
  constructor(root: string, opts?: { warn?: (msg: string) => void; files?: Record<string, string> });
  /** Calls a package-level function; returns its first result (Maps for Go maps, `{ $type, ...fields }` for structs). */
  call(dir: string, name: string, args?: unknown[]): unknown;
}
