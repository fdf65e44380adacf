// `npm run generate:schema`: writes server/engine/schema/k8s-schema-data.ts from the declaration packages
// (see generate.ts). Run it after upgrading kubernetes-models or kubernetes-types; the drift test fails
// until the committed data matches.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSchema, schemaModule } from './generate';

const root = join(__dirname, '..');
const data = generateSchema(root);
const text = schemaModule(data);
writeFileSync(join(root, 'server', 'engine', 'schema', 'k8s-schema-data.ts'), text);
console.log(
  `wrote server/engine/schema/k8s-schema-data.ts: ${Object.keys(data.kinds).length} kinds, ` +
    `${data.types.length} types, ${data.enums.length} enums, ${text.length} characters`,
);
