import { type OpenAPIObject } from '@nestjs/swagger';
import { problemContent } from '../common/problem';
import { type AppConfig } from '../config/app-config';
import { isRateLimited, needsApiKey } from './access-policy';

export const API_KEY_SCHEME = 'api-key';
const METHODS = ['get', 'head', 'options', 'post', 'put', 'patch', 'delete'] as const;

const problem = (description: string) => ({ description, content: problemContent });
const seconds = (description: string) => ({ description, schema: { type: 'integer', minimum: 1 } });

/**
 * Says in the OpenAPI document what AccessControl enforces on this instance: which operations
 * need the bearer key (none when authentication is off) and which may answer 429.
 */
export function documentAccess(document: OpenAPIObject, config: AppConfig): void {
  const keysRequired = config.API_KEYS.length > 0;
  if (keysRequired) {
    document.components ??= {};
    document.components.securitySchemes = {
      ...document.components.securitySchemes,
      [API_KEY_SCHEME]: {
        type: 'http',
        scheme: 'bearer',
        description: 'An API key of the deployment (API_KEYS), as `Authorization: Bearer <key>`',
      },
    };
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (keysRequired && needsApiKey(method, path, config.AUTH_READS_OPEN)) {
        operation.security = [{ [API_KEY_SCHEME]: [] }];
        operation.responses['401'] = problem('No API key, or not a valid one');
      }
      if (config.RATE_LIMIT_MAX > 0 && isRateLimited(path)) {
        operation.responses['429'] = {
          ...problem('This client sent more than RATE_LIMIT_MAX requests in the current window'),
          headers: { 'Retry-After': seconds('Seconds until the window ends') },
        };
      }
    }
  }
}
