// `npm run generate:kustomize-schema`: writes server/engine/kustomize/merge-schema-data.ts from the OpenAPI
// bundle in ../shared/openapi (see generate.ts). The drift test fails until the committed data matches.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMergeSchema, mergeSchemaModule } from './generate';

const root = join(__dirname, '..');
const data = generateMergeSchema(root);
const text = mergeSchemaModule(data);
writeFileSync(join(root, 'server', 'engine', 'kustomize', 'merge-schema-data.ts'), text);
console.log(
  `wrote server/engine/kustomize/merge-schema-data.ts: ${Object.keys(data.kinds).length} kinds, ` +
    `${Object.keys(data.definitions).length} definitions, ${text.length} characters`,
);
