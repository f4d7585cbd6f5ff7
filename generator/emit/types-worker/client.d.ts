export declare function prewarmTypesWorker(): void;
export declare function renderTypesInWorker(openapi: unknown): Promise<string>;
