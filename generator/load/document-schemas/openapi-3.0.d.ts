import type { DocumentSchemaValidate } from './validate-function.d.ts';

export declare const validate: DocumentSchemaValidate;
export default validate;
