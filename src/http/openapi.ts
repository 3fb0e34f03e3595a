import { readFileSync } from 'node:fs';
import { errorCodes } from '../core/errors/codes.ts';
import { openApiPath, type RouteSpec, rolesOf } from './route.ts';

type Json = Record<string, unknown>;

/** draft-07 `#/definitions/X` → OpenAPI `#/components/schemas/X`; drops `$schema`/`$id`. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (k === '$ref' && typeof v === 'string') out[k] = v.replace('#/definitions/', '#/components/schemas/');
    else out[k] = rewriteRefs(v);
  }
  return out;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/**
 * The OpenAPI 3.1 document, generated from the declared routes and schemas/api.schema.json: the
 * same definitions validate requests, so the document cannot drift from what is enforced.
 */
export function buildOpenApi(table: readonly RouteSpec[], version: string): Json {
  const file = JSON.parse(readFileSync(new URL('../../schemas/api.schema.json', import.meta.url), 'utf8')) as {
    definitions: Json;
  };
  const schemas = rewriteRefs(file.definitions) as Record<string, Json>;
  const paths: Record<string, Json> = {};
  for (const spec of table) {
    const params: Json[] = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (spec.query) {
      const q = schemas[spec.query] as { properties?: Record<string, Json> };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        params.push({
          name,
          in: 'query',
          required: false,
          schema,
          ...(schema.description ? { description: schema.description } : {}),
        });
      }
    }
    const roles = rolesOf(spec);
    const responses: Json = {
      [spec.ok.status]: {
        description: spec.ok.description,
        ...(spec.ok.schema
          ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${spec.ok.schema}` } } } }
          : spec.ok.contentType
            ? { content: { [spec.ok.contentType]: { schema: { type: 'string' } } } }
            : {}),
      },
    };
    if (spec.body || spec.query) responses['400'] = errorResponse('SWB_API_VALIDATION and other input errors');
    if (spec.permission !== 'public') {
      responses['401'] = errorResponse('SWB_AUTH_MISSING (no token) or SWB_AUTH_INVALID (unknown or revoked token)');
      responses['403'] = errorResponse('SWB_AUTH_FORBIDDEN: the role may not do this');
      responses['429'] = errorResponse('SWB_API_RATE_LIMITED');
    }
    if (spec.ticketScoped)
      responses['404'] = errorResponse(
        spec.taskScoped ? 'SWB_TICKET_NOT_FOUND or SWB_TASK_NOT_FOUND' : 'SWB_TICKET_NOT_FOUND',
      );
    const path = openApiPath(spec);
    paths[path] = {
      ...(paths[path] ?? {}),
      [spec.method]: {
        operationId: spec.operationId,
        summary: spec.summary,
        tags: [spec.tag],
        description:
          spec.permission === 'public'
            ? 'Public: no token needed.'
            : `Roles: ${roles.join(', ')} (permission \`${spec.permission}\`)${spec.ticketScoped ? `; agents only on tickets of their groups${spec.taskScoped ? ' and on tasks assigned to them or their groups' : ''}` : ''}.`,
        security: spec.permission === 'public' ? [] : [{ bearer: [] }],
        ...(params.length ? { parameters: params } : {}),
        ...(spec.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: { $ref: `#/components/schemas/${spec.body}` } } },
              },
            }
          : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard',
      version,
      description: `Support policy runtime. Errors are \`{ error: { code, message, details } }\`; codes: ${Object.keys(errorCodes).join(', ')}.`,
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A Switchboard access token (POST /api/tokens).' },
      },
      schemas,
    },
  };
}
