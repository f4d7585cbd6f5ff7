export declare function inputsHash(root: string, inputs: readonly string[]): string;
export declare function freshBundle(root: string, name: string): string | undefined;
