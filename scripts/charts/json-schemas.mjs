#!/usr/bin/env node
// Writes strict JSON schemas for kubeconform, one file per kind, named the way kubeconform's
// `{{.ResourceKind}}{{.KindSuffix}}.json` location template looks them up
// (deployment-apps-v1.json, service-v1.json, servicemonitor-monitoring-v1.json).
//
//   node json-schemas.mjs kubernetes <swagger.json> <out-dir>   (Kubernetes' OpenAPI v2 spec)
//   node json-schemas.mjs crds <out-dir> <crd.yaml>...          (CustomResourceDefinitions)
//
// "Strict" means an object that lists its properties accepts no others, so a misspelt field
// fails the check instead of being dropped silently by the API server.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const DEFINITIONS_FILE = '_definitions.json';

/** kubeconform's file name for a kind: the group's first label, then the version. */
function schemaFileName(kind, group, version) {
  const groupLabel = group ? `-${group.split('.')[0]}` : '';
  return `${kind.toLowerCase()}${groupLabel}-${version}.json`.toLowerCase();
}

/** Applies `rewrite` to every schema node, depth first; descriptions are dropped (size). */
function transform(node, rewrite) {
  if (Array.isArray(node)) return node.map((item) => transform(item, rewrite));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue;
    out[key] =
      key === 'properties' || key === 'definitions' ? mapValues(value, rewrite) : transform(value, rewrite);
  }
  return rewrite(out);
}

function mapValues(object, rewrite) {
  return Object.fromEntries(
    Object.entries(object).map(([name, schema]) => [name, transform(schema, rewrite)]),
  );
}

/** Closes objects that list their properties, unless the schema says unknown fields are kept. */
function closeObject(schema) {
  if (
    schema.properties &&
    schema.additionalProperties === undefined &&
    !schema['x-kubernetes-preserve-unknown-fields']
  ) {
    schema.additionalProperties = false;
  }
  return schema;
}

const intOrString = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
// Quantities (cpu: 1, memory: 512Mi) are written as numbers or strings.
const quantity = { oneOf: [{ type: 'string' }, { type: 'number' }] };

function kubernetesSchemas(swaggerPath, outDir) {
  const { definitions } = JSON.parse(readFileSync(swaggerPath, 'utf8'));
  const rewrite = (refPrefix) => (schema) => {
    if (schema.$ref) schema.$ref = schema.$ref.replace('#/definitions/', refPrefix);
    if (schema.format === 'int-or-string') return { ...intOrString };
    return closeObject(schema);
  };
  const shared = mapValues(definitions, rewrite('#/definitions/'));
  shared['io.k8s.apimachinery.pkg.api.resource.Quantity'] = { ...quantity };
  writeFileSync(join(outDir, DEFINITIONS_FILE), JSON.stringify({ definitions: shared }));

  let count = 0;
  for (const definition of Object.values(definitions)) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      const schema = transform(definition, rewrite(`${DEFINITIONS_FILE}#/definitions/`));
      writeFileSync(join(outDir, schemaFileName(gvk.kind, gvk.group, gvk.version)), JSON.stringify(schema));
      count += 1;
    }
  }
  return count;
}

function crdRewrite(schema) {
  if (schema['x-kubernetes-int-or-string']) {
    delete schema.type;
    return { ...schema, ...intOrString };
  }
  if (schema.nullable === true && typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  if (schema['x-kubernetes-embedded-resource'] && schema.properties) {
    schema.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...schema.properties,
    };
  }
  return closeObject(schema);
}

function crdSchemas(outDir, crdPaths) {
  let count = 0;
  for (const path of crdPaths) {
    for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
      const crd = document.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        const schema = transform(version.schema.openAPIV3Schema, crdRewrite);
        const file = schemaFileName(crd.spec.names.kind, crd.spec.group, version.name);
        writeFileSync(join(outDir, file), JSON.stringify(schema));
        count += 1;
      }
    }
  }
  return count;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'kubernetes' && args.length === 2) {
  mkdirSync(args[1], { recursive: true });
  console.log(`kubernetes: ${kubernetesSchemas(args[0], args[1])} kinds from ${args[0]}`);
} else if (mode === 'crds' && args.length >= 2) {
  mkdirSync(args[0], { recursive: true });
  console.log(`crds: ${crdSchemas(args[0], args.slice(1))} kinds from ${args.length - 1} files`);
} else {
  console.error('usage: json-schemas.mjs kubernetes <swagger.json> <out-dir> | crds <out-dir> <crd.yaml>...');
  process.exit(2);
}
