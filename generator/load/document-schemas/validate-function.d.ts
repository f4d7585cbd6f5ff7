/** The shape of an ajv standalone validator, as the precompiled document schemas export it. */
export interface DocumentSchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface DocumentSchemaValidate {
  (document: unknown): boolean;
  errors?: DocumentSchemaError[] | null;
}
