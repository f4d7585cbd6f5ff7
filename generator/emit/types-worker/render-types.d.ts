export declare function renderTypes(openapi: unknown): string;
