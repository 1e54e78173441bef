// Types of scripts/build-server.mjs (plain JavaScript so bin/vertraulich.mjs can run it without tsx).
export declare const root: string;
export declare const serverDir: string;
/** Builds a new generation of dist/server and makes it current; returns its directory. */
export declare function buildServer(options?: { quiet?: boolean }): Promise<string>;
/** The current generation's cli.mjs, or undefined when missing or older than a source it was built from. */
export declare function currentServerEntry(): Promise<string | undefined>;
