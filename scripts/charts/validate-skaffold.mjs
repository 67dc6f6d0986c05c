#!/usr/bin/env node
// Validates skaffold.yaml against the JSON schema of its apiVersion, taken from the Skaffold
// Go module (docs-v2/content/en/schemas/). Skaffold's schema closes every object, so a
// misspelt field fails here as it would in `skaffold dev`.
//
//   node validate-skaffold.mjs <schema.json> <skaffold.yaml>
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';

const [schemaPath, configPath] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
// Skaffold's schema carries editor hints (x-intellij-*) that are not JSON-schema keywords.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
let failures = 0;
for (const [index, document] of parseAllDocuments(readFileSync(configPath, 'utf8')).entries()) {
  const config = document.toJS();
  if (validate(config)) {
    console.log(`ok   ${configPath} document ${index + 1} (${config.apiVersion}) matches the schema`);
  } else {
    failures += 1;
    for (const error of validate.errors)
      console.error(
        `FAIL ${configPath} document ${index + 1}: ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
      );
  }
}
process.exit(failures === 0 ? 0 : 1);
