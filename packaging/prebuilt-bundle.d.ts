export declare function inputsHash(root: string, inputs: readonly string[]): string;
export declare function packageVersions(root: string, packageDirs: readonly string[]): Record<string, string | null>;
export declare function freshBundle(root: string, name: string): string | undefined;
